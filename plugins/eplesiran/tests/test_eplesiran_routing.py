"""Routes over the real street network of central Helsinki, and over small random graphs checked
against a brute-force shortest path."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from eplesiran.osm import Extract
from eplesiran.routing import NoRoute, NoSegment, RoadNetwork, Way, build_network
from eplesiran.workflow import Profile, haversine_m, way_access
from eplesiran_factories import OsmRoads
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import breadth_first_order, dijkstra


def _network(helsinki: Extract) -> RoadNetwork:
    assert helsinki.network is not None
    return helsinki.network


def _osm_path(network: RoadNetwork, nodes: list[int]) -> list[int]:
    return [int(network.node_osm[n]) for n in nodes]


def _random_pairs(network: RoadNetwork, profile: Profile, count: int, seed: int):
    graph = network.graph(profile)
    rng = random.Random(seed)
    nodes = graph.nodes.tolist()
    return [(rng.choice(nodes), rng.choice(nodes)) for _ in range(count)]


@pytest.mark.parametrize("profile", list(Profile))
def test_routes_follow_real_roads_with_their_lengths(
    helsinki: Extract, helsinki_roads: OsmRoads, profile: Profile
) -> None:
    network = _network(helsinki)
    graph = network.graph(profile)
    routed = 0
    for a, b in _random_pairs(network, profile, 40, seed=len(profile.value)):
        start = helsinki_roads.location[int(network.node_osm[a])]
        end = helsinki_roads.location[int(network.node_osm[b])]
        try:
            route = graph.route([start, end])
        except NoRoute:
            continue
        routed += 1
        path = _osm_path(network, route.legs[0].nodes)
        assert path[0] == network.node_osm[a] and path[-1] == network.node_osm[b]
        for u, v in zip(path, path[1:], strict=False):
            # A chain of real road edges, each walked either way but driven only where allowed.
            assert (u, v) in helsinki_roads.pairs or (v, u) in helsinki_roads.pairs
            if profile != Profile.WALKING:
                assert (v, u) not in helsinki_roads.oneway_pairs
        coords = [helsinki_roads.location[n] for n in path]
        assert route.coordinates == coords  # [lon, lat], as OSM has them
        along = sum(haversine_m(*p, *q) for p, q in zip(coords, coords[1:], strict=False))
        assert route.distance == pytest.approx(along, rel=1e-6, abs=1e-6)
        assert route.distance >= haversine_m(*start, *end) - 1e-6
    assert routed >= 20


@pytest.mark.parametrize("profile", list(Profile))
def test_routes_are_as_fast_as_a_search_of_the_whole_network(
    helsinki: Extract, profile: Profile
) -> None:
    # The guided search (A* with landmarks) against scipy's plain Dijkstra from the source over
    # every node: the same travel time, and no route exactly where Dijkstra reaches nothing.
    graph = _network(helsinki).graph(profile)
    pairs = _random_pairs(graph.network, profile, 60, seed=7)
    whole = dijkstra(graph.matrix, indices=sorted({a for a, _b in pairs}))
    row = {a: i for i, a in enumerate(sorted({a for a, _b in pairs}))}
    for a, b in pairs:
        expected = whole[row[a], b]
        if math.isinf(expected):
            with pytest.raises(NoRoute):
                graph.path(a, b)
            continue
        assert graph.leg(graph.path(a, b)).duration == pytest.approx(expected, rel=1e-9)
    target = pairs[0][1]
    to_target = dijkstra(graph.matrix.T.tocsr(), indices=target)
    assert np.all(graph.bound(target) <= to_target + 1e-6)  # never more than the truth


def test_the_coordinates_are_lon_lat(helsinki: Extract) -> None:
    graph = _network(helsinki).graph(Profile.WALKING)
    route = graph.route([(24.9384, 60.1699), (24.9522, 60.1675)])  # two spots in Helsinki
    for lon, lat in route.coordinates:
        assert 24.9 < lon < 25.0 and 60.1 < lat < 60.2
    with pytest.raises(NoSegment):  # the same numbers as [lat, lon] are in the Arctic Ocean
        graph.route([(60.1699, 24.9384), (60.1675, 24.9522)], radius=5000)


@pytest.mark.parametrize("profile", list(Profile))
def test_a_to_a_is_zero(helsinki: Extract, profile: Profile) -> None:
    graph = _network(helsinki).graph(profile)
    node = int(graph.nodes[len(graph.nodes) // 2])
    point = (float(graph.network.node_lon[node]), float(graph.network.node_lat[node]))
    route = graph.route([point, point])
    assert route.distance == 0 and route.duration == 0
    assert [s.type for s in route.legs[0].steps] == ["depart", "arrive"]


def test_unreachable_pairs_give_no_route(helsinki: Extract) -> None:
    network = _network(helsinki)
    graph = network.graph(Profile.DRIVING)
    source = int(graph.nodes[0])
    reachable = set(breadth_first_order(graph.matrix, source, return_predecessors=False))
    unreachable = [int(n) for n in graph.nodes if int(n) not in reachable]
    assert unreachable, "the extract's edge cuts some streets off"
    target = unreachable[0]
    with pytest.raises(NoRoute):
        graph.path(source, target)
    points = [(network.node_lon[n], network.node_lat[n]) for n in (source, target)]
    with pytest.raises(NoRoute):
        graph.route(points)


def test_a_one_way_street_differs_there_and_back(
    helsinki: Extract, helsinki_roads: OsmRoads
) -> None:
    network = _network(helsinki)
    drive = network.graph(Profile.DRIVING)
    index = {int(osm): i for i, osm in enumerate(network.node_osm)}
    differing = 0
    for a, b in sorted(helsinki_roads.oneway_pairs)[:60]:
        if a not in index or b not in index:
            continue
        try:
            there = drive.leg(drive.path(index[a], index[b]))
            back = drive.leg(drive.path(index[b], index[a]))
        except NoRoute:
            continue
        # Back, a car may not take the one-way street against its direction: another way.
        assert back.nodes != [index[b], index[a]]
        assert back.nodes[::-1] != there.nodes
        differing += 1
    assert differing >= 10


def test_steps_name_the_streets_and_add_up(helsinki: Extract) -> None:
    graph = _network(helsinki).graph(Profile.DRIVING)
    route = graph.route([(24.9400, 60.1650), (24.9500, 60.1700)])
    steps = route.legs[0].steps
    assert steps[0].type == "depart" and steps[-1].type == "arrive"
    assert all(s.type in ("turn", "new name", "continue") for s in steps[1:-1])
    assert any(s.name for s in steps)
    assert sum(s.distance for s in steps) == pytest.approx(route.distance)
    assert sum(s.duration for s in steps) == pytest.approx(route.duration)
    for before, after in zip(steps, steps[1:], strict=False):
        assert before.coordinates[-1] == after.location  # each step starts where one ended


def test_a_network_survives_its_blob(helsinki: Extract) -> None:
    network = _network(helsinki)
    again = RoadNetwork.from_bytes(network.to_bytes())
    a, b = (24.9400, 60.1650), (24.9500, 60.1700)
    first = network.graph(Profile.DRIVING).route([a, b])
    second = again.graph(Profile.DRIVING).route([a, b])
    assert (second.distance, second.duration, second.legs[0].nodes) == (
        first.distance,
        first.duration,
        first.legs[0].nodes,
    )


def test_a_table_matches_the_routes(helsinki: Extract) -> None:
    graph = _network(helsinki).graph(Profile.DRIVING)
    points = [(24.9400, 60.1650), (24.9500, 60.1700), (24.9450, 60.1680)]
    snapped = [graph.snap_one(*p) for p in points]
    durations, distances = graph.table(snapped, snapped, distances=True)
    assert distances is not None
    for i, a in enumerate(snapped):
        for j, b in enumerate(snapped):
            leg = graph.leg(graph.path(a.node, b.node))
            assert durations[i][j] == pytest.approx(leg.duration)
            assert distances[i][j] == pytest.approx(leg.distance)


# Small random graphs: nodes on a 4x4 grid of coordinates, roads between random pairs with random
# classes and one-way tags; the route must be as fast as Floyd-Warshall's shortest path.
HIGHWAYS = ["primary", "residential", "footway", "service", "steps"]
ONEWAY = ["", "yes", "-1", "no"]

roads = st.lists(
    st.tuples(
        st.integers(0, 15),
        st.integers(0, 15),
        st.sampled_from(HIGHWAYS),
        st.sampled_from(ONEWAY),
    ),
    min_size=1,
    max_size=30,
)


def _grid_location(node: int) -> tuple[float, float]:
    return (106.63 + (node % 4) * 0.002, -6.18 + (node // 4) * 0.002)


def _brute_force(ways: list[Way], profile: Profile) -> dict[tuple[int, int], float]:
    inf = math.inf
    nodes = range(16)
    best = {(a, b): (0.0 if a == b else inf) for a in nodes for b in nodes}
    for way in ways:
        rule = way_access(way.tags, profile)
        if rule is None:
            continue
        a, b = way.nodes
        if a == b:
            continue
        seconds = haversine_m(*_grid_location(a), *_grid_location(b)) / rule.speed_kmh * 3.6
        if rule.forward:
            best[a, b] = min(best[a, b], seconds)
        if rule.backward:
            best[b, a] = min(best[b, a], seconds)
    for k in nodes:
        for i in nodes:
            for j in nodes:
                if best[i, k] + best[k, j] < best[i, j]:
                    best[i, j] = best[i, k] + best[k, j]
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roads=roads, profile=st.sampled_from(list(Profile)))
def test_routes_equal_a_brute_force_shortest_path(roads, profile: Profile) -> None:
    ways = [
        Way(i, [a, b], {"highway": h, **({"oneway": o} if o else {})})
        for i, (a, b, h, o) in enumerate(roads)
    ]
    network = build_network({n: _grid_location(n) for n in range(16)}, ways)
    best = _brute_force(ways, profile)
    if not network.edge_count:
        return
    graph = network.graph(profile)
    for a in graph.nodes.tolist():
        for b in graph.nodes.tolist():
            osm_a, osm_b = int(network.node_osm[a]), int(network.node_osm[b])
            expected = best[osm_a, osm_b]
            if math.isinf(expected):
                with pytest.raises(NoRoute):
                    graph.path(a, b)
                continue
            leg = graph.leg(graph.path(a, b))
            assert leg.duration == pytest.approx(expected, rel=1e-6, abs=1e-2)


def test_the_graph_keeps_the_faster_of_two_parallel_roads() -> None:
    ways = [
        Way(1, [0, 1], {"highway": "residential"}),
        Way(2, [0, 1], {"highway": "primary", "name": "Jl. Daan Mogot"}),
    ]
    network = build_network({n: _grid_location(n) for n in range(2)}, ways)
    leg = network.graph(Profile.DRIVING).leg([0, 1])
    assert leg.steps[0].name == "Jl. Daan Mogot"
    assert np.isclose(leg.duration, leg.distance / 45 * 3.6)
