"""Reading what people typed into typed values, or errors by form field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tangerang_live import InvalidInput, gettext, parse_nik

from simpati_rs.workflow import BedError, Beds, Patient, Payer, checked_beds

NAME_LENGTH = (3, 120)
REFERRAL_LENGTH = 40
MAX_BEDS = 2000


def form_text(form: Mapping[str, object], name: str, limit: int = 200) -> str:
    return " ".join(str(form.get(name, "")).split())[:limit]


def parse_day(text: str) -> date | None:
    """An ISO date (``2026-12-02``), or ``None``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_int(text: str | None, low: int = 0, high: int = 2**31 - 1) -> int | None:
    """A whole number within ``low..high`` typed as plain digits (an optional minus), else
    ``None``; never a 500 for ``1e9``, ``٣`` or an empty string."""
    text = (text or "").strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        return None
    value = int(text)
    return value if low <= value <= high else None


@dataclass(frozen=True)
class BookingChoice:
    session_id: int
    day: date


def parse_choice(form: Mapping[str, str], errors: dict[str, str]) -> BookingChoice | None:
    session_id = parse_int(form.get("session"), 1)
    day = parse_day(str(form.get("day", "")))
    if session_id is None or day is None:
        errors["session"] = gettext("Choose a session.")
        return None
    return BookingChoice(session_id, day)


def parse_patient(form: Mapping[str, str], errors: dict[str, str]) -> Patient | None:
    """The patient's details; shape errors go next to their fields (the rules that compare
    them, such as NIK against date of birth, are :func:`workflow.patient_refusals`)."""
    name = form_text(form, "patient_name")
    if not NAME_LENGTH[0] <= len(name) <= NAME_LENGTH[1]:
        errors["patient_name"] = gettext("Write the patient's full name.")
    nik = "".join(str(form.get("nik", "")).split())
    try:
        parse_nik(nik)
    except InvalidInput as exc:
        errors["nik"] = str(exc)
    born = parse_day(str(form.get("born", "")))
    if born is None or born > date.today() or born.year < 1900:
        errors["born"] = gettext("Enter the date of birth.")
    try:
        payer = Payer(str(form.get("payer", "")))
    except ValueError:
        errors["payer"] = gettext("Choose how the visit is paid.")
        payer = Payer.GENERAL
    jkn_number = "".join(str(form.get("jkn_number", "")).split())
    referral = form_text(form, "referral", REFERRAL_LENGTH + 1)
    if len(referral) > REFERRAL_LENGTH:
        errors["referral"] = gettext("The referral number is too long.")
    if errors or born is None:
        return None
    return Patient(name, nik, born, payer, jkn_number, referral)


def parse_beds(form: Mapping[str, str], errors: dict[str, str]) -> Beds | None:
    values: dict[str, int] = {}
    for name in ("capacity", "occupied", "waiting"):
        parsed = parse_int(form.get(name), 0, MAX_BEDS)
        if parsed is None:
            errors[name] = gettext("Enter a whole number from 0 to %(n)s.", n=MAX_BEDS)
        else:
            values[name] = parsed
    if errors:
        return None
    try:
        return checked_beds(values["capacity"], values["occupied"], values["waiting"])
    except BedError as exc:
        errors[exc.field] = gettext("Occupied beds cannot be more than the capacity.")
        return None
