"""E-Plesiran in a running portal: pages, the places API, directions, ratings, favourites and the
editors' pages, on the demo data (FACTS.md's attractions and a generated street grid)."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import People
from eplesiran.models import Favourite, Place, Rating
from eplesiran_factories import PASSWORD, jpeg
from tangerang_live import CITY_TIMEZONE
from tangerang_live.testing import PortalClient, frozen_city_time, text_of

ENGLISH = {"cookie": "lang=en"}  # a visitor who chose English (the language switch)


async def _place(name: str) -> Place:
    return await Place.get(name=name)


async def test_the_map_page_lists_the_places_without_javascript(demo_client: PortalClient) -> None:
    page = await demo_client.get("/e-plesiran/")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Masjid Raya Al-A" in text and "Situ Cipondoh" in text
    assert "OpenStreetMap" in text
    assert 'data-points-url="/e-plesiran/api/places.geojson"' in page.text
    worship = await demo_client.get("/e-plesiran/?category=worship&religion=buddhist")
    listed = text_of(worship.text)
    assert "Vihara (demo)" in listed and "Gereja (demo)" not in listed
    assert "Pasar Lama" not in listed and "Situ Cipondoh" not in listed


async def test_a_bad_filter_is_a_clear_400(demo_client: PortalClient) -> None:
    page = await demo_client.get("/e-plesiran/?category=casino")
    assert page.status_code == 400
    assert "casino" in text_of(page.text)


async def test_places_geojson_is_rfc_7946_lon_lat(demo_client: PortalClient) -> None:
    answer = await demo_client.get("/e-plesiran/api/places.geojson?category=museum")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    body = answer.json()
    assert body["type"] == "FeatureCollection"
    [museum] = body["features"]
    assert museum["properties"]["name"] == "Museum Benteng Heritage"
    assert museum["geometry"] == {"type": "Point", "coordinates": [106.6313, -6.1783]}


async def test_places_geojson_filters_by_bbox_and_near(demo_client: PortalClient) -> None:
    box = await demo_client.get("/e-plesiran/api/places.geojson?bbox=106.67,-6.19,106.69,-6.18")
    names = {f["properties"]["name"] for f in box.json()["features"]}
    assert "Situ Cipondoh" in names and "Pasar Lama" not in names
    near = await demo_client.get(
        "/e-plesiran/api/places.geojson?near=106.6355,-6.1760&category=atm&limit=3"
    )
    features = near.json()["features"]
    assert len(features) == 3
    distances = [f["properties"]["distance"] for f in features]
    assert distances == sorted(distances)
    assert all(f["properties"]["category"] == "atm" for f in features)


async def test_unknown_places_are_404(client: PortalClient) -> None:
    for path in ("/e-plesiran/p/99", "/e-plesiran/p/99999999999999999999999/directions"):
        assert (await client.get(path)).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["limit=²", "bbox=1,2,3", "bbox=a,b,c,d", "near=-6.17,106.64", "near=abc", "limit=0",
     "limit=9999", "category=nope", "religion=pastafarian"],
)  # fmt: skip
async def test_places_geojson_refuses_bad_filters(demo_client: PortalClient, query: str) -> None:
    answer = await demo_client.get(f"/e-plesiran/api/places.geojson?{query}")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"].startswith("invalid_") and body["message"]


async def test_directions_over_the_generated_grid_with_steps(demo_client: PortalClient) -> None:
    museum = await _place("Museum Benteng Heritage")
    page = await demo_client.get(
        f"/e-plesiran/p/{museum.id}/directions",
        params={"lat": "-6.1850", "lon": "106.6500", "profile": "walking"},
        headers=ENGLISH,
    )
    assert page.status_code == 200
    text = text_of(page.text)
    assert "generated street grid" in text
    assert "Head out on Jl. Contoh" in text and "You have arrived" in text
    assert "Turn" in text


async def test_directions_in_indonesian(demo_client: PortalClient) -> None:
    museum = await _place("Museum Benteng Heritage")
    page = await demo_client.get(
        f"/e-plesiran/p/{museum.id}/directions",
        params={"lat": "-6.1850", "lon": "106.6500", "profile": "car"},
    )
    text = text_of(page.text)
    assert "Belok" in text and "Jl. Contoh" in text


async def test_directions_refuse_bad_points(demo_client: PortalClient) -> None:
    museum = await _place("Museum Benteng Heritage")
    for params in ({"lat": "abc", "lon": "106.65"}, {"lat": "-95", "lon": "106.65"}):
        page = await demo_client.get(f"/e-plesiran/p/{museum.id}/directions", params=params)
        assert page.status_code == 400
        assert "Latitude is a number" in text_of(page.text) or "Garis lintang" in text_of(page.text)
    bad = await demo_client.get(
        f"/e-plesiran/p/{museum.id}/directions",
        params={"lat": "-6.18", "lon": "106.65", "profile": "bike"},
    )
    assert bad.status_code == 400


async def test_without_roads_the_page_offers_the_straight_line(
    client: PortalClient, people
) -> None:
    museum = await Place.create(
        category="museum", name="Museum Benteng Heritage", latitude=-6.1783, longitude=106.6313
    )
    page = await client.get(
        f"/e-plesiran/p/{museum.id}/directions",
        params={"lat": "-6.1767", "lon": "106.6405"},
        headers=ENGLISH,
    )
    text = text_of(page.text)
    assert "No road network has been imported" in text
    assert "1.0 km" in text  # the straight line from the city centre
    assert "openstreetmap.org/directions?engine=fossgis_osrm_car" in page.text


async def test_near_me_lists_the_nearest_facilities(demo_client: PortalClient) -> None:
    page = await demo_client.get(
        "/e-plesiran/near",
        params={"lat": "-6.1760", "lon": "106.6355", "category": "fuel"},
        headers=ENGLISH,
    )
    assert page.status_code == 200
    text = text_of(page.text)
    assert "SPBU" in text and "Nearest first" in text
    bad = await demo_client.get("/e-plesiran/near", params={"lat": "x", "lon": "106.6"})
    assert bad.status_code == 400


async def test_citizens_rate_attractions_once_each(client: PortalClient, people: People) -> None:
    park = await Place.create(
        category="park", name="Taman Potret", latitude=-6.176, longitude=106.6355
    )
    await client.sign_in(people.citizen.email, PASSWORD)
    answer = await client.post(f"/e-plesiran/p/{park.id}/rate", data={"stars": "4"})
    assert answer.status_code == 303
    again = await client.post(f"/e-plesiran/p/{park.id}/rate", data={"stars": "2"})
    assert again.status_code == 303
    await park.refresh_from_db()
    assert (park.rating_total, park.rating_count) == (2, 1)
    refused = await client.post(f"/e-plesiran/p/{park.id}/rate", data={"stars": "9"})
    assert refused.status_code == 422
    assert "1 to 5" in text_of(refused.text) or "1 sampai 5" in text_of(refused.text)
    assert await Rating.filter(place_id=park.id).count() == 1


async def test_facilities_are_not_rated_and_strangers_cannot_rate(
    client: PortalClient, people: People
) -> None:
    atm = await Place.create(category="atm", name="ATM", latitude=-6.176, longitude=106.6355)
    anonymous = await client.post(f"/e-plesiran/p/{atm.id}/rate", data={"stars": "4"})
    assert anonymous.status_code in (302, 303, 401, 403)
    await client.sign_in(people.citizen.email, PASSWORD)
    refused = await client.post(f"/e-plesiran/p/{atm.id}/rate", data={"stars": "4"})
    assert refused.status_code == 422
    assert not await Rating.exists(place_id=atm.id)


async def test_favourites_are_kept_and_dropped(client: PortalClient, people: People) -> None:
    park = await Place.create(
        category="park", name="Taman Potret", latitude=-6.176, longitude=106.6355
    )
    await client.sign_in(people.citizen.email, PASSWORD)
    await client.post(f"/e-plesiran/p/{park.id}/favourite", data={"favourite": "1"})
    await client.post(f"/e-plesiran/p/{park.id}/favourite", data={"favourite": "1"})
    assert await Favourite.filter(user_id=people.citizen.id).count() == 1
    page = await client.get("/e-plesiran/favourites")
    assert "Taman Potret" in text_of(page.text)
    await client.post(f"/e-plesiran/p/{park.id}/favourite", data={"favourite": "0"})
    assert not await Favourite.exists(user_id=people.citizen.id)


async def test_only_disbudpar_editors_manage_places(client: PortalClient, people: People) -> None:
    form = {"name": "Taman Baru", "category": "park", "latitude": "-6.18", "longitude": "106.64"}
    await client.sign_in(people.other_officer.email, PASSWORD)
    assert (await client.get("/e-plesiran/manage/")).status_code == 403
    assert (await client.post("/e-plesiran/manage/new", data=form)).status_code == 403
    await client.post("/sign-out")
    await client.sign_in(people.editor.email, PASSWORD)
    created = await client.post("/e-plesiran/manage/new", data=form)
    assert created.status_code == 303
    place = await Place.get(name="Taman Baru")
    assert place.kecamatan  # the nearest kecamatan when none was chosen
    assert created.headers["location"] == f"/e-plesiran/p/{place.id}"


async def test_a_bad_place_form_shows_errors_and_stores_nothing(
    client: PortalClient, people: People
) -> None:
    await client.sign_in(people.editor.email, PASSWORD)
    answer = await client.post(
        "/e-plesiran/manage/new",
        data={"name": "", "category": "casino", "latitude": "106.64", "longitude": "-6.18",
              "opening_hours": "whenever", "ticket_price": "-5"},
    )  # fmt: skip
    assert answer.status_code == 422
    for field in ("name", "category", "latitude", "opening_hours", "ticket_price"):
        assert f'id="{field}-error"' in answer.text
    assert await Place.all().count() == 0


async def test_search_finds_places(demo_client: PortalClient) -> None:
    page = await demo_client.get("/search", params={"q": "Cipondoh"})
    assert "Situ Cipondoh" in text_of(page.text)


async def test_the_home_widget_shows_attractions_open_now_first(
    demo_client: PortalClient, people: People
) -> None:
    home = await demo_client.get("/")
    assert "/e-plesiran/widgets/highlights" in home.text
    assert "eplesiran.css" in home.text  # the card's badges are styled on the home page
    museum = await _place("Museum Benteng Heritage")
    await demo_client.sign_in(people.citizen.email, PASSWORD)
    await demo_client.post(f"/e-plesiran/p/{museum.id}/rate", data={"stars": "5"})
    # 22:00 in Tangerang: Pasar Lama (16:00-23:00) and the places open 24/7 come first; the
    # museum, the most rated, has closed (Tu-Su 10:00-17:00) and follows them.
    with frozen_city_time(datetime(2026, 12, 1, 22, 0, tzinfo=CITY_TIMEZONE)):
        card = await demo_client.get("/e-plesiran/widgets/highlights")
    listed = text_of(card.text)  # in Indonesian, the citizen's language
    assert listed.startswith(
        "Jembatan Berendeng Cagar budaya Sedang buka Kampung Bekelir Cagar budaya Sedang buka "
        "Pasar Lama Kuliner Sedang buka Museum Benteng Heritage Museum Sedang tutup"
    )
    assert card.text.count("<li>") == 4
    assert 'href="/e-plesiran/near"' in card.text and 'href="/e-plesiran/"' in card.text
    # At 11:00 the museum is open and, most rated, heads the card.
    with frozen_city_time(datetime(2026, 12, 1, 11, 0, tzinfo=CITY_TIMEZONE)):
        morning = text_of((await demo_client.get("/e-plesiran/widgets/highlights")).text)
    assert morning.startswith("Museum Benteng Heritage")
    page = await demo_client.get(f"/e-plesiran/p/{(await _place('Pasar Lama')).id}")
    assert "Pasar Lama" in text_of(page.text)


async def test_an_editor_adds_a_photo_and_a_fake_one_is_refused(
    client: PortalClient, people: People
) -> None:
    await client.sign_in(people.editor.email, PASSWORD)
    form = {
        "name": "Taman Potret",
        "category": "park",
        "latitude": "-6.176",
        "longitude": "106.6355",
    }
    refused = await client.post(
        "/e-plesiran/manage/new",
        data=form,
        files={"photo": ("taman.jpg", b"<script>not a picture</script>", "image/jpeg")},
    )
    assert refused.status_code == 422 and 'id="photo-error"' in refused.text
    assert await Place.all().count() == 0
    created = await client.post(
        "/e-plesiran/manage/new", data=form, files={"photo": ("taman.jpg", jpeg(), "image/jpeg")}
    )
    assert created.status_code == 303
    place = await Place.get(name="Taman Potret")
    assert place.photo_id is not None
    page = await client.get(f"/e-plesiran/p/{place.id}")
    assert 'class="eplesiran-photo"' in page.text
