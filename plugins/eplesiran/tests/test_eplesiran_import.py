"""Importing into the portal: OpenStreetMap extracts (idempotent, updating and removing, all or
nothing) and GeoJSON files (checked whole: winding, [lat, lon] order)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import People
from eplesiran import services
from eplesiran.geojson import GeoJSONError, parse_collection
from eplesiran.models import Favourite, Place, Rating, RoadGraph, Source
from eplesiran.osm import Extract, read_extract
from eplesiran_factories import PASSWORD
from tangerang_live import in_locale
from tangerang_live.testing import PortalClient


async def _osm_places() -> dict[tuple[str, int], Place]:
    return {(p.osm_type, p.osm_id): p for p in await Place.filter(source=Source.OSM)}


async def test_an_extract_is_imported_with_its_tags(client: PortalClient, test_pbf: Path) -> None:
    result = await services.import_extract(read_extract(test_pbf), source="test.osm.pbf")
    assert result.created == 14 and result.road_nodes > 1000
    fuel = await Place.filter(category="fuel").order_by("name")
    assert [(p.name, p.operator, p.address) for p in fuel] == [
        ("Neste Huttunen", "Neste", "Suurniitynkatu 1"),
        ("Teboil Karhula Tikankatu", "Teboil", "Tikankatu 11"),
    ]
    assert await RoadGraph.all().count() == 1


async def test_places_of_worship_keep_their_religion(
    client: PortalClient, helsinki: Extract
) -> None:
    await services.import_extract(helsinki, source="Helsinki.osm.pbf")
    cathedral = await Place.get(name="Helsingin tuomiokirkko")
    assert (cathedral.category, cathedral.religion, cathedral.osm_type) == (
        "worship",
        "christian",
        "way",
    )
    page = await client.get("/e-plesiran/api/places.geojson?category=worship&religion=christian")
    assert len(page.json()["features"]) == 8


async def test_re_import_updates_and_removes_and_keeps_what_citizens_made(
    client: PortalClient, people: People, helsinki: Extract
) -> None:
    first = await services.import_extract(helsinki, source="Helsinki.osm.pbf")
    again = await services.import_extract(helsinki, source="Helsinki.osm.pbf")
    assert (again.created, again.updated, again.removed) == (0, first.created, 0)
    before = await _osm_places()
    assert len(before) == first.created
    museum = next(p for p in before.values() if p.category == "museum")
    await client.sign_in(people.citizen.email, PASSWORD)
    await client.post(f"/e-plesiran/p/{museum.id}/rate", data={"stars": "5"})
    await client.post(f"/e-plesiran/p/{museum.id}/favourite", data={"favourite": "1"})
    # The next extract renames the museum and no longer has one ATM.
    gone = next(p for p in helsinki.places if p.category == "atm")
    changed = [
        dataclasses.replace(p, name="Uusi nimi")
        if (p.osm_type, p.osm_id) == (museum.osm_type, museum.osm_id)
        else p
        for p in helsinki.places
        if p is not gone
    ]
    result = await services.import_extract(
        Extract(changed, helsinki.network), source="Helsinki.osm.pbf"
    )
    assert (result.created, result.removed) == (0, 1)
    after = await _osm_places()
    assert (gone.osm_type, gone.osm_id) not in after
    renamed = after[museum.osm_type, museum.osm_id]
    assert renamed.id == museum.id and renamed.name == "Uusi nimi"
    assert renamed.rating_count == 1
    assert await Favourite.exists(place_id=museum.id, user_id=people.citizen.id)
    assert await Rating.exists(place_id=museum.id)
    assert await RoadGraph.all().count() == 1


async def test_an_import_that_fails_stores_nothing(
    client: PortalClient, helsinki: Extract, test_pbf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await services.import_extract(read_extract(test_pbf), source="test.osm.pbf")
    before = sorted(await Place.all().values_list("id", "name"))
    graph_before = await RoadGraph.get()

    async def broken(**fields):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RoadGraph, "create", broken)
    with pytest.raises(RuntimeError):
        await services.import_extract(helsinki, source="Helsinki.osm.pbf")
    assert sorted(await Place.all().values_list("id", "name")) == before
    graph_after = await RoadGraph.get()
    assert (graph_after.id, graph_after.source) == (graph_before.id, graph_before.source)


def _collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def _point(lon: float, lat: float, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"name": "Taman", "category": "park", **properties},
    }


def _polygon(ring: list[list[float]], **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"name": "Situ", "category": "park", **properties},
    }


COUNTERCLOCKWISE = [
    [106.67, -6.19],
    [106.69, -6.19],
    [106.69, -6.18],
    [106.67, -6.18],
    [106.67, -6.19],
]


def test_geojson_points_and_polygons_become_places() -> None:
    places = parse_collection(
        _collection(
            _point(106.6355, -6.1760, opening_hours="Mo-Su 06:00-22:00"), _polygon(COUNTERCLOCKWISE)
        )
    )
    assert [(p.longitude, p.latitude) for p in places] == [
        (106.6355, -6.1760),
        (pytest.approx(106.68), pytest.approx(-6.185)),
    ]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (_collection(_point(-6.1760, 106.6355)), "looks like [latitude, longitude]"),
        (_collection(_polygon(COUNTERCLOCKWISE[::-1])), "runs clockwise"),
        (_collection(_polygon(COUNTERCLOCKWISE[:3])), "at least four positions"),
        (_collection(_point(106.63, -6.17, category="casino")), "unknown category"),
        (_collection(_point(106.63, -6.17, name="")), "has no name"),
        (_collection(_point(106.63, -6.17, opening_hours="kadang-kadang")), "opening_hours"),
        (_collection(_point(106.63, -6.17, ticket_price=-1)), "ticket_price"),
        (_collection({**_point(0, 0), "geometry": {"type": "Point", "coordinates": ["a", 1]}}),
         "in numbers"),
        ({"type": "Feature"}, "not a GeoJSON FeatureCollection"),
    ],
)  # fmt: skip
def test_bad_geojson_is_refused_with_the_reason(document: dict, problem: str) -> None:
    with in_locale("en"), pytest.raises(GeoJSONError) as refused:
        parse_collection(document)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


async def test_an_editor_imports_geojson_all_or_nothing(
    client: PortalClient, people: People
) -> None:
    await client.sign_in(people.editor.email, PASSWORD)
    good = _point(106.6355, -6.1760, name="Taman Potret")
    bad = _point(-6.1760, 106.6355, name="Terbalik")
    refused = await client.post(
        "/e-plesiran/manage/import",
        files={
            "file": ("places.geojson", json.dumps(_collection(good, bad)), "application/geo+json")
        },
    )
    assert refused.status_code == 422
    assert "feature 2" in refused.text or "fitur 2" in refused.text
    assert await Place.all().count() == 0
    accepted = await client.post(
        "/e-plesiran/manage/import",
        files={"file": ("places.geojson", json.dumps(_collection(good)), "application/geo+json")},
    )
    assert accepted.status_code == 303
    assert await Place.filter(name="Taman Potret", source=Source.GEOJSON).count() == 1
    exported = await client.get("/e-plesiran/manage/export.geojson")
    [feature] = exported.json()["features"]
    assert feature["geometry"]["coordinates"] == [106.6355, -6.1760]
    assert parse_collection(exported.json())[0].name == "Taman Potret"  # export reads back in


async def test_every_worker_routes_over_the_newest_import(
    client: PortalClient, helsinki: Extract, test_pbf: Path
) -> None:
    await services.import_extract(helsinki, source="Helsinki.osm.pbf")
    first = await services.road_network()
    assert first is not None and first.node_count == helsinki.network.node_count
    # The next import replaces the only row; SQLite may give the new row the same id.
    kotka = read_extract(test_pbf)
    await services.import_extract(kotka, source="test.osm.pbf")
    second = await services.road_network()
    assert second is not None and second.node_count == kotka.network.node_count
