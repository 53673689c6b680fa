"""Reading what people typed into typed values, or errors by form field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tangerang_live import FormErrors, InvalidInput, gettext, parse_nik

from simpati_rs.workflow import (
    BedError,
    Beds,
    DoctorData,
    HolidayData,
    LeaveData,
    Patient,
    Payer,
    PolyclinicData,
    SessionPlan,
    checked_beds,
)

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


# -- the catalogue --------------------------------------------------------------------------------

CODE_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_QUOTA = 500
MAX_ORDER = 1000


def _required_text(
    form: Mapping[str, object], name: str, errors: dict[str, str], limit: int = 120
) -> str:
    text = form_text(form, name, limit + 1)
    if not text:
        errors[name] = gettext("Fill this in.")
    elif len(text) > limit:
        errors[name] = gettext("At most %(n)s characters.", n=limit)
    return text


def _number(
    form: Mapping[str, object], name: str, errors: dict[str, str], low: int, high: int
) -> int:
    value = parse_int(form_text(form, name), low, high)
    if value is None:
        errors[name] = gettext("Enter a whole number from %(low)s to %(high)s.", low=low, high=high)
        return low
    return value


def _time(form: Mapping[str, object], name: str, errors: dict[str, str]) -> int:
    """Minutes after midnight from ``07:30``."""
    text = form_text(form, name, 5)
    hours, _colon, minutes = text.partition(":")
    h, m = parse_int(hours, 0, 23), parse_int(minutes, 0, 59)
    if h is None or m is None or len(minutes) != 2:
        errors[name] = gettext("Enter a time such as 07:30.")
        return 0
    return h * 60 + m


def _date(form: Mapping[str, object], name: str, errors: dict[str, str]) -> date:
    day = parse_day(form_text(form, name, 10))
    if day is None or not 2000 <= day.year <= 2100:
        errors[name] = gettext("Enter a date.")
        return date(2000, 1, 1)
    return day


def _active(form: Mapping[str, object]) -> bool:
    return form_text(form, "is_active") == "on"


def parse_polyclinic(form: Mapping[str, object]) -> PolyclinicData:
    """A polyclinic's code (``penyakit-dalam``), names and place in the list; ``FormErrors``."""
    errors: dict[str, str] = {}
    code = form_text(form, "code", 41).lower()
    if not CODE_PATTERN.fullmatch(code) or not 2 <= len(code) <= 40:
        errors["code"] = gettext(
            "2 to 40 small letters, digits and dashes, such as penyakit-dalam."
        )
    name_id = _required_text(form, "name_id", errors)
    name_en = _required_text(form, "name_en", errors)
    order = _number(form, "order", errors, 0, MAX_ORDER)
    if errors:
        raise FormErrors(errors)
    return PolyclinicData(code, name_id, name_en, order, _active(form))


def parse_doctor(form: Mapping[str, object]) -> DoctorData:
    errors: dict[str, str] = {}
    name = _required_text(form, "name", errors)
    if errors:
        raise FormErrors(errors)
    return DoctorData(name, _active(form))


def parse_session(form: Mapping[str, object], doctor_ids: Iterable[int]) -> SessionPlan:
    """The weekly plan, its doctor one of ``doctor_ids``; ``FormErrors`` for bad shapes.
    The rules between the fields are :func:`workflow.session_problems`."""
    errors: dict[str, str] = {}
    doctor_id = parse_int(form_text(form, "doctor"), 1)
    if doctor_id not in set(doctor_ids):
        errors["doctor"] = gettext("Choose a doctor.")
    weekday = _number(form, "weekday", errors, 0, 6)
    starts = _time(form, "starts", errors)
    ends = _time(form, "ends", errors)
    quota = _number(form, "quota", errors, 1, MAX_QUOTA)
    jkn_quota = _number(form, "jkn_quota", errors, 0, MAX_QUOTA)
    if errors or doctor_id is None:
        raise FormErrors(errors)
    return SessionPlan(doctor_id, weekday, starts, ends, quota, jkn_quota, _active(form))


def parse_leave(form: Mapping[str, object]) -> LeaveData:
    errors: dict[str, str] = {}
    starts_on = _date(form, "starts_on", errors)
    ends_on = _date(form, "ends_on", errors)
    reason = form_text(form, "reason", 201)
    if len(reason) > 200:
        errors["reason"] = gettext("At most %(n)s characters.", n=200)
    if errors:
        raise FormErrors(errors)
    return LeaveData(starts_on, ends_on, reason)


def parse_holiday(form: Mapping[str, object]) -> HolidayData:
    errors: dict[str, str] = {}
    day = _date(form, "day", errors)
    name = _required_text(form, "name", errors)
    if errors:
        raise FormErrors(errors)
    return HolidayData(day, name)
