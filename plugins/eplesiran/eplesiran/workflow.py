"""E-Plesiran's rules as pure functions over plain values: no database, no request.

- **Places** are attractions (heritage, religious, park, culinary, museum) or facilities, and a
  facility's category comes from its OpenStreetMap tags (:func:`category_for_tags`):
  ``amenity=fuel`` is a fuel station (SPBU), ``amenity=atm`` an ATM, ``amenity=place_of_worship``
  a place of worship (with its ``religion``), ``amenity=parking`` parking, ``amenity=toilets``
  toilets, and ``amenity=restaurant|cafe|fast_food|food_court`` food. Tags of no interest give
  ``None``: the place is not imported.
- **Roads** are OpenStreetMap ways with a ``highway`` tag. Which of them a profile may use, in
  which directions and how fast, is :func:`way_access`: cars and motorcycles keep to one-way
  streets (``oneway=yes|1|true|-1``, roundabouts, motorways) and never use footways, steps or
  paths; walkers use footways and walk both ways of a one-way street, but never a motorway or a
  trunk road. ``access=no|private`` closes a way to everyone unless the profile's own key
  (``foot``, ``motorcar``, ``motorcycle``) opens it again.
- **Turns** between two bearings are OSRM's modifiers (:func:`turn_modifier`).
- **Ratings** are whole stars from 1 to 5, one per citizen and attraction.
- **Opening hours** in OpenStreetMap's syntax say whether a place is open at a time in the
  city's time zone (:func:`open_at`); an expression the parser refuses means "unknown".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from opening_hours import OpeningHours, ParserError  # type: ignore[attr-defined]  # not in its stubs
from tangerang_live import CITY_TIMEZONE

EARTH_RADIUS_M = 6_371_008.8
"""The mean Earth radius that OSRM and most GIS tools use for great-circle distances."""


class Category(StrEnum):
    HERITAGE = "heritage"
    RELIGIOUS = "religious"
    PARK = "park"
    CULINARY = "culinary"
    MUSEUM = "museum"
    FUEL = "fuel"
    ATM = "atm"
    WORSHIP = "worship"
    PARKING = "parking"
    TOILETS = "toilets"
    FOOD = "food"


ATTRACTIONS = (
    Category.HERITAGE,
    Category.RELIGIOUS,
    Category.PARK,
    Category.CULINARY,
    Category.MUSEUM,
)
FACILITIES = (
    Category.FUEL,
    Category.ATM,
    Category.WORSHIP,
    Category.PARKING,
    Category.TOILETS,
    Category.FOOD,
)


def is_attraction(category: str) -> bool:
    return category in ATTRACTIONS


class Religion(StrEnum):
    """``religion=*`` values of the city's places of worship; anything else is ``other``."""

    MUSLIM = "muslim"
    CHRISTIAN = "christian"
    HINDU = "hindu"
    BUDDHIST = "buddhist"
    CONFUCIAN = "confucian"
    OTHER = "other"


def religion_of(value: str | None) -> str:
    """The religion of a place of worship from its ``religion`` tag ("" when untagged)."""
    if not value:
        return ""
    value = value.strip().lower()
    return value if value in set(Religion) else Religion.OTHER


FOOD_AMENITIES = frozenset({"restaurant", "cafe", "fast_food", "food_court"})
_AMENITY = {
    "fuel": Category.FUEL,
    "atm": Category.ATM,
    "place_of_worship": Category.WORSHIP,
    "parking": Category.PARKING,
    "toilets": Category.TOILETS,
    **{amenity: Category.FOOD for amenity in FOOD_AMENITIES},
}
_TOURISM = {"museum": Category.MUSEUM, "attraction": Category.HERITAGE}


def category_for_tags(tags: Mapping[str, str]) -> Category | None:
    """The place category of an OpenStreetMap object, or ``None`` when it is none of ours.

    A bank with an ATM inside (``amenity=bank`` + ``atm=yes``) counts as an ATM: that is what a
    visitor looking for cash wants.
    """
    amenity = tags.get("amenity", "")
    if amenity in _AMENITY:
        return _AMENITY[amenity]
    if amenity == "bank" and tags.get("atm") == "yes":
        return Category.ATM
    tourism = tags.get("tourism", "")
    if tourism in _TOURISM:
        return _TOURISM[tourism]
    return None


class Profile(StrEnum):
    DRIVING = "driving"
    MOTORCYCLE = "motorcycle"
    WALKING = "walking"


PROFILE_NAMES: dict[str, Profile] = {
    "driving": Profile.DRIVING,
    "car": Profile.DRIVING,
    "motorcycle": Profile.MOTORCYCLE,
    "walking": Profile.WALKING,
    "foot": Profile.WALKING,
}
"""Profile names an OSRM client may use, with OSRM's usual aliases ``car`` and ``foot``."""

MODE = {Profile.DRIVING: "driving", Profile.MOTORCYCLE: "driving", Profile.WALKING: "walking"}
"""OSRM's ``mode`` of a step for each profile."""

