"""What several SIAP Kerja pages share: finding records for a viewer, and showing vacancies."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from tangerang_live import (
    KECAMATAN,
    User,
    current_locale,
    current_user,
    kecamatan_by_code,
    plugin_context,
)
from tangerang_live import gettext as _
from tortoise.queryset import QuerySet

from siap_kerja import access
from siap_kerja.labels import (
    education_label,
    employment_label,
    rupiah,
    sector_label,
    vacancy_status_label,
)
from siap_kerja.models import Application, Employer, Vacancy
from siap_kerja.workflow import VacancyStatus, is_expired

MAX_ID = 2**31 - 1
"""Row ids are 32-bit: a larger number in a URL names nothing (and must not reach the database)."""


def path_id(request: Request) -> int:
    """The ``{id:int}`` of the URL, or 404 when no row can have it."""
    value = request.path_params["id"]
    if not 0 < value <= MAX_ID:
        raise HTTPException(404)
    return value


def kecamatan_name(code: str) -> str:
    found = kecamatan_by_code(code)
    return found.name if found else code


def salary_text(low: int | None, high: int | None) -> str:
    """A vacancy's monthly salary range in rupiah, or "negotiable" without one."""
    if low is None or high is None:
        return _("Negotiable")
    if low == high:
        return _("%(amount)s a month", amount=rupiah(low))
    return _("%(low)s – %(high)s a month", low=rupiah(low), high=rupiah(high))


@dataclass(frozen=True)
class VacancyView:
    """A vacancy as a list row or page shows it."""

    vacancy: Vacancy
    employer: Employer
    kecamatan: str
    employment: str
    education: str
    salary: str
    status: str
    expired: bool


def vacancy_view(vacancy: Vacancy, employer: Employer, today: date) -> VacancyView:
    return VacancyView(
        vacancy=vacancy,
        employer=employer,
        kecamatan=kecamatan_name(vacancy.kecamatan),
        employment=employment_label(vacancy.employment_type),
        education=education_label(vacancy.education),
        salary=salary_text(vacancy.salary_min, vacancy.salary_max),
        status=vacancy_status_label(vacancy.status),
        expired=vacancy.status == VacancyStatus.OPEN and is_expired(vacancy.closes_on, today),
    )


@dataclass(frozen=True, slots=True)
class ListedVacancy:
    """A vacancy as a list row shows it (``vacancy_row`` in ``_macros.html``): a search page or
    widget reads just these columns, as plain rows, instead of two model objects per row."""

    id: int
    title: str
    employer: str
    kecamatan: str
    employment: str
    salary: str
    closes_on: date


LISTED_FIELDS = (
    "id", "title", "employer__name", "kecamatan", "employment_type", "salary_min", "salary_max",
    "closes_on",
)  # fmt: skip


async def listed_vacancies(
    vacancies: QuerySet[Vacancy], ids: list[int] | None = None
) -> list[ListedVacancy]:
    """The rows of ``vacancies`` as a list shows them; with ``ids``, those in that order."""
    rows = await vacancies.values(*LISTED_FIELDS)
    if ids is not None:
        by_id = {row["id"]: row for row in rows}
        rows = [by_id[i] for i in ids if i in by_id]
    return [
        ListedVacancy(
            id=row["id"],
            title=row["title"],
            employer=row["employer__name"],
            kecamatan=kecamatan_name(row["kecamatan"]),
            employment=employment_label(row["employment_type"]),
            salary=salary_text(row["salary_min"], row["salary_max"]),
            closes_on=row["closes_on"],
        )
        for row in rows
    ]


async def vacancy_for(request: Request, vacancy_id: int) -> tuple[Vacancy, Employer, User | None]:
    """The vacancy if this viewer may see it; 404 otherwise (its existence is not revealed)."""
    vacancy = await Vacancy.get_or_none(id=vacancy_id)
    if vacancy is None:
        raise HTTPException(404)
    employer = await Employer.get(id=vacancy.employer_id)
    user = await current_user(request)
    if not await access.sees_vacancy(user, vacancy, employer):
        raise HTTPException(404)
    return vacancy, employer, user


async def application_for(request: Request, application_id: int) -> tuple[Application, User]:
    application = await Application.get_or_none(id=application_id)
    user = await current_user(request)
    if user is None or application is None or not await access.sees_application(user, application):
        raise HTTPException(404)
    return application, user


async def recruited_employer(request: Request, employer_id: int) -> tuple[Employer, User]:
    employer = await Employer.get_or_none(id=employer_id)
    user = await current_user(request)
    if user is None or employer is None or not await access.recruits_for(user, employer):
        raise HTTPException(404)
    return employer, user


def form_strings(form: FormData) -> dict[str, str]:
    """A form's text fields, to fill the form in again after an error."""
    return {k: v for k, v in form.items() if isinstance(v, str)}


def form_file(form: FormData, name: str) -> UploadFile | None:
    """The file chosen in a file field (browsers send an empty part for none)."""
    value = form.get(name)
    if isinstance(value, UploadFile) and (value.filename or value.size):
        return value
    return None


def choices() -> dict[str, Any]:
    """The options of the forms' select fields, in the page's language."""
    return _choices(current_locale.get())


@functools.cache
def _choices(locale: str) -> dict[str, Any]:
    # The options read the same on every page in a language (catalogs are loaded at start-up):
    # built once per language and worker instead of once per request. ``locale`` is the key only;
    # the labels come from the current language, which is ``locale`` on the first call.
    return {
        "kecamatan_options": tuple((k.code, k.name) for k in KECAMATAN),
        "employment_options": employment_label.options(),
        "education_options": education_label.options(),
        "sector_options": sector_label.options(),
    }


def url(request: Request, name: str, **params: Any) -> str:
    return plugin_context(request).url(name, **params)
