"""Reading real OpenStreetMap extracts: which places come out, with which tags, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from eplesiran.osm import BBox, Extract, ExtractError, read_extract
from eplesiran.workflow import Category


def test_places_come_with_the_tags_that_describe_them(helsinki: Extract, test_pbf: Path) -> None:
    by_category: dict[str, list] = {}
    for place in helsinki.places:
        by_category.setdefault(place.category, []).append(place)
    atms = by_category[Category.ATM]
    assert any(p.tags.get("operator") == "Suomen Automatia Oy" for p in atms)
    worship = by_category[Category.WORSHIP]
    assert {p.religion for p in worship} == {"christian"}
    cathedral = next(p for p in worship if p.name == "Helsingin tuomiokirkko")
    assert cathedral.osm_type == "way"  # a building: its place is the middle of its outline
    assert 24.95 < cathedral.lon < 24.955 and 60.169 < cathedral.lat < 60.171
    fuel = [p for p in read_extract(test_pbf).places if p.category == Category.FUEL]
    assert {(p.name, p.tags.get("operator")) for p in fuel} == {
        ("Neste Huttunen", "Neste"),
        ("Teboil Karhula Tikankatu", "Teboil"),
    }


def test_a_bbox_keeps_only_what_is_inside(helsinki_pbf: Path, helsinki: Extract) -> None:
    box = BBox(24.940, 60.165, 24.948, 60.170)
    inside = read_extract(helsinki_pbf, box)
    assert inside.places and len(inside.places) < len(helsinki.places)
    assert all(box.contains(p.lon, p.lat) for p in inside.places)
    assert inside.network is not None
    assert all(
        box.contains(lon, lat)
        for lon, lat in zip(inside.network.node_lon, inside.network.node_lat, strict=True)
    )


def test_a_file_that_is_no_extract_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "roads.osm.pbf"
    fake.write_bytes(b"<html>not a map</html>")
    with pytest.raises(ExtractError, match="not an OpenStreetMap"):
        read_extract(fake)
    with pytest.raises(ExtractError, match="no such file"):
        read_extract(tmp_path / "missing.osm.pbf")


def test_a_truncated_extract_is_refused(tmp_path: Path, helsinki_pbf: Path) -> None:
    cut = tmp_path / "cut.osm.pbf"
    cut.write_bytes(helsinki_pbf.read_bytes()[:200_000])
    with pytest.raises(ExtractError):
        read_extract(cut)


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "10,0,5,1", "0,95,1,96"])
def test_a_bad_bbox_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        BBox.parse(text)
