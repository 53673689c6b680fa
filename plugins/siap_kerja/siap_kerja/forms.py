"""Checking what people typed: typed values, or an error for each field that is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from tangerang_live import (
    CITY_TIMEZONE,
    KECAMATAN,
    InvalidInput,
    normalize_phone,
    parse_nik,
)
from tangerang_live import gettext as _

from siap_kerja.search import MAX_QUERY_WORDS, POSTED_WITHIN_DAYS, Filters
from siap_kerja.services import CardRequest, EmployerDetails, SeekerDetails, VacancyDetails
from siap_kerja.workflow import (
    Education,
    EmploymentType,
    Sector,
    domiciled_in_city,
    salary_problem,
)

EMPLOYER_FIELDS = (
    "name", "nib", "npwp", "sector", "address", "kecamatan", "contact_name", "contact_phone",
)  # fmt: skip
"""The company form's fields (see :func:`employer_details`)."""
KECAMATAN_CODES = {k.code: k for k in KECAMATAN}
MAX_SALARY = 1_000_000_000
"""Rupiah per month; more is a typing slip (and would not fit the column)."""
MAX_OPENINGS = 1000
MAX_CLOSING_DAYS = 365
MAX_QUERY = 100
MAX_NOTE = 2000


def text(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def long_text(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return value.strip().replace("\r\n", "\n") if isinstance(value, str) else ""


def _length(value: str, name: str, low: int, high: int, errors: dict[str, str]) -> str:
    if not low <= len(value) <= high:
        errors[name] = _("Write %(min)s to %(max)s characters.", min=low, max=high)
    return value


def _kecamatan(value: str, errors: dict[str, str], required: bool = True) -> str:
    if value in KECAMATAN_CODES or (not value and not required):
        return value
    errors["kecamatan"] = _("Choose the kecamatan.")
    return ""


def _int(value: str, name: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    digits = value.replace(".", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit() or not low <= int(digits) <= high:
        errors[name] = _("Write a whole number from %(min)s to %(max)s.", min=low, max=high)
        return None
    return int(digits)


def _choice(value: str, options: type, name: str, message: str, errors: dict[str, str]):
    try:
        return options(int(value) if issubclass(options, int) and value.isdigit() else value)
    except ValueError:
        errors[name] = message
        return None


def _date(value: str, name: str, errors: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("Write a date such as 2026-12-31.")
        return None


def employer_details(form: Mapping[str, object]) -> tuple[EmployerDetails | None, dict[str, str]]:
    errors: dict[str, str] = {}
    name = _length(text(form, "name"), "name", 3, 160, errors)
    nib = text(form, "nib").replace(" ", "")
    if not (len(nib) == 13 and nib.isascii() and nib.isdigit()):
        errors["nib"] = _("An NIB has exactly 13 digits.")
    npwp = "".join(c for c in text(form, "npwp") if c not in ".- ")
    if not (len(npwp) in (15, 16) and npwp.isascii() and npwp.isdigit()):
        errors["npwp"] = _("An NPWP has 15 or 16 digits.")
    sector = _choice(text(form, "sector"), Sector, "sector", _("Choose the sector."), errors)
    address = _length(text(form, "address"), "address", 5, 255, errors)
    kecamatan = _kecamatan(text(form, "kecamatan"), errors)
    contact_name = _length(text(form, "contact_name"), "contact_name", 3, 120, errors)
    phone = ""
    try:
        phone = normalize_phone(text(form, "contact_phone"))
    except InvalidInput as exc:
        errors["contact_phone"] = str(exc)
    if errors:
        return None, errors
    return EmployerDetails(name, nib, npwp, sector, address, kecamatan, contact_name, phone), errors


def vacancy_details(
    form: Mapping[str, object], today: date
) -> tuple[VacancyDetails | None, dict[str, str]]:
    errors: dict[str, str] = {}
    title = _length(text(form, "title"), "title", 5, 120, errors)
    description = _length(long_text(form, "description"), "description", 20, 5000, errors)
    kecamatan = _kecamatan(text(form, "kecamatan"), errors)
    address = _length(text(form, "address"), "address", 5, 255, errors)
    employment = _choice(
        text(form, "employment_type"), EmploymentType, "employment_type",
        _("Choose the type of work."), errors,
    )  # fmt: skip
    salary_min = salary_max = None
    if not form.get("negotiable"):
        salary_min = _int(text(form, "salary_min"), "salary_min", 0, MAX_SALARY, errors)
        salary_max = _int(text(form, "salary_max"), "salary_max", 0, MAX_SALARY, errors)
        both = salary_min is not None and salary_max is not None
        if both and salary_problem(salary_min, salary_max) == "order":
            errors["salary_max"] = _("The highest salary cannot be below the lowest.")
    education = _choice(
        text(form, "education"), Education, "education", _("Choose the schooling needed."), errors
    )
    experience = _int(text(form, "experience_years") or "0", "experience_years", 0, 40, errors)
    skills = _length(text(form, "skills"), "skills", 0, 255, errors)
    openings = _int(text(form, "openings"), "openings", 1, MAX_OPENINGS, errors)
    closes_on = _date(text(form, "closes_on"), "closes_on", errors)
    if closes_on is not None and closes_on < today:
        errors["closes_on"] = _("The closing date cannot be in the past.")
    elif closes_on is not None and closes_on > today + timedelta(days=MAX_CLOSING_DAYS):
        errors["closes_on"] = _("Close the vacancy within a year.")
    if errors:
        return None, errors
    assert employment is not None and education is not None and openings is not None
    assert closes_on is not None and experience is not None
    return VacancyDetails(
        title=title,
        description=description,
        kecamatan=kecamatan,
        address=address,
        employment_type=employment,
        salary_min=salary_min,
        salary_max=salary_max,
        education=education,
        experience_years=experience,
        skills=skills,
        openings=openings,
        closes_on=closes_on,
    ), errors


def seeker_details(form: Mapping[str, object]) -> tuple[SeekerDetails | None, dict[str, str]]:
    errors: dict[str, str] = {}
    education = _choice(
        text(form, "education"), Education, "education", _("Choose your schooling."), errors
    )
    skills = _length(text(form, "skills"), "skills", 0, 255, errors)
    experience = _length(long_text(form, "experience"), "experience", 0, MAX_NOTE, errors)
    kecamatan = _kecamatan(text(form, "kecamatan"), errors)
    if errors or education is None:
        return None, errors
    return SeekerDetails(education, skills, experience, kecamatan), errors


def card_request(
    form: Mapping[str, object], today: date
) -> tuple[CardRequest | None, dict[str, str]]:
    errors: dict[str, str] = {}
    full_name = _length(text(form, "full_name"), "full_name", 3, 120, errors)
    nik = None
    try:
        nik = parse_nik(text(form, "nik"), today=today)
    except InvalidInput as exc:
        errors["nik"] = str(exc)
    if nik is not None and not domiciled_in_city(nik.number):
        errors["nik"] = _("The AK/1 card is issued to residents of Kota Tangerang (NIK 3671…).")
    education = _choice(
        text(form, "education"), Education, "education", _("Choose your schooling."), errors
    )
    address = _length(text(form, "address"), "address", 5, 255, errors)
    kecamatan = _kecamatan(text(form, "kecamatan"), errors)
    if errors or nik is None or education is None:
        return None, errors
    return CardRequest(full_name, nik.number, nik.birth_date, education, address, kecamatan), errors


def interview(form: Mapping[str, object]) -> tuple[datetime | None, str, dict[str, str]]:
    """The interview's moment (typed in city time) and place."""
    errors: dict[str, str] = {}
    moment = None
    try:
        moment = datetime.fromisoformat(text(form, "interview_at")).replace(tzinfo=CITY_TIMEZONE)
    except ValueError:
        errors["interview_at"] = _("Give the interview's date and time.")
    place = _length(text(form, "interview_place"), "interview_place", 3, 255, errors)
    return moment, place, errors


def search_filters(params: Mapping[str, str]) -> tuple[Filters, dict[str, str]]:
    """The vacancy search as typed in the query string; a wrong value is an error on its field."""
    errors: dict[str, str] = {}
    q = text(params, "q")
    if len(q) > MAX_QUERY:
        errors["q"] = _("Search with at most %(n)s characters.", n=MAX_QUERY)
        q = ""
    elif len(q.split()) > MAX_QUERY_WORDS:
        errors["q"] = _("Search with at most %(n)s words.", n=MAX_QUERY_WORDS)
        q = ""
    kecamatan = _kecamatan(text(params, "kecamatan"), errors, required=False)
    employment = None
    if text(params, "type"):
        employment = _choice(
            text(params, "type"), EmploymentType, "type", _("Choose the type of work."), errors
        )
    salary = None
    if text(params, "salary"):
        salary = _int(text(params, "salary"), "salary", 0, MAX_SALARY, errors)
    education = None
    if text(params, "education"):
        education = _choice(
            text(params, "education"), Education, "education", _("Choose a schooling level."),
            errors,
        )  # fmt: skip
    posted = None
    if text(params, "posted"):
        value = text(params, "posted")
        if value.isdigit() and int(value) in POSTED_WITHIN_DAYS:
            posted = int(value)
        else:
            errors["posted"] = _("Choose how recent the vacancies should be.")
    return Filters(q, kecamatan, employment, salary, education, posted), errors
