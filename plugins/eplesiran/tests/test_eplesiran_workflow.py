"""E-Plesiran's rules: tag mapping, road access per profile, turns, opening hours, nearest."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from eplesiran.geo import PointIndex
from eplesiran.workflow import (
    Category,
    Profile,
    bearing,
    category_for_tags,
    haversine_m,
    open_at,
    religion_of,
    turn_modifier,
    valid_coordinate,
    way_access,
)
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("tags", "category"),
    [
        ({"amenity": "fuel", "brand": "Pertamina"}, Category.FUEL),
        ({"amenity": "atm", "operator": "Bank BJB"}, Category.ATM),
        ({"amenity": "bank", "atm": "yes"}, Category.ATM),
        ({"amenity": "bank"}, None),
        ({"amenity": "place_of_worship", "religion": "muslim"}, Category.WORSHIP),
        ({"amenity": "parking"}, Category.PARKING),
        ({"amenity": "toilets"}, Category.TOILETS),
        ({"amenity": "restaurant"}, Category.FOOD),
        ({"amenity": "fast_food"}, Category.FOOD),
        ({"tourism": "museum"}, Category.MUSEUM),
        ({"highway": "residential"}, None),
        ({}, None),
    ],
)
def test_places_get_their_category_from_osm_tags(tags, category) -> None:
    assert category_for_tags(tags) == category


def test_religions_are_the_osm_values_or_other() -> None:
    assert religion_of("muslim") == "muslim"
    assert religion_of("Confucian") == "confucian"
    assert religion_of("jewish") == "other"
    assert religion_of(None) == ""


def test_cars_keep_to_one_way_streets_and_walkers_do_not() -> None:
    street = {"highway": "residential", "oneway": "yes"}
    car = way_access(street, Profile.DRIVING)
    assert car is not None and car.forward and not car.backward
    back = way_access({**street, "oneway": "-1"}, Profile.MOTORCYCLE)
    assert back is not None and back.backward and not back.forward
    walker = way_access(street, Profile.WALKING)
    assert walker is not None and walker.forward and walker.backward
    roundabout = way_access({"highway": "primary", "junction": "roundabout"}, Profile.DRIVING)
    assert roundabout is not None and not roundabout.backward


def test_footways_are_for_walkers_only_and_motorways_for_vehicles_only() -> None:
    assert way_access({"highway": "footway"}, Profile.DRIVING) is None
    assert way_access({"highway": "steps"}, Profile.MOTORCYCLE) is None
    assert way_access({"highway": "footway"}, Profile.WALKING) is not None
    assert way_access({"highway": "motorway"}, Profile.WALKING) is None
    assert way_access({"highway": "motorway"}, Profile.DRIVING) is not None


def test_access_tags_close_and_reopen_ways() -> None:
    private = {"highway": "service", "access": "private"}
    assert way_access(private, Profile.DRIVING) is None
    assert way_access({**private, "foot": "yes"}, Profile.WALKING) is not None
    assert way_access({"highway": "residential", "motorcar": "no"}, Profile.DRIVING) is None
    assert way_access({"highway": "residential", "motorcar": "no"}, Profile.MOTORCYCLE)


@given(st.integers(0, 359), st.integers(-179, 179))
def test_turn_modifiers_follow_the_angle(before: int, angle: int) -> None:
    modifier = turn_modifier(before, (before + angle) % 360)
    if abs(angle) < 20:
        assert modifier == "straight"
    elif abs(angle) >= 170:
        assert modifier == "uturn"
    else:
        assert modifier.endswith("right" if angle > 0 else "left")


def test_bearings_point_the_right_way() -> None:
    assert bearing(106.63, -6.18, 106.63, -6.17) == 0  # north
    assert bearing(106.63, -6.18, 106.64, -6.18) == 90  # east
    assert bearing(106.63, -6.18, 106.63, -6.19) == 180


def test_opening_hours_are_read_in_jakarta_time() -> None:
    hours = "Mo-Su 08:00-17:00"
    assert open_at(hours, datetime(2026, 12, 1, 3, 0, tzinfo=UTC)) is True  # 10:00 WIB
    assert open_at(hours, datetime(2026, 12, 1, 11, 0, tzinfo=UTC)) is False  # 18:00 WIB
    assert open_at(hours, datetime(2026, 12, 1, 0, 30, tzinfo=UTC)) is False  # 07:30 WIB
    assert open_at("24/7", datetime(2026, 12, 1, 20, 0, tzinfo=UTC)) is True
    assert open_at("not hours at all", datetime(2026, 12, 1, tzinfo=UTC)) is None
    assert open_at("", datetime(2026, 12, 1, tzinfo=UTC)) is None


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True))
def test_only_points_on_earth_are_valid(lon: float, lat: float) -> None:
    expected = math.isfinite(lon) and math.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= 90
    assert valid_coordinate(lon, lat) == expected


points = st.lists(
    st.tuples(st.floats(106.55, 106.75), st.floats(-6.25, -6.10)), min_size=1, max_size=60
)


@settings(max_examples=80, deadline=None)
@given(
    points=points,
    here=st.tuples(st.floats(106.5, 106.8), st.floats(-6.3, -6.0)),
    k=st.integers(1, 12),
)
def test_nearest_equals_brute_force(points, here, k: int) -> None:
    index = PointIndex([p[0] for p in points], [p[1] for p in points])
    found, metres = index.nearest(*here, k=k)
    brute = sorted(haversine_m(*here, *p) for p in points)[:k]
    assert len(found) == min(k, len(points))
    assert list(metres) == pytest.approx(brute, abs=1e-3)
    for i, d in zip(found, metres, strict=True):
        assert haversine_m(*here, *points[i]) == pytest.approx(d, abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(points=points, here=st.tuples(st.floats(106.5, 106.8), st.floats(-6.3, -6.0)))
def test_nearest_within_a_radius_leaves_out_what_is_farther(points, here) -> None:
    index = PointIndex([p[0] for p in points], [p[1] for p in points])
    found, metres = index.nearest(*here, k=len(points), max_metres=3000)
    inside = [d for d in (haversine_m(*here, *p) for p in points) if d <= 3000 - 1e-3]
    assert len(found) >= len(inside)
    assert all(d <= 3000 + 1e-3 for d in metres)
