"""Parsing request input into typed values or errors next to the fields."""

from __future__ import annotations

import math
from typing import Any

from tangerang_live import KECAMATAN, FormErrors
from tangerang_live import gettext as _

from eplesiran.services import PlaceData
from eplesiran.workflow import (
    PROFILE_NAMES,
    Category,
    Profile,
    religion_of,
    valid_opening_hours,
    valid_stars,
    whole_number,
)

LIMITS = {
    "name": 200,
    "description_id": 5000,
    "description_en": 5000,
    "address": 255,
    "opening_hours": 255,
    "contact": 200,
    "accessibility": 2000,
    "brand": 120,
    "operator": 120,
}
KECAMATAN_NAMES = tuple(k.name for k in KECAMATAN)
MAX_TICKET_PRICE = 100_000_000


def text(form: Any, name: str, limit: int = 255) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def coordinates(
    form: Any, errors: dict[str, str], lat_name: str = "latitude", lon_name: str = "longitude"
) -> tuple[float, float] | None:
    """[lon, lat] from two fields, or errors on them."""
    lat, lon = number(text(form, lat_name)), number(text(form, lon_name))
    if lat is None or not -90 <= lat <= 90:
        errors[lat_name] = _("Latitude is a number from -90 to 90, e.g. -6.1767.")
    if lon is None or not -180 <= lon <= 180:
        errors[lon_name] = _("Longitude is a number from -180 to 180, e.g. 106.6405.")
    if lat is None or lon is None or lat_name in errors or lon_name in errors:
        return None
    return lon, lat


def parse_place(form: Any) -> PlaceData:
    """A place form's fields as PlaceData; raises FormErrors with a message per wrong field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {key: text(form, key, limit) for key, limit in LIMITS.items()}
    if not values["name"]:
        errors["name"] = _("Give the place a name.")
    category = text(form, "category")
    if category not in set(Category):
        errors["category"] = _("Choose a category.")
    point = coordinates(form, errors)
    kecamatan = text(form, "kecamatan")
    if kecamatan and kecamatan not in KECAMATAN_NAMES:
        errors["kecamatan"] = _("Choose one of the 13 kecamatan.")
    if values["opening_hours"] and not valid_opening_hours(values["opening_hours"]):
        errors["opening_hours"] = _(
            "Write the hours in OpenStreetMap's opening_hours syntax, e.g. Mo-Su 08:00-17:00."
        )
    price_text = text(form, "ticket_price").replace(".", "")
    price: int | None = None
    if price_text:
        price = whole_number(price_text)
        if price is None or price > MAX_TICKET_PRICE:
            errors["ticket_price"] = _("The ticket price is whole rupiah, e.g. 10000 (0 if free).")
    religion = text(form, "religion")
    if religion and religion_of(religion) != religion:
        errors["religion"] = _("Choose a religion from the list.")
    if errors:
        raise FormErrors(errors)
    assert point is not None
    return PlaceData(
        category=Category(category),
        latitude=point[1],
        longitude=point[0],
        kecamatan=kecamatan,
        ticket_price=price,
        religion=religion if category == Category.WORSHIP else "",
        **values,
    )


def parse_stars(form: Any) -> int:
    stars = whole_number(text(form, "stars"))
    if stars is None or not valid_stars(stars):
        raise FormErrors({"stars": _("Choose from 1 to 5 stars.")})
    return stars


def parse_profile(raw: str) -> Profile | None:
    return PROFILE_NAMES.get(raw) if raw else Profile.DRIVING
