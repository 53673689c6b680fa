"""Places as GeoJSON (RFC 7946): the public ``places.geojson`` API, and import and export files.

Positions are [longitude, latitude] as RFC 7946 says. An imported file is checked whole before
anything is stored: a position that reads as [latitude, longitude], a polygon whose outer ring
runs clockwise (RFC 7946 §3.1.6 wants it counterclockwise), an unknown category or a missing name
refuses the file with the feature's number and what is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tangerang_live import city_now, plugin_context
from tangerang_live import gettext as _

from eplesiran.labels import category_label
from eplesiran.models import Place
from eplesiran.osm import BBox
from eplesiran.services import PlaceData, nearest_places
from eplesiran.workflow import (
    Category,
    open_at,
    religion_of,
    valid_coordinate,
    valid_opening_hours,
    whole_number,
)

MAX_FEATURES = 5000
MAX_NEAR = 100
MEDIA_TYPE = "application/geo+json"
ATTRIBUTION = "© OpenStreetMap contributors (ODbL) for places imported from OpenStreetMap"


class GeoJSONError(ValueError):
    """The file is refused; ``problems`` lists each one, for the person importing it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def feature(place: Place, url: str, metres: float | None = None) -> dict[str, Any]:
    open_now = open_at(place.opening_hours, city_now()) if place.opening_hours else None
    properties: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "title": place.name,
        "category": place.category,
        "category_label": category_label(place.category),
        "url": url,
        "color": "red" if place.is_attraction else "blue",
        "description_id": place.description_id,
        "description_en": place.description_en,
        "address": place.address,
        "kecamatan": place.kecamatan,
        "opening_hours": place.opening_hours,
        "open_now": open_now,
        "religion": place.religion,
        "brand": place.brand,
        "operator": place.operator,
        "ticket_price": place.ticket_price,
        "contact": place.contact,
        "accessibility": place.accessibility,
        "source": place.source,
    }
    if place.osm_id is not None:
        properties["osm"] = f"{place.osm_type}/{place.osm_id}"
    if metres is not None:
        properties["distance"] = round(metres, 1)
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": properties,
    }


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features, "attribution": ATTRIBUTION}


@dataclass(frozen=True)
class PlaceQuery:
    """The filters of ``places.geojson``, the map and the list, parsed."""

    categories: tuple[Category, ...] = ()
    religion: str = ""
    bbox: BBox | None = None
    near: tuple[float, float] | None = None
    """[lon, lat]"""
    limit: int = 10


class QueryError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_query(params: Any) -> PlaceQuery:
    """Parse ``category`` (repeated or comma-separated), ``religion``, ``bbox`` (w,s,e,n),
    ``near`` (lon,lat) and ``limit``; raises QueryError."""
    categories: list[Category] = []
    for value in params.getlist("category"):
        for part in filter(None, value.split(",")):
            if part not in set(Category):
                raise QueryError(
                    "category", _("Unknown category: %(value)s") % {"value": part[:40]}
                )
            categories.append(Category(part))
    religion = params.get("religion", "")
    if religion and religion_of(religion) != religion:
        raise QueryError("religion", _("Unknown religion: %(value)s") % {"value": religion[:40]})
    bbox = None
    if params.get("bbox"):
        try:
            bbox = BBox.parse(params["bbox"])
        except ValueError:
            raise QueryError(
                "bbox",
                _("bbox is west,south,east,north in degrees, e.g. 106.60,-6.20,106.66,-6.15"),
            ) from None
    near = None
    if params.get("near"):
        near = parse_point(params["near"])
        if near is None:
            raise QueryError(
                "near", _("near is longitude,latitude in degrees, e.g. 106.6405,-6.1767")
            )
    limit = 10
    if params.get("limit"):
        number = whole_number(params["limit"])
        if number is None or not 1 <= number <= MAX_NEAR:
            raise QueryError(
                "limit", _("limit is a whole number from 1 to %(max)d") % {"max": MAX_NEAR}
            )
        limit = number
    return PlaceQuery(tuple(dict.fromkeys(categories)), religion, bbox, near, limit)


def parse_point(text: str) -> tuple[float, float] | None:
    """``lon,lat`` as numbers on Earth, else ``None``."""
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        lon, lat = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    return (lon, lat) if valid_coordinate(lon, lat) else None


async def find_places(query: PlaceQuery) -> list[tuple[Place, float | None]]:
    """Places matching ``query``: nearest first with distances when ``near`` is given, else by
    name (at most MAX_FEATURES)."""
    if query.near is not None:
        found: list[tuple[Place, float | None]] = []
        categories = query.categories or tuple(Category)
        for category in categories:
            for near in await nearest_places(category, *query.near, query.limit * 4):
                found.append((near.place, near.metres))
        found = [(p, d) for p, d in found if _matches(p, query)]
        found.sort(key=lambda pair: pair[1] or 0.0)
        return found[: query.limit]
    places = Place.all().order_by("name", "id")
    if query.categories:
        places = places.filter(category__in=list(query.categories))
    if query.religion:
        places = places.filter(religion=query.religion)
    if query.bbox is not None:
        box = query.bbox
        places = places.filter(
            longitude__gte=box.west,
            longitude__lte=box.east,
            latitude__gte=box.south,
            latitude__lte=box.north,
        )
    return [(p, None) for p in await places.limit(MAX_FEATURES)]


