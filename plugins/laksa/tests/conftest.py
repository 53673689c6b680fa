"""Shared set-up for LAKSA's tests: a running portal with LAKSA enabled, and its people."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from laksa.demo import _ensure_categories
from laksa.models import Category
from laksa_factories import PASSWORD
from tangerang_live import User, ensure_officer
from tangerang_live.testing import PortalClient, create_user, running_portal


@dataclass
class People:
    citizen: User
    neighbour: User
    live_room: User
    pupr: User
    dishub: User
    categories: dict[str, Category]


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[PortalClient]:
    async with running_portal(tmp_path, enable=["laksa"]) as client:
        yield client


@pytest.fixture
async def people(client: PortalClient) -> People:
    return People(
        citizen=await create_user(
            "budi@warga.example",
            PASSWORD,
            full_name="Budi Rahasia Santoso",
            nik="3671011203850001",
            phone="+6281234567890",
        ),
        neighbour=await create_user("siti@warga.example", PASSWORD, full_name="Siti Tetangga"),
        live_room=await ensure_officer(
            "live@kominfo.example",
            "Rina Live Room",
            departments=["diskominfo"],
            permissions=["laksa.verify", "laksa.moderate"],
            password=PASSWORD,
        ),
        pupr=await ensure_officer(
            "agus@pupr.example",
            "Agus PUPR",
            departments=["pupr"],
            permissions=["laksa.handle"],
            password=PASSWORD,
        ),
        dishub=await ensure_officer(
            "dedi@dishub.example",
            "Dedi Dishub",
            departments=["dishub"],
            permissions=["laksa.handle"],
            password=PASSWORD,
        ),
        categories=await _ensure_categories(),
    )
