"""Kota Tangerang as data: its 13 kecamatan, its time zone, and what "now" and "today" mean there.

Every service places things in a kecamatan and counts days on the city's clock (Western Indonesian
Time, WIB), whatever zone the server runs in; these are the one copy of both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CITY_TIMEZONE = ZoneInfo("Asia/Jakarta")
"""The city's time zone (WIB, UTC+7, no daylight saving)."""

CITY_CENTRE = (-6.1767, 106.6405)
"""Pusat Pemerintahan Kota Tangerang (latitude, longitude): where city maps start."""


@dataclass(frozen=True)
class Kecamatan:
    """One of the city's 13 districts.

    ``code`` is the Ministry of Home Affairs' area code (``36.71.05`` is Cipondoh), stable where
    names get spelt differently; store it rather than the name. The centre point is approximate
    (within a few km): good for suggesting a kecamatan the citizen then confirms, not for deciding.
    """

    code: str
    name: str
    latitude: float
    longitude: float


KECAMATAN: tuple[Kecamatan, ...] = (
    Kecamatan("36.71.03", "Batuceper", -6.155, 106.655),
    Kecamatan("36.71.04", "Benda", -6.130, 106.680),
    Kecamatan("36.71.09", "Cibodas", -6.195, 106.605),
    Kecamatan("36.71.06", "Ciledug", -6.230, 106.715),
    Kecamatan("36.71.05", "Cipondoh", -6.185, 106.680),
    Kecamatan("36.71.02", "Jatiuwung", -6.200, 106.580),
    Kecamatan("36.71.12", "Karangtengah", -6.215, 106.705),
    Kecamatan("36.71.07", "Karawaci", -6.170, 106.610),
    Kecamatan("36.71.13", "Larangan", -6.235, 106.735),
    Kecamatan("36.71.10", "Neglasari", -6.145, 106.625),
    Kecamatan("36.71.08", "Periuk", -6.170, 106.585),
    Kecamatan("36.71.11", "Pinang", -6.215, 106.675),
    Kecamatan("36.71.01", "Tangerang", -6.185, 106.635),
)
"""The 13 kecamatan of Kota Tangerang, in alphabetical order (the order to list them in)."""

_BY_CODE = {k.code: k for k in KECAMATAN}


def kecamatan_by_code(code: str) -> Kecamatan | None:
    """The kecamatan with this area code, or ``None`` for a code that is not one of the 13."""
    return _BY_CODE.get(code)


def nearest_kecamatan(latitude: float, longitude: float) -> Kecamatan:
    """The kecamatan whose centre is nearest to the point: a suggestion, for the citizen to confirm.

    Distances are compared on a plane scaled for the city's latitude, which ranks points a few
    kilometres apart exactly as the great-circle distance does.
    """
    scale = math.cos(math.radians(latitude))
    return min(
        KECAMATAN,
        key=lambda k: (k.latitude - latitude) ** 2 + ((k.longitude - longitude) * scale) ** 2,
    )


def city_now() -> datetime:
    """The current moment, timezone-aware, on the city's clock."""
    return datetime.now(UTC).astimezone(CITY_TIMEZONE)


def city_today() -> date:
    """Today's date in Kota Tangerang (after 17:00 UTC it is already tomorrow there)."""
    return city_now().date()
