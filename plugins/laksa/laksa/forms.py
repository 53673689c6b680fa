"""Checking what a citizen (or an Open311 client) typed; each error belongs to one field."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tangerang_live import gettext as _
from tangerang_live import nearest_kecamatan, parse_id

from laksa.models import KECAMATAN, Category, NameShown, Privacy
from laksa.services import NewReport

# Kota Tangerang with a margin (approx.): a pin outside it is a slip of the finger.
CITY_BOUNDS = (-6.30, -6.08, 106.54, 106.78)
TITLE_LENGTH = (5, 120)
DERIVED_TITLE = 80
"""A title made from the description stops at a word before this many characters."""
DESCRIPTION_LENGTH = (10, 4000)
ADDRESS_LENGTH = 255


def parse_float(text: str) -> float | None:
    """A finite number, or ``None``."""
    return _float(text)


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None
    return value if value == value and abs(value) != float("inf") else None


def check_location(
    latitude: str, longitude: str, address: str, errors: dict[str, str]
) -> tuple[float | None, float | None]:
    """A pin inside the city, or a typed address; errors go under ``location``/``address``."""
    lat = lon = None
    if latitude or longitude:
        lat, lon = _float(latitude), _float(longitude)
        if lat is None or lon is None:
            errors["location"] = _("The map position is not valid: place the pin again.")
        elif not in_city(lat, lon):
            errors["location"] = _("The pin is outside Kota Tangerang.")
    elif not address:
        errors["location"] = _("Place a pin on the map or type the address.")
    if len(address) > ADDRESS_LENGTH:
        errors["address"] = _(
            "The address is too long (at most %(n)s characters).", n=ADDRESS_LENGTH
        )
    return lat, lon


def suggested_kecamatan(latitude: float | None, longitude: float | None) -> str:
    """The kecamatan a pin inside the city lies in (the nearest centre), or ``""``."""
    if latitude is None or longitude is None or not in_city(latitude, longitude):
        return ""
    return nearest_kecamatan(latitude, longitude).name


def in_city(latitude: float, longitude: float) -> bool:
    south, north, west, east = CITY_BOUNDS
    return south <= latitude <= north and west <= longitude <= east


def check_kecamatan(value: str, errors: dict[str, str], suggested: str = "") -> str:
    """The kecamatan chosen, else the one the pin suggests; a pin-less report must name one."""
    match = next((k for k in KECAMATAN if k.lower() == value.strip().lower()), "")
    if not match and not value.strip():
        match = suggested
    if not match:
        errors["kecamatan"] = _("Choose the kecamatan.")
    return match


def derive_title(description: str, category: str) -> str:
    """A title for a report sent without one: the description's first sentence, cut at a word
    (lists show the category beside it, so the description's own words say the most); the
    category's name leads a sentence too short to stand alone."""
    words = " ".join(description.split())
    first = re.split(r"(?<=[.!?])\s", words, maxsplit=1)[0].rstrip(".!? ")
    if len(first) > DERIVED_TITLE:
        cut = first[: DERIVED_TITLE - 1].rsplit(" ", 1)[0]
        first = (cut if len(cut) >= TITLE_LENGTH[0] else first[: DERIVED_TITLE - 1]) + "…"
    if len(first) < TITLE_LENGTH[0]:
        first = f"{category} – {words}" if words else category
    return first[: TITLE_LENGTH[1]]


def check_text(title: str, description: str, errors: dict[str, str]) -> None:
    if title and not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        errors["title"] = _(
            "Write a title of %(min)s to %(max)s characters.",
            min=TITLE_LENGTH[0],
            max=TITLE_LENGTH[1],
        )
    if not DESCRIPTION_LENGTH[0] <= len(description) <= DESCRIPTION_LENGTH[1]:
        errors["description"] = _(
            "Describe the problem in %(min)s to %(max)s characters.",
            min=DESCRIPTION_LENGTH[0],
            max=DESCRIPTION_LENGTH[1],
        )


async def validate_report(form: Mapping[str, str]) -> tuple[NewReport | None, dict[str, str]]:
    """The report the web form describes, or the errors to show next to its fields."""
    errors: dict[str, str] = {}
    category = None
    category_id = parse_id(form.get("category"))
    if category_id is not None:
        category = await Category.get_or_none(id=category_id, is_active=True)
    if category is None:
        errors["category"] = _("Choose what the report is about.")
    title = " ".join(form.get("title", "").split())
    description = form.get("description", "").strip()
    check_text(title, description, errors)
    address = " ".join(form.get("address", "").split())
    lat, lon = check_location(
        form.get("latitude", "").strip(), form.get("longitude", "").strip(), address, errors
    )
    kecamatan = check_kecamatan(form.get("kecamatan", ""), errors, suggested_kecamatan(lat, lon))
    if not title and category is not None and "description" not in errors:
        title = derive_title(description, category.name_id)
    try:
        privacy = Privacy(form.get("privacy", Privacy.PUBLIC))
    except ValueError:
        errors["privacy"] = _("Choose who may see the report.")
        privacy = Privacy.PUBLIC
    try:
        name_shown = NameShown(form.get("name_shown") or NameShown.KECAMATAN)
    except ValueError:
        errors["name_shown"] = _("Choose how your name is shown.")
        name_shown = NameShown.KECAMATAN
    if errors or category is None:
        return None, errors
    return (
        NewReport(
            category=category,
            title=title,
            description=description,
            kecamatan=kecamatan,
            privacy=privacy,
            name_shown=name_shown,
            latitude=lat,
            longitude=lon,
            address=address,
        ),
        {},
    )
