"""Shared set-up for E-Plesiran's tests: the real extracts and their road networks."""

from __future__ import annotations

from pathlib import Path

import pytest
from eplesiran.osm import Extract, read_extract
from eplesiran_factories import OsmRoads, osm_extract, read_roads


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
