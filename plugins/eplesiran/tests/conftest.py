"""Shared set-up for E-Plesiran's tests: the real extracts and their road networks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eplesiran.demo import load_demo
from eplesiran.osm import Extract, read_extract
from eplesiran_factories import PASSWORD, OsmRoads, osm_extract, read_roads
from tangerang_live import User, ensure_officer
from tangerang_live.testing import PortalClient, create_user, running_portal


@pytest.fixture(scope="session")
def helsinki_pbf() -> Path:
    return osm_extract("Helsinki.osm.pbf")


@pytest.fixture(scope="session")
def test_pbf() -> Path:
    return osm_extract("test.osm.pbf")


@pytest.fixture(scope="session")
def helsinki(helsinki_pbf: Path) -> Extract:
    return read_extract(helsinki_pbf)


@pytest.fixture(scope="session")
def helsinki_roads(helsinki_pbf: Path) -> OsmRoads:
    return read_roads(helsinki_pbf)


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[PortalClient]:
    async with running_portal(tmp_path, enable=["eplesiran"]) as client:
        yield client


@pytest.fixture
async def demo_client(client: PortalClient) -> PortalClient:
    """A portal with E-Plesiran's demo data: FACTS.md's attractions and a generated grid."""
    await load_demo()
    return client


@dataclass
class People:
    citizen: User
    neighbour: User
    editor: User
    other_officer: User


@pytest.fixture
async def people(client: PortalClient) -> People:
    return People(
        citizen=await create_user("budi@warga.example", PASSWORD, full_name="Budi Santoso"),
        neighbour=await create_user("siti@warga.example", PASSWORD, full_name="Siti Tetangga"),
        editor=await ensure_officer(
            "rina@disbudpar.example",
            "Rina Disbudpar",
            departments=["disbudpar"],
            permissions=["eplesiran.edit"],
            password=PASSWORD,
        ),
        other_officer=await ensure_officer(
            "agus@pupr.example",
            "Agus PUPR",
            departments=["pupr"],
            permissions=[],
            password=PASSWORD,
        ),
    )
