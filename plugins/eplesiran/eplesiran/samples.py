"""Path parameters for the portal's route tests (``declare_access``): a place of each kind the
routes need, made for the test's world."""

from __future__ import annotations

from typing import Any

from eplesiran.models import Place
from eplesiran.workflow import Category

# Beside the city centre (FACTS.md), where the demo's generated streets would be.
LONGITUDE, LATITUDE = 106.6405, -6.1767


async def place(world: Any) -> dict[str, Any]:
    """An attraction (public, rated and kept as a favourite by citizens)."""
    made = await Place.create(
        category=Category.HERITAGE, name="Sample heritage", latitude=LATITUDE, longitude=LONGITUDE
    )
    return {"id": made.id}


async def coordinates(world: Any) -> dict[str, Any]:
    """Two points for the OSRM API, [lon, lat] as OSRM writes them."""
    there = f"{LONGITUDE + 0.01:.6f},{LATITUDE:.6f}"
    return {"profile": "driving", "coordinates": f"{LONGITUDE:.6f},{LATITUDE:.6f};{there}"}


async def unknown_api_path(world: Any) -> dict[str, Any]:
    return {"rest": "match/v1/driving/0,0"}