WALKING_SPEED_KMH = 5.0
_VEHICLE_SPEED_KMH = {
    "motorway": (80.0, 70.0),
    "trunk": (60.0, 55.0),
    "primary": (45.0, 45.0),
    "secondary": (40.0, 40.0),
    "tertiary": (30.0, 32.0),
    "unclassified": (25.0, 28.0),
    "residential": (20.0, 25.0),
    "living_street": (10.0, 12.0),
    "service": (15.0, 18.0),
    "road": (20.0, 25.0),
}
"""(car, motorcycle) speeds in km/h per ``highway`` class; ``*_link`` roads as their class.

City traffic, not speed limits: a motorcycle threads through a jam that holds a car back."""
_WALKABLE = frozenset(
    {
        "primary",
        "secondary",
        "tertiary",
        "unclassified",
        "residential",
        "living_street",
        "service",
        "road",
        "pedestrian",
        "footway",
        "path",
        "steps",
        "track",
        "cycleway",
        "bridleway",
        "corridor",
        "primary_link",
        "secondary_link",
        "tertiary_link",
    }
)
_CLOSED = frozenset({"no", "private"})
_OPEN = frozenset({"yes", "designated", "permissive", "destination"})
_PROFILE_KEY = {
    Profile.DRIVING: ("motor_vehicle", "motorcar"),
    Profile.MOTORCYCLE: ("motor_vehicle", "motorcycle"),
    Profile.WALKING: ("foot",),
}


@dataclass(frozen=True, slots=True)
class Access:
    """How one profile may use a way: along its nodes (forward), against them, and how fast."""

    forward: bool
    backward: bool
    speed_kmh: float


def way_access(tags: Mapping[str, str], profile: Profile) -> Access | None:
    """How ``profile`` may use a way with these tags, or ``None`` when it may not at all."""
    highway = tags.get("highway", "")
    if not highway or tags.get("area") == "yes" and highway != "pedestrian":
        return None
    own = [tags[key] for key in _PROFILE_KEY[profile] if key in tags]
    if own:
        if own[-1] in _CLOSED:
            return None
    elif tags.get("access") in _CLOSED:
        return None
    if profile == Profile.WALKING:
        if highway not in _WALKABLE and not (own and own[-1] in _OPEN):
            return None
        return Access(True, True, WALKING_SPEED_KMH)
    speeds = _VEHICLE_SPEED_KMH.get(highway.removesuffix("_link"))
    if speeds is None:
        return None
    speed = speeds[0] if profile == Profile.DRIVING else speeds[1]
    if "maxspeed" in tags:
        limit = _number(tags["maxspeed"])
        if limit is not None and limit > 0:
            speed = min(speed, limit)
    oneway = tags.get(f"oneway:{profile.value}", tags.get("oneway", ""))
    if oneway in ("yes", "1", "true"):
        return Access(True, False, speed)
    if oneway == "-1":
        return Access(False, True, speed)
    if oneway == "no":
        return Access(True, True, speed)
    implied = highway in ("motorway", "motorway_link") or tags.get("junction") in (
        "roundabout",
        "circular",
    )
    return Access(True, not implied, speed)


def _number(text: str) -> float | None:
    try:
        return float(text.split()[0])
    except (ValueError, IndexError):
        return None


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The great-circle distance in metres between two [lon, lat] points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing(lon1: float, lat1: float, lon2: float, lat2: float) -> int:
    """The initial bearing from the first point to the second, clockwise from north, 0..359."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return round(math.degrees(math.atan2(x, y))) % 360


def turn_modifier(bearing_before: int, bearing_after: int) -> str:
    """OSRM's modifier for turning from one bearing to another."""
    angle = (bearing_after - bearing_before + 540) % 360 - 180  # -180..180, right is positive
    size = abs(angle)
    side = "right" if angle > 0 else "left"
    if size < 20:
        return "straight"
    if size < 60:
        return f"slight {side}"
    if size < 140:
        return side
    if size < 170:
        return f"sharp {side}"
    return "uturn"


def whole_number(text: str) -> int | None:
    """``text`` as a non-negative whole number written in ASCII digits (``"²"`` is not one)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def valid_coordinate(lon: float, lat: float) -> bool:
    """Whether [lon, lat] is a point on Earth (finite, lon in ±180, lat in ±90)."""
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


MIN_STARS = 1
MAX_STARS = 5


def valid_stars(stars: int) -> bool:
    return MIN_STARS <= stars <= MAX_STARS


def average_stars(total: int, count: int) -> float | None:
    """The mean rating to one decimal, ``None`` before anybody rated."""
    return round(total / count, 1) if count else None


@lru_cache(maxsize=4096)
def _parsed_hours(expression: str) -> OpeningHours | None:
    try:
        return OpeningHours(expression, timezone=CITY_TIMEZONE, country="ID")
    except (ParserError, SyntaxError, ValueError):
        return None


def valid_opening_hours(expression: str) -> bool:
    return _parsed_hours(expression.strip()) is not None


def open_at(expression: str, at: datetime) -> bool | None:
    """Whether a place with these ``opening_hours`` is open at ``at`` (aware); ``None`` when the
    hours are missing, unparseable or say "unknown"."""
    expression = expression.strip()
    if not expression:
        return None
    hours = _parsed_hours(expression)
    if hours is None:
        return None
    local = at.astimezone(CITY_TIMEZONE)
    if hours.is_unknown(local):
        return None
    return bool(hours.is_open(local))
