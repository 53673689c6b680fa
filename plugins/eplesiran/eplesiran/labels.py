"""What users read for E-Plesiran's codes: categories, religions, profiles and manoeuvres."""

from __future__ import annotations

from tangerang_live import gettext as _

from eplesiran.routing import Step
from eplesiran.workflow import Category, Profile, Religion


def category_label(category: str) -> str:
    labels: dict[str, str] = {
        Category.HERITAGE: _("Heritage"),
        Category.RELIGIOUS: _("Religious site"),
        Category.PARK: _("Park"),
        Category.CULINARY: _("Culinary"),
        Category.MUSEUM: _("Museum"),
        Category.FUEL: _("Fuel station (SPBU)"),
        Category.ATM: _("ATM"),
        Category.WORSHIP: _("Place of worship"),
        Category.PARKING: _("Parking"),
        Category.TOILETS: _("Toilets"),
        Category.FOOD: _("Food"),
    }
    return labels.get(category, category)


def religion_label(religion: str) -> str:
    labels: dict[str, str] = {
        Religion.MUSLIM: _("Islam (mosque, musala)"),
        Religion.CHRISTIAN: _("Christian (church)"),
        Religion.HINDU: _("Hindu (pura)"),
        Religion.BUDDHIST: _("Buddhist (vihara)"),
        Religion.CONFUCIAN: _("Confucian (klenteng)"),
        Religion.OTHER: _("Other"),
    }
    return labels.get(religion, religion)


def profile_label(profile: str) -> str:
    labels: dict[str, str] = {
        Profile.DRIVING: _("Car"),
        Profile.MOTORCYCLE: _("Motorcycle"),
        Profile.WALKING: _("On foot"),
    }
    return labels.get(profile, profile)


def _direction(modifier: str | None) -> str:
    return {
        "straight": _("straight on"),
        "slight right": _("slightly right"),
        "right": _("right"),
        "sharp right": _("sharp right"),
        "slight left": _("slightly left"),
        "left": _("left"),
        "sharp left": _("sharp left"),
        "uturn": _("around"),
    }.get(modifier or "", _("straight on"))


def instruction(step: Step) -> str:
    """A step as a sentence in the user's language: "Belok kiri ke Jl. …" / "Turn left onto …"."""
    street = step.name or _("an unnamed road")
    if step.type == "depart":
        return _("Head out on %(street)s") % {"street": street}
    if step.type == "arrive":
        return _("You have arrived")
    if step.type == "new name" or step.modifier == "straight":
        return _("Continue onto %(street)s") % {"street": street}
    if step.modifier == "uturn":
        return _("Make a U-turn onto %(street)s") % {"street": street}
    if step.type == "continue":
        return _("Keep %(direction)s on %(street)s") % {
            "direction": _direction(step.modifier),
            "street": street,
        }
    return _("Turn %(direction)s onto %(street)s") % {
        "direction": _direction(step.modifier),
        "street": street,
    }
