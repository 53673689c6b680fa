"""The road network and shortest paths over it.

A :class:`RoadNetwork` is what an import keeps of the roads: every road node (its [lon, lat] and
OpenStreetMap id), every piece of way between two consecutive nodes (its length, street name, and
for each profile the directions it may be driven or walked and how fast). It is built once per
import, stored as one blob (:meth:`RoadNetwork.to_bytes`) and loaded once per worker.

For each profile the network becomes a sparse matrix of travel times on first use
(:class:`ProfileGraph`), and routes are the fastest paths over it, as OSRM finds them: A* with
landmarks (ALT), run as scipy's Dijkstra (``scipy.sparse.csgraph``) over travel times reduced by
a consistent lower bound. Coordinates snap to the nearest node that profile can use.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from eplesiran.geo import PointIndex
from eplesiran.workflow import (
    EARTH_RADIUS_M,
    Profile,
    turn_modifier,
    way_access,
)

FORWARD = 1
BACKWARD = 2
MIN_SECONDS = 1e-3
"""scipy's sparse graphs cannot hold a zero weight: two nodes at one spot cost a millisecond."""
LANDMARKS = 4
"""Far-apart nodes whose travel times to and from every node bound a route from below (ALT).
Four on the map's edges guide a search as well as eight on a city, at half the memory."""
PROFILES = tuple(Profile)


class RoutingError(Exception):
    """A route cannot be given; ``code`` is OSRM's name for why."""

    code = "NoRoute"


class NoSegment(RoutingError):
    code = "NoSegment"


class NoRoute(RoutingError):
    code = "NoRoute"


@dataclass(frozen=True)
class Way:
    """A road as read from OpenStreetMap: its id, node ids in order, and tags."""

    osm_id: int
    nodes: Sequence[int]
    tags: dict[str, str]


@dataclass
class RoadNetwork:
    """Road nodes and the pieces of way between them, with each profile's access."""

    node_lon: NDArray[np.float64]
    node_lat: NDArray[np.float64]
    node_osm: NDArray[np.int64]
    edge_u: NDArray[np.int32]
    edge_v: NDArray[np.int32]
    edge_length: NDArray[np.float64]
    edge_name: NDArray[np.int32]
    edge_way: NDArray[np.int64]
    access: dict[Profile, NDArray[np.int8]]
    """Per profile and edge: FORWARD (u→v) | BACKWARD (v→u), 0 when closed to the profile."""
    speed: dict[Profile, NDArray[np.float32]]
    """Per profile and edge, km/h."""
    names: list[str]
    generated: bool = False
    _graphs: dict[Profile, ProfileGraph] = field(default_factory=dict, repr=False)

    @property
    def node_count(self) -> int:
        return len(self.node_lon)

    @property
    def edge_count(self) -> int:
        return len(self.edge_u)

    def graph(self, profile: Profile) -> ProfileGraph:
        """The profile's graph, built on first use and kept with the network."""
        if profile not in self._graphs:
            self._graphs[profile] = ProfileGraph(self, profile)
        return self._graphs[profile]

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        arrays: dict[str, np.ndarray] = {
            "node_lon": self.node_lon,
            "node_lat": self.node_lat,
            "node_osm": self.node_osm,
            "edge_u": self.edge_u,
            "edge_v": self.edge_v,
            "edge_length": self.edge_length,
            "edge_name": self.edge_name,
            "edge_way": self.edge_way,
            "names": np.frombuffer(json.dumps(self.names).encode(), dtype=np.uint8),
            "generated": np.array([self.generated]),
        }
        for profile in PROFILES:
            arrays[f"access_{profile.value}"] = self.access[profile]
            arrays[f"speed_{profile.value}"] = self.speed[profile]
        # mypy matches **arrays against savez_compressed's allow_pickle flag too.
        np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> RoadNetwork:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(
                node_lon=z["node_lon"],
                node_lat=z["node_lat"],
                node_osm=z["node_osm"],
                edge_u=z["edge_u"],
                edge_v=z["edge_v"],
                edge_length=z["edge_length"],
                edge_name=z["edge_name"],
                edge_way=z["edge_way"],
                access={p: z[f"access_{p.value}"] for p in PROFILES},
                speed={p: z[f"speed_{p.value}"] for p in PROFILES},
                names=json.loads(z["names"].tobytes().decode()),
                generated=bool(z["generated"][0]),
            )


