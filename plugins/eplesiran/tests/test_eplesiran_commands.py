"""``tangerang-live eplesiran …`` as an operator runs it: import-osm (idempotent, refuses what is
not an extract), export-geojson and import-geojson (all or nothing)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _cli(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_VAR_DIR": str(var), "PORTAL_ENV": "test"}
    env.pop("DATABASE_URL", None)
    env.pop("PORTAL_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "tangerang_live.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _places(var: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(var / "portal.sqlite3") as database:
        return sorted(database.execute("SELECT osm_type, osm_id FROM eplesiran_place").fetchall())


def test_import_osm_export_and_import_geojson(tmp_path: Path, test_pbf: Path) -> None:
    var = tmp_path / "var"
    assert _cli(var, "migrate").returncode == 0
    assert _cli(var, "plugins", "enable", "eplesiran").returncode == 0

    first = _cli(var, "eplesiran", "import-osm", str(test_pbf))
    assert first.returncode == 0, first.stderr
    assert "14 places new" in first.stdout and "© OpenStreetMap contributors" in first.stdout
    assert "objects" in first.stderr  # the progress bar
    imported = _places(var)
    again = _cli(var, "eplesiran", "import-osm", str(test_pbf))
    assert "0 places new, 14 updated, 0 removed" in again.stdout
    assert _places(var) == imported

    fake = tmp_path / "roads.osm.pbf"
    fake.write_text("this is not an extract")
    refused = _cli(var, "eplesiran", "import-osm", str(fake))
    assert refused.returncode == 2
    assert "not an OpenStreetMap .osm.pbf file; nothing was imported" in refused.stderr
    assert _places(var) == imported
    bad_box = _cli(var, "eplesiran", "import-osm", str(test_pbf), "--bbox", "1,2,3")
    assert bad_box.returncode == 2 and "west,south,east,north" in bad_box.stderr

    out = tmp_path / "places.geojson"
    assert _cli(var, "eplesiran", "export-geojson", str(out)).returncode == 0
    exported = json.loads(out.read_text())
    assert exported["type"] == "FeatureCollection" and len(exported["features"]) == 14
    lon, lat = exported["features"][0]["geometry"]["coordinates"]
    assert 26 < lon < 28 and 60 < lat < 61  # [lon, lat]: the test extract lies in Kotka

    clockwise = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Situ", "category": "park"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[106.67, -6.19], [106.67, -6.18], [106.69, -6.18],
                                     [106.69, -6.19], [106.67, -6.19]]],
                },
            },
            {
                "type": "Feature",
                "properties": {"name": "Taman", "category": "park"},
                "geometry": {"type": "Point", "coordinates": [106.6355, -6.1760]},
            },
        ],
    }  # fmt: skip
    wrong = tmp_path / "wrong.geojson"
    wrong.write_text(json.dumps(clockwise))
    refused = _cli(var, "eplesiran", "import-geojson", str(wrong))
    assert refused.returncode == 2 and "nothing was imported" in refused.stderr
    with sqlite3.connect(var / "portal.sqlite3") as database:
        assert database.execute("SELECT count(*) FROM eplesiran_place").fetchone() == (14,)
    clockwise["features"] = clockwise["features"][1:]
    wrong.write_text(json.dumps(clockwise))
    accepted = _cli(var, "eplesiran", "import-geojson", str(wrong))
    assert accepted.returncode == 0 and "1 places imported" in accepted.stdout
