"""Checking what a citizen (or an Open311 client) typed; each error belongs to one field."""

from __future__ import annotations

from collections.abc import Mapping

from tangerang_live import gettext as _
from tangerang_live import parse_id

from laksa.models import KECAMATAN, Category, NameShown, Privacy
from laksa.services import NewReport

# Kota Tangerang with a margin (approx.): a pin outside it is a slip of the finger.
CITY_BOUNDS = (-6.30, -6.08, 106.54, 106.78)
TITLE_LENGTH = (5, 120)
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
        south, north, west, east = CITY_BOUNDS
        if lat is None or lon is None:
            errors["location"] = _("The map position is not valid: place the pin again.")
        elif not (south <= lat <= north and west <= lon <= east):
            errors["location"] = _("The pin is outside Kota Tangerang.")
    elif not address:
        errors["location"] = _("Place a pin on the map or type the address.")
    if len(address) > ADDRESS_LENGTH:
        errors["address"] = _(
            "The address is too long (at most %(n)s characters).", n=ADDRESS_LENGTH
        )
    return lat, lon


def check_kecamatan(value: str, errors: dict[str, str]) -> str:
    match = next((k for k in KECAMATAN if k.lower() == value.strip().lower()), "")
    if not match:
        errors["kecamatan"] = _("Choose the kecamatan.")
    return match


def check_text(title: str, description: str, errors: dict[str, str]) -> None:
    if not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
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
    kecamatan = check_kecamatan(form.get("kecamatan", ""), errors)
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
