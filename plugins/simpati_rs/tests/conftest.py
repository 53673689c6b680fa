"""Simpati RS test set-up: a running portal with the plugin enabled, and its people."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from simpati_rs import access
from simpati_rs_factories import PASSWORD, Clinic, make_clinic
from tangerang_live import User, ensure_officer, grant_permission
from tangerang_live.testing import PortalClient, create_user, running_portal


@dataclass
class People:
    citizen: User
    neighbour: User
    desk: User
    nurse: User
    """Polyclinic staff of the clinic's polyclinic only."""
    beds: User
    clinic: Clinic


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[PortalClient]:
    async with running_portal(tmp_path, enable=["simpati_rs"]) as client:
        yield client


@pytest.fixture
async def people(client: PortalClient) -> People:
    clinic = await make_clinic()
    desk = await ensure_officer("loket@rsud.example", "Yanti Loket", password=PASSWORD)
    await grant_permission(desk, access.DESK, organisation=clinic.hospital)
    nurse = await ensure_officer("poli@rsud.example", "Rudi Poli", password=PASSWORD)
    scope = access.polyclinic_scope(clinic.hospital, clinic.polyclinic)
    await grant_permission(nurse, access.QUEUE, scope=scope)
    beds = await ensure_officer("bed@rsud.example", "Lina Bed", password=PASSWORD)
    await grant_permission(beds, access.BEDS, organisation=clinic.hospital)
    return People(
        citizen=await create_user(
            "budi@warga.example", PASSWORD, full_name="Budi Santoso", nik="3671011203850001"
        ),
        neighbour=await create_user("siti@warga.example", PASSWORD, full_name="Siti Tetangga"),
        desk=desk,
        nurse=nurse,
        beds=beds,
        clinic=clinic,
    )
