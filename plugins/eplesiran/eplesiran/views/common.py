"""What several E-Plesiran pages share: the place filters, finding a place, labelled options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from starlette.exceptions import HTTPException
from starlette.requests import Request
from tangerang_live import city_now

from eplesiran.geojson import PlaceQuery, QueryError, parse_query
from eplesiran.labels import category_label, profile_label, religion_label
from eplesiran.models import Place
from eplesiran.workflow import ATTRACTIONS, FACILITIES, Profile, Religion, open_at


class Option(NamedTuple):
    value: str
    label: str
    selected: bool


MAX_ID = 2**31 - 1
"""The largest id the table holds: a longer number in a URL is a 404, not a database error."""


async def place_or_404(request: Request) -> Place:
    place_id = request.path_params["id"]
    place = await Place.get_or_none(id=place_id) if 0 < place_id <= MAX_ID else None
    if place is None:
        raise HTTPException(404)
    return place


def query_or_400(request: Request) -> PlaceQuery:
    """The list's filters; a hand-made URL with a wrong one gets a 400 naming it."""
    try:
        return parse_query(request.query_params)
    except QueryError as exc:
        raise HTTPException(400, exc.message) from exc


def filter_options(query: PlaceQuery) -> dict[str, Any]:
    chosen = set(query.categories)
    return {
        "attractions": [Option(c.value, category_label(c), c in chosen) for c in ATTRACTIONS],
        "facilities": [Option(c.value, category_label(c), c in chosen) for c in FACILITIES],
        "religions": [Option(r.value, religion_label(r), r == query.religion) for r in Religion],
    }


def profile_options(chosen: str) -> list[Option]:
    return [Option(p.value, profile_label(p), p == chosen) for p in Profile]


@dataclass(frozen=True)
class PlaceRow:
    """A place as lists show it."""

    place: Place
    label: str
    open_now: bool | None
    metres: float | None = None


def rows(found: Sequence[tuple[Place, float | None]]) -> list[PlaceRow]:
    now = city_now()
    return [
        PlaceRow(place, category_label(place.category), open_at(place.opening_hours, now), metres)
        for place, metres in found
    ]
