"""Shared set-up for SIAP Kerja's tests: a running portal with the plugin enabled, and its
people."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from siap_kerja.demo import ensure_disnaker
from siap_kerja_factories import PASSWORD
from tangerang_live import User, ensure_officer
from tangerang_live.testing import PortalClient, create_user, running_portal


@dataclass
class People:
    officer: User
    """Disnaker: verifies employers and vacancies, approves cards, runs job fairs."""
    other_officer: User
    """An officer of another department, with no SIAP Kerja permission."""
    recruiter: User
    rival: User
    """A recruiter of another company."""
    seeker: User
    other_seeker: User


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[PortalClient]:
    async with running_portal(tmp_path, enable=["siap_kerja"]) as client:
        yield client


@pytest.fixture
async def people(client: PortalClient) -> People:
    disnaker = await ensure_disnaker()
    return People(
        officer=await ensure_officer(
            "rina@disnaker.example",
            "Rina Disnaker",
            departments=[disnaker.code],
            permissions=["siap_kerja.verify", "siap_kerja.cards", "siap_kerja.fairs"],
            password=PASSWORD,
        ),
        other_officer=await ensure_officer(
            "agus@pupr.example", "Agus PUPR", departments=["pupr"], password=PASSWORD
        ),
        recruiter=await create_user("hrd@majujaya.example", PASSWORD, full_name="Sari HRD"),
        rival=await create_user("hrd@saingan.example", PASSWORD, full_name="Tono Saingan"),
        seeker=await create_user(
            "budi@warga.example",
            PASSWORD,
            full_name="Budi Santoso",
            nik="3671011203980001",
            locale="en",
        ),
        other_seeker=await create_user(
            "siti@warga.example", PASSWORD, full_name="Siti Aminah", nik="3671015506990002"
        ),
    )
