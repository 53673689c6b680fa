"""OSRM's HTTP API (v1) over the imported roads: ``route``, ``nearest`` and ``table``.

Paths, options, fields and error codes are OSRM's (docs/http.md of osrm-backend), so an OSRM
client pointed at ``/e-plesiran/api/osrm`` works unchanged:

- ``GET /route/v1/{profile}/{coordinates}`` with ``steps``, ``overview``, ``geometries``
  (``polyline``, ``polyline6``, ``geojson``), ``annotations``, ``alternatives``, ``radiuses``;
- ``GET /nearest/v1/{profile}/{coordinate}`` with ``number``;
- ``GET /table/v1/{profile}/{coordinates}`` with ``sources``, ``destinations``, ``annotations``.

Profiles: ``driving`` (``car``), ``motorcycle``, ``walking`` (``foot``). Coordinates are
``{lon},{lat};…`` or ``polyline(…)`` / ``polyline6(…)``. Errors answer HTTP 400 with
``{"code": …, "message": …}``: ``InvalidUrl``, ``InvalidService``, ``InvalidVersion``,
``InvalidQuery``, ``InvalidOptions``, ``InvalidValue``, ``NoSegment``, ``TooBig``, ``NoRoute``.

Differences, documented rather than hidden: coordinates snap to the nearest road node (not a
point inside a segment), ``overview=simplified`` gives the full geometry, ``alternatives=true``
gives the one best route, and no ``hint`` is generated.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import polyline
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tangerang_live import Access, declare_access, plugin_context

from eplesiran import samples
from eplesiran.routing import Leg, ProfileGraph, RoutingError, Snapped, Step
from eplesiran.services import road_network
from eplesiran.workflow import MODE, PROFILE_NAMES, Profile, valid_coordinate, whole_number

MAX_ROUTE_POINTS = 25
MAX_TABLE_POINTS = 100
MAX_NEAREST = 100
KNOWN_OPTIONS = {
    "route": {
        "steps", "overview", "geometries", "annotations", "alternatives", "radiuses",
        "continue_straight", "generate_hints", "hints", "bearings", "approaches",
        "skip_waypoints",
    },
    "nearest": {"number", "radiuses", "generate_hints", "hints", "bearings", "approaches"},
    "table": {
        "sources", "destinations", "annotations", "radiuses", "generate_hints", "hints",
        "bearings", "approaches",
    },
}  # fmt: skip
"""Options OSRM defines for each service; ones this server does not act on are accepted and
ignored, as OSRM ignores ``hints`` it cannot use. Any other option is ``InvalidQuery``."""


class OsrmError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def error_response(code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=400)


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_PAIR = re.compile(rf"({_NUMBER}),({_NUMBER})")


def parse_coordinates(text: str) -> list[tuple[float, float]]:
    """``{lon},{lat};…`` or ``polyline(…)``/``polyline6(…)`` as [lon, lat] pairs."""
    text = text.removesuffix(".json")
    for name, precision in (("polyline6(", 6), ("polyline(", 5)):
        if text.startswith(name) and text.endswith(")"):
            try:
                points = polyline.decode(text[len(name) : -1], precision)
            except (ValueError, IndexError, TypeError) as exc:
                raise OsrmError("InvalidUrl", f"Polyline is not valid: {exc}") from exc
            return _checked([(lon, lat) for lat, lon in points])
    coordinates: list[tuple[float, float]] = []
    position = 0
    for part in text.split(";"):
        match = _PAIR.fullmatch(part)
        if match is None:
            raise OsrmError(
                "InvalidUrl",
                f"URL string malformed close to position {position}: "
                f"expected {{longitude}},{{latitude}}, got {part[:40]!r}",
            )
        coordinates.append((float(match[1]), float(match[2])))
        position += len(part) + 1
    return _checked(coordinates)


def _checked(coordinates: list[tuple[float, float]]) -> list[tuple[float, float]]:
    for lon, lat in coordinates:
        if not valid_coordinate(lon, lat):
            raise OsrmError(
                "InvalidOptions",
                f"Invalid coordinate value: {lon},{lat} is not [longitude, latitude] "
                "with longitude in -180..180 and latitude in -90..90.",
            )
    return coordinates


def _profile(name: str) -> Profile:
    profile = PROFILE_NAMES.get(name)
    if profile is None:
        raise OsrmError(
            "InvalidUrl",
            f"Unknown profile {name[:40]!r}: use driving (car), motorcycle or walking (foot).",
        )
    return profile


def _boolean(params: dict[str, str], name: str, default: bool) -> bool:
    value = params.get(name)
    if value is None:
        return default
    if value not in ("true", "false"):
        raise OsrmError("InvalidQuery", f"{name} must be true or false.")
    return value == "true"


def _choice(params: dict[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = params.get(name, choices[0])
    if value not in choices:
        raise OsrmError("InvalidQuery", f"{name} must be one of {', '.join(choices)}.")
    return value


def _radiuses(params: dict[str, str], count: int, default: float) -> list[float | None]:
    """Each coordinate's ``radiuses`` element: metres, or ``unlimited``; without one, the
    portal's snapping distance (a setting), so a point far from every road is ``NoSegment``."""
    if "radiuses" not in params:
        return [default] * count
    parts = params["radiuses"].split(";")
    if len(parts) != count:
        raise OsrmError(
            "InvalidOptions", "Number of radiuses does not match number of coordinates."
        )
    radiuses: list[float | None] = []
    for part in parts:
        if part in ("", "unlimited"):
            radiuses.append(default if part == "" else None)
            continue
        try:
            value = float(part)
        except ValueError:
            raise OsrmError(
                "InvalidQuery", f"A radius is a number or 'unlimited', not {part[:20]!r}."
            ) from None
        if not math.isfinite(value) or value < 0:
            raise OsrmError("InvalidValue", "A radius is a number of metres, 0 or more.")
        radiuses.append(value)
    return radiuses