def _matches(place: Place, query: PlaceQuery) -> bool:
    if query.religion and place.religion != query.religion:
        return False
    return query.bbox is None or query.bbox.contains(place.longitude, place.latitude)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _position(position: Any, where: str, problems: list[str]) -> tuple[float, float] | None:
    if not isinstance(position, list) or len(position) < 2 or not all(map(_number, position[:2])):
        problems.append(
            _("%(where)s: a position is [longitude, latitude] in numbers") % {"where": where}
        )
        return None
    lon, lat = float(position[0]), float(position[1])
    if abs(lat) > 90 and abs(lon) <= 90:
        problems.append(
            _(
                "%(where)s: [%(a)s, %(b)s] looks like [latitude, longitude]; GeoJSON wants "
                "[longitude, latitude]"
            )  # fmt: skip
            % {"where": where, "a": position[0], "b": position[1]}
        )
        return None
    if not valid_coordinate(lon, lat):
        problems.append(_("%(where)s: the position is not on Earth") % {"where": where})
        return None
    return lon, lat


def _signed_area(ring: list[tuple[float, float]]) -> float:
    """Twice the ring's signed area (shoelace): positive when it runs counterclockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def _point_of(geometry: Any, where: str, problems: list[str]) -> tuple[float, float] | None:
    if not isinstance(geometry, dict):
        problems.append(_("%(where)s: the geometry is missing") % {"where": where})
        return None
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Point":
        return _position(coordinates, where, problems)
    if kind == "Polygon":
        if (
            not isinstance(coordinates, list)
            or not coordinates
            or not isinstance(coordinates[0], list)
        ):
            problems.append(_("%(where)s: a Polygon has a list of rings") % {"where": where})
            return None
        ring = [_position(p, where, problems) for p in coordinates[0]]
        if any(p is None for p in ring):
            return None
        points = [p for p in ring if p is not None]
        if len(points) < 4 or points[0] != points[-1]:
            problems.append(
                _(
                    "%(where)s: a polygon's ring has at least four positions, the last equal to "
                    "the first"
                )  # fmt: skip
                % {"where": where}
            )
            return None
        if _signed_area(points) < 0:
            problems.append(
                _(
                    "%(where)s: the polygon's outer ring runs clockwise; RFC 7946 wants it "
                    "counterclockwise (right-hand rule)"
                )  # fmt: skip
                % {"where": where}
            )
            return None
        corners = points[:-1]
        return (
            sum(p[0] for p in corners) / len(corners),
            sum(p[1] for p in corners) / len(corners),
        )
    problems.append(
        _("%(where)s: the geometry is a Point or a Polygon, not %(kind)s")
        % {"where": where, "kind": str(kind)[:40]}
    )
    return None


def _text(properties: dict[str, Any], key: str, limit: int) -> str:
    value = properties.get(key)
    return value.strip()[:limit] if isinstance(value, str) else ""


def parse_collection(data: Any) -> list[PlaceData]:
    """The places of a GeoJSON FeatureCollection; raises GeoJSONError listing every problem."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeoJSONError([_("The file is not a GeoJSON FeatureCollection")])
    features = data.get("features")
    if not isinstance(features, list):
        raise GeoJSONError([_("The FeatureCollection has no list of features")])
    problems: list[str] = []
    places: list[PlaceData] = []
    for number, item in enumerate(features, start=1):
        where = _("feature %(number)d") % {"number": number}
        if not isinstance(item, dict) or item.get("type") != "Feature":
            problems.append(_("%(where)s: not a Feature") % {"where": where})
            continue
        properties = item.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        point = _point_of(item.get("geometry"), where, problems)
        name = _text(properties, "name", 200)
        category = properties.get("category")
        if not name:
            problems.append(_("%(where)s: the place has no name") % {"where": where})
        if category not in set(Category):
            problems.append(
                _("%(where)s: unknown category %(category)s")
                % {"where": where, "category": str(category)[:40]}
            )
        hours = _text(properties, "opening_hours", 255)
        if hours and not valid_opening_hours(hours):
            problems.append(
                _("%(where)s: opening_hours is not in OpenStreetMap's syntax") % {"where": where}
            )
        price = properties.get("ticket_price")
        if price is not None and not (
            isinstance(price, int) and not isinstance(price, bool) and price >= 0
        ):
            problems.append(
                _("%(where)s: ticket_price is a whole number of rupiah") % {"where": where}
            )
            price = None
        if point is None or not name or category not in set(Category):
            continue
        places.append(
            PlaceData(
                category=Category(category),
                name=name,
                longitude=point[0],
                latitude=point[1],
                description_id=_text(properties, "description_id", 5000),
                description_en=_text(properties, "description_en", 5000),
                address=_text(properties, "address", 255),
                opening_hours=hours,
                ticket_price=price,
                contact=_text(properties, "contact", 200),
                accessibility=_text(properties, "accessibility", 2000),
                religion=religion_of(_text(properties, "religion", 40)),
                brand=_text(properties, "brand", 120),
                operator=_text(properties, "operator", 120),
            )
        )
    if problems:
        raise GeoJSONError(problems)
    return places


def error_response(field: str, message: str) -> JSONResponse:
    return JSONResponse({"code": f"invalid_{field}", "message": message}, status_code=400)


async def places_geojson(request: Request) -> Response:
    """``GET places.geojson``: places as a FeatureCollection, filtered by ``category``,
    ``religion``, ``bbox`` and ``near`` (with ``limit``)."""
    try:
        query = parse_query(request.query_params)
    except QueryError as exc:
        return error_response(exc.field, exc.message)
    plugin = plugin_context(request)
    found = await find_places(query)
    features = [feature(p, plugin.url("place", id=p.id), d) for p, d in found]
    return JSONResponse(collection(features), media_type=MEDIA_TYPE)