def build_network(
    locations: dict[int, tuple[float, float]], ways: Iterable[Way], *, generated: bool = False
) -> RoadNetwork:
    """The network of ``ways`` whose nodes have a [lon, lat] in ``locations``.

    A way usable by no profile is left out; a node without a location (outside an import's
    bounding box) cuts its way there.
    """
    index: dict[int, int] = {}
    names: dict[str, int] = {}
    us: list[int] = []
    vs: list[int] = []
    edge_name: list[int] = []
    edge_way: list[int] = []
    access: dict[Profile, list[int]] = {p: [] for p in PROFILES}
    speed: dict[Profile, list[float]] = {p: [] for p in PROFILES}
    for way in ways:
        rules = {p: way_access(way.tags, p) for p in PROFILES}
        if not any(rules.values()):
            continue
        name = names.setdefault(way.tags.get("name", ""), len(names))
        flags = {
            p: (FORWARD if r.forward else 0) | (BACKWARD if r.backward else 0) if r else 0
            for p, r in rules.items()
        }
        speeds = {p: r.speed_kmh if r else 0.0 for p, r in rules.items()}
        previous: int | None = None
        for osm_node in way.nodes:
            if osm_node not in locations:
                previous = None
                continue
            node = index.setdefault(osm_node, len(index))
            if previous is not None and previous != node:
                us.append(previous)
                vs.append(node)
                edge_name.append(name)
                edge_way.append(way.osm_id)
                for p in PROFILES:
                    access[p].append(flags[p])
                    speed[p].append(speeds[p])
            previous = node
    osm_ids = np.fromiter(index.keys(), dtype=np.int64, count=len(index))
    lon = np.array([locations[n][0] for n in osm_ids.tolist()], dtype=np.float64)
    lat = np.array([locations[n][1] for n in osm_ids.tolist()], dtype=np.float64)
    u = np.array(us, dtype=np.int32)
    v = np.array(vs, dtype=np.int32)
    return RoadNetwork(
        node_lon=lon,
        node_lat=lat,
        node_osm=osm_ids,
        edge_u=u,
        edge_v=v,
        edge_length=haversine_array(lon[u], lat[u], lon[v], lat[v]),
        edge_name=np.array(edge_name, dtype=np.int32),
        edge_way=np.array(edge_way, dtype=np.int64),
        access={p: np.array(access[p], dtype=np.int8) for p in PROFILES},
        speed={p: np.array(speed[p], dtype=np.float32) for p in PROFILES},
        names=list(names),
        generated=generated,
    )


def bearings_array(
    lon1: NDArray[np.float64],
    lat1: NDArray[np.float64],
    lon2: NDArray[np.float64],
    lat2: NDArray[np.float64],
) -> NDArray[np.int64]:
    """:func:`eplesiran.workflow.bearing` over arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    x = np.sin(dl) * np.cos(p2)
    y = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.round(np.degrees(np.arctan2(x, y))).astype(np.int64) % 360


def haversine_array(
    lon1: NDArray[np.float64],
    lat1: NDArray[np.float64],
    lon2: NDArray[np.float64],
    lat2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """:func:`eplesiran.workflow.haversine_m` over arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))


@dataclass(frozen=True)
class Snapped:
    """An input coordinate snapped to the road network."""

    node: int
    location: tuple[float, float]
    """[lon, lat] of the node."""
    distance: float
    """Metres from the input coordinate."""
    name: str
    osm_id: int


@dataclass(frozen=True)
class Step:
    """One manoeuvre and the travel along one street up to the next (OSRM's RouteStep)."""

    type: str
    modifier: str | None
    name: str
    location: tuple[float, float]
    bearing_before: int
    bearing_after: int
    distance: float
    duration: float
    coordinates: list[tuple[float, float]]


@dataclass(frozen=True)
class Leg:
    distance: float
    duration: float
    nodes: list[int]
    """Node indices from the start to the end, each pair joined by one edge of the network."""
    coordinates: list[tuple[float, float]]
    steps: list[Step]
    summary: str


@dataclass(frozen=True)
class Route:
    distance: float
    duration: float
    legs: list[Leg]
    waypoints: list[Snapped]

    @property
    def coordinates(self) -> list[tuple[float, float]]:
        coords = list(self.legs[0].coordinates)
        for leg in self.legs[1:]:
            coords.extend(leg.coordinates[1:])
        return coords