def _indices(params: dict[str, str], name: str, count: int) -> list[int]:
    value = params.get(name, "all")
    if value == "all":
        return list(range(count))
    indices: list[int] = []
    for part in value.split(";"):
        index = whole_number(part)
        if index is None:
            raise OsrmError("InvalidQuery", f"{name} is 'all' or indices separated by ';'.")
        if index >= count:
            raise OsrmError(
                "InvalidOptions", f"{name}: index {part} is not one of the coordinates."
            )
        indices.append(index)
    return indices


def _geometry(coordinates: list[tuple[float, float]], kind: str) -> Any:
    if kind == "geojson":
        return {"type": "LineString", "coordinates": [[lon, lat] for lon, lat in coordinates]}
    precision = 6 if kind == "polyline6" else 5
    return polyline.encode([(lat, lon) for lon, lat in coordinates], precision)


def waypoint(snapped: Snapped) -> dict[str, Any]:
    return {
        "distance": round(snapped.distance, 6),
        "name": snapped.name,
        "location": [snapped.location[0], snapped.location[1]],
    }


def _step(step: Step, mode: str, geometries: str) -> dict[str, Any]:
    maneuver: dict[str, Any] = {
        "location": list(step.location),
        "bearing_before": step.bearing_before,
        "bearing_after": step.bearing_after,
        "type": step.type,
    }
    if step.modifier:
        maneuver["modifier"] = step.modifier
    return {
        "distance": round(step.distance, 1),
        "duration": round(step.duration, 1),
        "weight": round(step.duration, 1),
        "geometry": _geometry(step.coordinates, geometries),
        "name": step.name,
        "mode": mode,
        "maneuver": maneuver,
        "intersections": [
            {
                "location": list(step.location),
                "bearings": [step.bearing_after],
                "entry": [True],
                "out": 0,
            }
        ],
    }


def _leg(leg: Leg, graph: ProfileGraph, steps: bool, annotations: set[str], geometries: str):
    body: dict[str, Any] = {
        "distance": round(leg.distance, 1),
        "duration": round(leg.duration, 1),
        "weight": round(leg.duration, 1),
        "summary": leg.summary if steps else "",
        "steps": [_step(s, MODE[graph.profile], geometries) for s in leg.steps] if steps else [],
    }
    if annotations:
        net = graph.network
        nodes = np.asarray(leg.nodes)
        arcs = graph.arcs(nodes[:-1], nodes[1:])
        annotation: dict[str, Any] = {}
        if "distance" in annotations:
            metres = net.edge_length[graph.arc_edge[arcs]]
            annotation["distance"] = np.round(metres, 1).tolist()
        if "duration" in annotations:
            annotation["duration"] = np.round(graph.matrix.data[arcs], 1).tolist()
            annotation["weight"] = annotation["duration"]
        if "nodes" in annotations:
            annotation["nodes"] = net.node_osm[nodes].tolist()
        body["annotation"] = annotation
    return body


