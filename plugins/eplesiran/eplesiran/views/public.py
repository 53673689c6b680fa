"""Pages for everyone: the map with its list, a place, "near me", and directions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import StoredFile, city_now, current_user, file_url, plugin_context, render
from tangerang_live import gettext as _

from eplesiran import access
from eplesiran.forms import coordinates, parse_profile
from eplesiran.geojson import find_places
from eplesiran.labels import category_label, instruction, religion_label
from eplesiran.models import Favourite, Place, Rating
from eplesiran.routing import Route, RoutingError
from eplesiran.services import nearest_places, network_info, road_network
from eplesiran.views.common import (
    filter_options,
    place_or_404,
    profile_options,
    query_or_400,
    rows,
)
from eplesiran.workflow import FACILITIES, Category, Profile, haversine_m, open_at

LIST_LIMIT = 200
NEAR_DEFAULT = 5


def _points_url(request: Request) -> str:
    plugin = plugin_context(request)
    query = str(request.url.query)
    return plugin.url("places_geojson") + (f"?{query}" if query else "")


async def index(request: Request) -> Response:
    """The map of places, filtered, with the same places listed under it (works without JS)."""
    query = query_or_400(request)
    found = await find_places(query)
    context = {
        "query": query,
        "options": filter_options(query),
        "rows": rows(found[:LIST_LIMIT]),
        "more": len(found) > LIST_LIMIT,
        "points_url": _points_url(request),
        "network": await network_info(),
    }
    return await render(request, "eplesiran/index.html", context)


async def place_page(request: Request) -> Response:
    place = await place_or_404(request)
    return await render(request, "eplesiran/place.html", await place_context(request, place))


async def place_context(
    request: Request, place: Place, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """What a place's page shows this viewer (``errors`` of the rating form, if any)."""
    user = await current_user(request)
    plugin = plugin_context(request)
    near_category = request.query_params.get("near", "")
    kind = Category(near_category) if near_category in set(FACILITIES) else Category.WORSHIP
    near = await nearest_places(
        kind,
        place.longitude,
        place.latitude,
        int(plugin.settings["nearest_count"]),
        exclude=place.id,
    )
    mine = None
    favourite = False
    if access.rates(user):
        assert user is not None
        mine = await Rating.get_or_none(place_id=place.id, user_id=user.id)
        favourite = await Favourite.exists(place_id=place.id, user_id=user.id)
    photo = await StoredFile.get_or_none(id=place.photo_id) if place.photo_id else None
    return {
        "place": place,
        "photo_url": file_url(photo) if photo else "",
        "label": category_label(place.category),
        "religion": religion_label(place.religion) if place.religion else "",
        "open_now": open_at(place.opening_hours, city_now()),
        "near": rows([(n.place, n.metres) for n in near]),
        "near_kind": kind,
        "near_options": [(c.value, category_label(c), c == kind) for c in FACILITIES],
        "can_rate": access.rates(user) and place.is_attraction,
        "can_favourite": access.rates(user),
        "my_stars": mine.stars if mine else None,
        "favourite": favourite,
        "edits": await access.edits_places(user),
        "point": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                    "properties": {"title": place.name, "color": "red"},
                }
            ],
        },
        "errors": errors or {},
    }


async def near(request: Request) -> Response:
    """The k nearest facilities of a kind to a point (typed, tapped on the map, or the
    browser's location)."""
    plugin = plugin_context(request)
    params = request.query_params
    errors: dict[str, str] = {}
    kind_text = params.get("category", Category.WORSHIP.value)
    if kind_text not in set(Category):
        errors["category"] = _("Choose what to look for.")
    point = None
    if "lat" in params or "lon" in params:
        point = coordinates(params, errors, "lat", "lon")
    found = []
    if point is not None and not errors:
        found = await nearest_places(
            Category(kind_text), *point, int(plugin.settings["nearest_count"])
        )
    context = {
        "errors": errors,
        "lat": params.get("lat", ""),
        "lon": params.get("lon", ""),
        "category": kind_text,
        "kinds": [(c.value, category_label(c), c == kind_text) for c in Category],
        "rows": rows([(n.place, n.metres) for n in found]),
        "searched": point is not None and not errors,
    }
    status = 400 if errors else 200
    return await render(
        request, "eplesiran/near.html", context, status_code=status, fragment="eplesiran/_near.html"
    )


@dataclass(frozen=True)
class StepView:
    text: str
    distance: float


async def directions(request: Request) -> Response:
    """Directions to a place from a point, by car, motorcycle or on foot."""
    place = await place_or_404(request)
    plugin = plugin_context(request)
    params = request.query_params
    errors: dict[str, str] = {}
    profile = parse_profile(params.get("profile", ""))
    if profile is None:
        errors["profile"] = _("Choose car, motorcycle or on foot.")
    start = None
    if "lat" in params or "lon" in params:
        start = coordinates(params, errors, "lat", "lon")
    context: dict[str, Any] = {
        "place": place,
        "errors": errors,
        "lat": params.get("lat", ""),
        "lon": params.get("lon", ""),
        "profiles": profile_options(profile or Profile.DRIVING),
        "route": None,
        "no_network": False,
    }
    if start is not None and profile is not None and not errors:
        end = (place.longitude, place.latitude)
        network = await road_network()
        context["straight_m"] = haversine_m(*start, *end)
        context["osm_link"] = _osm_directions(start, end, profile)
        if network is None:
            context["no_network"] = True
        else:
            info = await network_info()
            context["generated"] = bool(info and info.generated)
            graph = await asyncio.to_thread(network.graph, profile)
            try:
                route = await asyncio.to_thread(
                    graph.route, [start, end], float(plugin.settings["snap_radius_m"])
                )
            except RoutingError as exc:
                context["route_error"] = (
                    _("One of the points is too far from any road for this way of travelling.")
                    if exc.code == "NoSegment"
                    else _("No route joins these points for this way of travelling.")
                )
            else:
                context.update(_route_context(route, start))
    status = 400 if errors else 200
    return await render(request, "eplesiran/directions.html", context, status_code=status)


def _route_context(route: Route, start: tuple[float, float]) -> dict[str, Any]:
    steps = [StepView(instruction(s), s.distance) for s in route.legs[0].steps]
    line = route.coordinates
    return {
        "route": route,
        "steps": steps,
        "line": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [list(p) for p in line]},
                    "properties": {"title": _("Route"), "color": "blue"},
                }
            ],
        },
        "ends": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": list(start)},
                    "properties": {"title": _("Start"), "color": "green"},
                },
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": list(line[-1])},
                    "properties": {"title": _("Destination"), "color": "red"},
                },
            ],
        },
    }


_OSM_ENGINE = {
    Profile.DRIVING: "fossgis_osrm_car",
    Profile.MOTORCYCLE: "fossgis_osrm_car",
    Profile.WALKING: "fossgis_osrm_foot",
}


def _osm_directions(start: tuple[float, float], end: tuple[float, float], profile: Profile) -> str:
    route = f"{start[1]:.5f},{start[0]:.5f};{end[1]:.5f},{end[0]:.5f}"
    return "https://www.openstreetmap.org/directions?" + urlencode(
        {"engine": _OSM_ENGINE[profile], "route": route}
    )