class ProfileGraph:
    """One profile's view of a network: a sparse matrix of seconds between adjacent nodes."""

    def __init__(self, network: RoadNetwork, profile: Profile) -> None:
        self.network = network
        self.profile = profile
        flags = network.access[profile]
        seconds = network.edge_length / np.maximum(network.speed[profile], 1e-9) * 3.6
        forward = (flags & FORWARD) != 0
        backward = (flags & BACKWARD) != 0
        source = np.concatenate((network.edge_u[forward], network.edge_v[backward]))
        target = np.concatenate((network.edge_v[forward], network.edge_u[backward]))
        edge = np.concatenate((np.flatnonzero(forward), np.flatnonzero(backward)))
        cost = np.maximum(seconds[edge], MIN_SECONDS)
        # Two ways may join the same two nodes: keep the faster arc only (the matrix holds one).
        order = np.lexsort((cost, target, source))
        source, target, edge, cost = source[order], target[order], edge[order], cost[order]
        first = np.ones(len(source), dtype=bool)
        first[1:] = (source[1:] != source[:-1]) | (target[1:] != target[:-1])
        source, target, edge, cost = source[first], target[first], edge[first], cost[first]
        n = network.node_count
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(source, minlength=n), out=indptr[1:])
        self.matrix = csr_matrix((cost, target.astype(np.int32), indptr), shape=(n, n))
        self.arc_edge = edge
        """For each arc in the matrix's order, the network edge it runs along."""
        self.total_seconds = float(cost.sum())
        self._arc_source = np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))
        """For each arc in the matrix's order, the node it leaves."""
        used = np.zeros(n, dtype=bool)
        used[source] = True
        used[target] = True
        self.nodes = np.flatnonzero(used)
        """The nodes this profile can reach or leave: where coordinates snap to."""
        self._landmarks = self._landmark_times()

    @cached_property
    def _points(self) -> PointIndex:
        net = self.network
        return PointIndex(net.node_lon[self.nodes], net.node_lat[self.nodes])

    def _node_name(self, node: int) -> str:
        net = self.network
        start, end = self.matrix.indptr[node], self.matrix.indptr[node + 1]
        if end > start:
            return net.names[net.edge_name[self.arc_edge[start]]]
        touching = np.flatnonzero((net.edge_u == node) | (net.edge_v == node))
        return net.names[net.edge_name[touching[0]]] if len(touching) else ""

    def snap(self, lon: float, lat: float, *, number: int = 1, radius: float | None = None):
        """The ``number`` nodes of this profile nearest to [lon, lat] (within ``radius`` metres),
        nearest first; an empty list when there is none."""
        found, metres = self._points.nearest(lon, lat, number, radius)
        net = self.network
        return [
            Snapped(
                node=int(node),
                location=(float(net.node_lon[node]), float(net.node_lat[node])),
                distance=float(d),
                name=self._node_name(int(node)),
                osm_id=int(net.node_osm[node]),
            )
            for node, d in zip(self.nodes[found], metres, strict=True)
        ]

    def snap_one(self, lon: float, lat: float, radius: float | None = None) -> Snapped:
        found = self.snap(lon, lat, radius=radius)
        if not found:
            raise NoSegment(f"No road for {self.profile.value} near {lon:.6f},{lat:.6f}")
        return found[0]

    def arc(self, u: int, v: int) -> int:
        """The position in the matrix of the arc from ``u`` to ``v``."""
        return int(self.arcs(np.array([u]), np.array([v]))[0])

    def arcs(self, us: NDArray[np.integer], vs: NDArray[np.integer]) -> NDArray[np.intp]:
        """The positions of the arcs ``us[i]`` → ``vs[i]``: the matrix's arcs are sorted by
        (from, to), so one binary search over from * n + to finds them all at once."""
        n = self.network.node_count
        return np.searchsorted(self._arc_keys, us.astype(np.int64) * n + vs)

    @cached_property
    def _arc_keys(self) -> NDArray[np.int64]:
        n = self.network.node_count
        return self._arc_source.astype(np.int64) * n + self.matrix.indices

    def _landmark_times(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Seconds from each landmark to every node, and from every node to each landmark
        (``inf`` where there is no path). Each landmark is the node farthest from those chosen
        before it, so they spread to the edges of the map, where they bound best."""
        reverse = self.matrix.T.tocsr()
        ahead: list[NDArray[np.float64]] = []
        back: list[NDArray[np.float64]] = []
        if len(self.nodes):
            nearest = dijkstra(self.matrix, indices=int(self.nodes[0]))
            for _ in range(LANDMARKS):
                mark = int(np.argmax(np.where(np.isfinite(nearest), nearest, -1.0)))
                ahead.append(dijkstra(self.matrix, indices=mark))
                back.append(dijkstra(reverse, indices=mark))
                nearest = ahead[-1] if len(ahead) == 1 else np.minimum(nearest, ahead[-1])
        n = self.network.node_count
        return np.array(ahead).reshape(-1, n), np.array(back).reshape(-1, n)

    def bound(self, target: int) -> NDArray[np.float64]:
        """A lower bound of the seconds from every node to ``target`` (``inf`` from a node that
        cannot reach it), by the triangle inequality through each landmark L:
        d(v, t) ≥ d(L, t) − d(L, v) and d(v, t) ≥ d(v, L) − d(t, L). It is consistent (never
        drops by more than an arc's time along the arc), so A* with it finds the fastest path."""
        ahead, back = self._landmarks
        seconds = np.zeros(self.network.node_count)
        for k in range(len(ahead)):
            # A landmark that cannot reach the target (or that it cannot reach) says nothing.
            if math.isfinite(ahead[k, target]):
                np.maximum(seconds, ahead[k, target] - ahead[k], out=seconds)
            if math.isfinite(back[k, target]):
                np.maximum(seconds, back[k] - back[k, target], out=seconds)
        return seconds

    def path(self, source: int, target: int) -> list[int]:
        """The nodes of the fastest path from ``source`` to ``target``; raises NoRoute.

        A* as one scipy Dijkstra: every arc's time less the drop of :meth:`bound` along it, so
        the search heads for the target and a node's reduced distance is its true one less the
        bound at the source. The search stops at a limit that doubles until it reaches the
        target; past the time of every arc together, there is no limit at all.
        """
        if source == target:
            return [source]
        bound = self.bound(target)
        if not math.isfinite(bound[source]):
            raise NoRoute("No route between the points")
        into = bound[self.matrix.indices]
        with np.errstate(invalid="ignore"):  # inf − inf: an arc between two dead ends
            reduced = self.matrix.data - bound[self._arc_source] + into
        if np.isinf(bound).any():
            reduced[np.isinf(into)] = np.inf  # into a node that cannot reach the target
        np.maximum(reduced, 0.0, out=reduced)  # rounding: the bound is consistent
        graph = csr_matrix((reduced, self.matrix.indices, self.matrix.indptr), self.matrix.shape)
        # A first limit a little over the bound finds most routes in one round.
        limit = 0.05 * bound[source] + 30
        total = self.total_seconds  # no reduced path is longer than every arc's time together
        while True:
            if limit > total:
                limit = np.inf
            seconds, before = dijkstra(graph, indices=source, return_predecessors=True, limit=limit)
            if math.isfinite(seconds[target]):
                break
            if math.isinf(limit):
                raise NoRoute("No route between the points")
            limit *= 2
        nodes = [target]
        while nodes[-1] != source:
            nodes.append(int(before[nodes[-1]]))
        nodes.reverse()
        return nodes

    def leg(self, nodes: list[int]) -> Leg:
        """Distance, time, line and steps of a path given as nodes."""
        net = self.network
        path = np.asarray(nodes)
        arcs = self.arcs(path[:-1], path[1:])
        edges = self.arc_edge[arcs]
        lengths = net.edge_length[edges]
        seconds = np.asarray(self.matrix.data[arcs])
        coords = list(zip(net.node_lon[path].tolist(), net.node_lat[path].tolist(), strict=True))
        steps = self._steps(nodes, coords, edges, lengths, seconds)
        totals = [(s.name, s.distance) for s in steps if s.name]
        major = sorted(totals, key=lambda t: -t[1])
        summary = ", ".join(dict.fromkeys(name for name, _ in major[:2]))
        return Leg(
            distance=float(lengths.sum()),
            duration=float(seconds.sum()),
            nodes=nodes,
            coordinates=coords,
            steps=steps,
            summary=summary,
        )

    def _steps(self, nodes, coords, edges, lengths, seconds) -> list[Step]:
        net = self.network
        if not len(edges):
            here = coords[0]
            return [
                Step("depart", None, "", here, 0, 0, 0.0, 0.0, [here, here]),
                Step("arrive", None, "", here, 0, 0, 0.0, 0.0, [here, here]),
            ]
        lon, lat = net.node_lon[nodes], net.node_lat[nodes]
        bearings = bearings_array(lon[:-1], lat[:-1], lon[1:], lat[1:]).tolist()
        names = [net.names[net.edge_name[e]] for e in edges]
        # A step starts at the first edge, wherever the street's name changes, and where the
        # road turns off the same street.
        starts = [0]
        modifier: str | None
        for i in range(1, len(edges)):
            modifier = turn_modifier(bearings[i - 1], bearings[i])
            if names[i] != names[i - 1] or modifier not in (
                "straight",
                "slight left",
                "slight right",
            ):
                starts.append(i)
        steps: list[Step] = []
        for k, first in enumerate(starts):
            last = starts[k + 1] if k + 1 < len(starts) else len(edges)
            after = bearings[first]
            if k == 0:
                kind, modifier, before = "depart", None, 0
            else:
                before = bearings[first - 1]
                modifier = turn_modifier(before, after)
                if names[first] == names[first - 1]:
                    kind = "continue"
                elif modifier == "straight":
                    kind = "new name"
                else:
                    kind = "turn"
            steps.append(
                Step(
                    type=kind,
                    modifier=modifier,
                    name=names[first],
                    location=coords[first],
                    bearing_before=before,
                    bearing_after=after,
                    distance=float(lengths[first:last].sum()),
                    duration=float(seconds[first:last].sum()),
                    coordinates=coords[first : last + 1],
                )
            )
        end = coords[-1]
        steps.append(Step("arrive", None, "", end, bearings[-1], 0, 0.0, 0.0, [end, end]))
        return steps

    def route(
        self,
        points: Sequence[tuple[float, float]],
        radius: float | None = None,
        *,
        radiuses: Sequence[float | None] | None = None,
    ) -> Route:
        """The fastest route through ``points`` ([lon, lat]) in order; raises NoSegment when a
        point is farther than ``radius`` metres (or its own element of ``radiuses``) from this
        profile's roads, NoRoute when no path joins two of them."""
        limits = radiuses if radiuses is not None else [radius] * len(points)
        snapped = [self.snap_one(lon, lat, r) for (lon, lat), r in zip(points, limits, strict=True)]
        legs = [
            self.leg(self.path(a.node, b.node)) for a, b in zip(snapped, snapped[1:], strict=False)
        ]
        return Route(
            distance=sum(leg.distance for leg in legs),
            duration=sum(leg.duration for leg in legs),
            legs=legs,
            waypoints=snapped,
        )

    def table(
        self, sources: list[Snapped], destinations: list[Snapped], *, distances: bool = False
    ) -> tuple[list[list[float | None]], list[list[float | None]] | None]:
        """Seconds (and metres, when asked) of the fastest path from every source to every
        destination; ``None`` where there is none."""
        origins = sorted({s.node for s in sources})
        seconds, previous = dijkstra(self.matrix, indices=origins, return_predecessors=True)
        row = {node: i for i, node in enumerate(origins)}
        durations: list[list[float | None]] = []
        metres: list[list[float | None]] = []
        for s in sources:
            r = row[s.node]
            durations.append([_finite(seconds[r, d.node]) for d in destinations])
            if distances:
                metres.append(
                    [self._walk_length(previous[r], s.node, d.node) for d in destinations]
                )
        return durations, metres if distances else None

    def _walk_length(self, previous: NDArray[np.int32], source: int, target: int) -> float | None:
        if source == target:
            return 0.0
        if previous[target] < 0:
            return None
        total, node = 0.0, target
        while node != source:
            before = int(previous[node])
            total += float(self.network.edge_length[self.arc_edge[self.arc(before, node)]])
            node = before
        return total


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def grid_network(
    west: float,
    south: float,
    east: float,
    north: float,
    spacing_m: float,
    *,
    name: str = "Jl. Contoh",
) -> RoadNetwork:
    """A made-up street grid over a bounding box, for demos and benchmarks (``generated``).

    Streets run east-west and north-south every ``spacing_m`` metres. Every third east-west street
    is one-way (alternating directions), every fifth north-south one is a primary road, and a
    footway crosses each block diagonally, so the three profiles route differently.
    """
    metres_per_degree = 111_320.0
    lat_step = spacing_m / metres_per_degree
    lon_step = spacing_m / (metres_per_degree * math.cos(math.radians((south + north) / 2)))
    rows = max(2, int((north - south) / lat_step) + 1)
    cols = max(2, int((east - west) / lon_step) + 1)
    locations = {
        r * cols + c: (west + c * lon_step, south + r * lat_step)
        for r in range(rows)
        for c in range(cols)
    }
    ways: list[Way] = []
    for r in range(rows):
        tags = {"highway": "residential", "name": f"{name} Barat {r + 1}"}
        if r % 3 == 1:
            tags["oneway"] = "yes" if r % 6 == 1 else "-1"
        ways.append(Way(len(ways) + 1, [r * cols + c for c in range(cols)], tags))
    for c in range(cols):
        highway = "primary" if c % 5 == 0 else "residential"
        tags = {"highway": highway, "name": f"{name} Utara {c + 1}"}
        ways.append(Way(len(ways) + 1, [r * cols + c for r in range(rows)], tags))
    for r in range(rows - 1):
        for c in range(0, cols - 1, 2):
            ways.append(
                Way(len(ways) + 1, [r * cols + c, (r + 1) * cols + c + 1], {"highway": "footway"})
            )
    return build_network(locations, ways, generated=True)