def _annotations(params: dict[str, str], service: str) -> set[str]:
    value = params.get("annotations", "false" if service == "route" else "duration")
    allowed = {"duration", "distance", "nodes", "weight", "speed", "datasources"}
    if value == "true":
        return {"duration", "distance", "nodes"}
    if value == "false":
        return set()
    chosen = set(value.split(","))
    if not chosen <= allowed:
        raise OsrmError(
            "InvalidQuery", "annotations is true, false or a list of " + ", ".join(sorted(allowed))
        )
    return chosen


async def _graph(profile: Profile) -> ProfileGraph:
    network = await road_network()
    if network is None:
        raise OsrmError("NoSegment", "No road network has been imported.")
    return await asyncio.to_thread(network.graph, profile)


def route_response(
    graph: ProfileGraph,
    coordinates: list[tuple[float, float]],
    params: dict[str, str],
    radius: float,
) -> dict[str, Any]:
    """OSRM's route answer for already parsed coordinates (raises OsrmError)."""
    steps = _boolean(params, "steps", False)
    _boolean(params, "alternatives", False)
    geometries = _choice(params, "geometries", ("polyline", "polyline6", "geojson"))
    overview = _choice(params, "overview", ("simplified", "full", "false"))
    annotations = _annotations(params, "route")
    radiuses = _radiuses(params, len(coordinates), radius)
    try:
        found = graph.route(coordinates, radiuses=radiuses)
    except RoutingError as exc:
        raise OsrmError(exc.code, str(exc)) from exc
    route: dict[str, Any] = {
        "distance": round(found.distance, 1),
        "duration": round(found.duration, 1),
        "weight": round(found.duration, 1),
        "weight_name": "duration",
        "legs": [_leg(leg, graph, steps, annotations, geometries) for leg in found.legs],
    }
    if overview != "false":
        route["geometry"] = _geometry(found.coordinates, geometries)
    body: dict[str, Any] = {"code": "Ok", "routes": [route]}
    if not _boolean(params, "skip_waypoints", False):
        body["waypoints"] = [waypoint(s) for s in found.waypoints]
    return body


def _options(request: Request, service: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key not in KNOWN_OPTIONS[service]:
            raise OsrmError("InvalidQuery", f"Query string malformed: unknown option {key[:40]!r}.")
        if key in params:
            raise OsrmError("InvalidQuery", f"Query string malformed: {key} given twice.")
        params[key] = value
    return params


def _endpoint(service: str, run: Callable[..., Any]):
    async def endpoint(request: Request) -> Response:
        try:
            params = _options(request, service)
            profile = _profile(request.path_params["profile"])
            coordinates = parse_coordinates(request.path_params["coordinates"])
            graph = await _graph(profile)
            radius = float(plugin_context(request).settings["snap_radius_m"])
            body = await asyncio.to_thread(run, graph, coordinates, params, radius)
        except OsrmError as exc:
            return error_response(exc.code, exc.message)
        return JSONResponse(body)

    endpoint.__name__ = f"osrm_{service}"
    return endpoint


def _route(graph: ProfileGraph, coordinates, params, radius: float) -> dict[str, Any]:
    if len(coordinates) < 2:
        raise OsrmError("InvalidOptions", "Number of coordinates needs to be at least two.")
    if len(coordinates) > MAX_ROUTE_POINTS:
        raise OsrmError("TooBig", f"A route has at most {MAX_ROUTE_POINTS} coordinates.")
    return route_response(graph, coordinates, params, radius)


def _nearest(graph: ProfileGraph, coordinates, params, radius: float) -> dict[str, Any]:
    if len(coordinates) != 1:
        raise OsrmError("InvalidOptions", "Only one input coordinate is supported.")
    number = whole_number(params.get("number", "1"))
    if number is None or not 1 <= number <= MAX_NEAREST:
        raise OsrmError("InvalidOptions", f"Number of results must be 1 to {MAX_NEAREST}.")
    found = graph.snap(*coordinates[0], number=number, radius=_radiuses(params, 1, radius)[0])
    if not found:
        raise OsrmError("NoSegment", "Could not find a matching segment for the coordinate.")
    return {
        "code": "Ok",
        "waypoints": [{**waypoint(s), "nodes": [s.osm_id, 0]} for s in found],
    }


def _table(graph: ProfileGraph, coordinates, params, radius: float) -> dict[str, Any]:
    if len(coordinates) < 1:
        raise OsrmError("InvalidOptions", "Number of coordinates needs to be at least one.")
    if len(coordinates) > MAX_TABLE_POINTS:
        raise OsrmError("TooBig", f"A table has at most {MAX_TABLE_POINTS} coordinates.")
    sources = _indices(params, "sources", len(coordinates))
    destinations = _indices(params, "destinations", len(coordinates))
    annotations = _annotations(params, "table")
    if not annotations <= {"duration", "distance"} or not annotations:
        raise OsrmError("InvalidOptions", "A table's annotations are duration, distance or both.")
    radiuses = _radiuses(params, len(coordinates), radius)
    try:
        snapped = [
            graph.snap_one(lon, lat, r) for (lon, lat), r in zip(coordinates, radiuses, strict=True)
        ]
    except RoutingError as exc:
        raise OsrmError(exc.code, str(exc)) from exc
    origins = [snapped[i] for i in sources]
    targets = [snapped[i] for i in destinations]
    durations, distances = graph.table(origins, targets, distances="distance" in annotations)
    body: dict[str, Any] = {"code": "Ok"}
    if "duration" in annotations:
        body["durations"] = [[_round(v) for v in row] for row in durations]
    if distances is not None:
        body["distances"] = [[_round(v) for v in row] for row in distances]
    body["sources"] = [waypoint(s) for s in origins]
    body["destinations"] = [waypoint(s) for s in targets]
    return body


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


async def not_found(request: Request) -> Response:
    """Any other path under the API: OSRM's word for what is wrong with it."""
    parts = request.path_params["rest"].split("/")
    if parts[0] not in KNOWN_OPTIONS:
        return error_response("InvalidService", f"Service {parts[0][:40]!r} not found.")
    if len(parts) < 2 or parts[1] != "v1":
        return error_response("InvalidVersion", "Version not found: this server speaks v1.")
    return error_response(
        "InvalidUrl", "URL string malformed: /{service}/v1/{profile}/{coordinates}"
    )


# Who may use each route (``declare_access``): everyone. The test's world imports no road network,
# so OSRM's answer there is NoSegment (400), as for points too far from any road.
_PUBLIC = Access.EVERYONE.but(
    anonymous=400,
    citizen=400,
    officer=400,
    admin=400,
    params=("steps", "overview", "geometries", "alternatives", "radiuses", "annotations"),
    sample=samples.coordinates,
)
routes = [
    declare_access(
        Route(
            "/api/osrm/route/v1/{profile}/{coordinates}",
            _endpoint("route", _route),
            name="osrm_route",
        ),
        GET=_PUBLIC,
    ),
    declare_access(
        Route(
            "/api/osrm/nearest/v1/{profile}/{coordinates}",
            _endpoint("nearest", _nearest),
            name="osrm_nearest",
        ),
        GET=_PUBLIC.but(params=("number", "radiuses")),
    ),
    declare_access(
        Route(
            "/api/osrm/table/v1/{profile}/{coordinates}",
            _endpoint("table", _table),
            name="osrm_table",
        ),
        GET=_PUBLIC.but(params=("sources", "destinations", "annotations")),
    ),
    declare_access(
        Route("/api/osrm/{rest:path}", not_found, name="osrm_other"),
        GET=Access.EVERYONE.but(
            anonymous=400, citizen=400, officer=400, admin=400, sample=samples.unknown_api_path
        ),
    ),
]
