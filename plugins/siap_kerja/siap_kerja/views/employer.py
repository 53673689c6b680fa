"""Pages for recruiters (citizens who are members of an employer): registering the company,
posting and editing vacancies, and moving applications through the pipeline."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    Role,
    city_today,
    current_user,
    format_date,
    redirect,
    render,
    require_role,
)

from siap_kerja import access, forms, services
from siap_kerja.forms import EMPLOYER_FIELDS
from siap_kerja.labels import (
    action_label,
    employer_status_label,
    status_label,
)
from siap_kerja.models import Application, ApplicationEvent, Employer, Seeker, Vacancy
from siap_kerja.services import RuleError
from siap_kerja.views.common import (
    choices,
    form_strings,
    kecamatan_name,
    path_id,
    recruited_employer,
    url,
    vacancy_view,
)
from siap_kerja.workflow import (
    Action,
    Actor,
    EmployerStatus,
    IllegalTransition,
    Status,
    VacancyStatus,
    allowed_actions,
)


async def _employer_form(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str],
    action: str,
    status_code: int = 200,
) -> Response:
    context = {"values": values, "errors": errors, "action": action, **choices()}
    return await render(
        request, "siap_kerja/employer/register.html", context, status_code=status_code
    )


async def _employer_page(
    request: Request,
    action: str,
    stored: dict[str, str],
    save: Callable[[services.EmployerDetails], Awaitable[object]],
) -> Response:
    """The company form (filled with ``stored`` at first); sent, its details are checked and
    saved with ``save``, or the form comes back with each message next to its field."""
    if request.method == "GET":
        return await _employer_form(request, stored, {}, action)
    values = form_strings(await request.form())
    details, errors = forms.employer_details(values)
    if details is not None:
        try:
            await save(details)
        except RuleError as exc:
            errors[exc.code if exc.code in values else "name"] = exc.message
        else:
            return redirect(request, url(request, "employer_home"))
    return await _employer_form(request, values, errors, action, status_code=422)


@require_role(Role.CITIZEN)
async def register(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    return await _employer_page(
        request,
        url(request, "employer_register"),
        {},
        lambda details: services.register_employer(details, by=user),
    )


@require_role(Role.CITIZEN)
async def correct(request: Request) -> Response:
    employer, user = await recruited_employer(request, path_id(request))
    if employer.status == EmployerStatus.VERIFIED:
        raise HTTPException(404)
    return await _employer_page(
        request,
        url(request, "employer_correct", id=employer.id),
        {name: getattr(employer, name) for name in EMPLOYER_FIELDS},
        lambda details: services.correct_employer(employer, details, by=user),
    )


@require_role(Role.CITIZEN)
async def home(request: Request) -> Response:
    """The recruiter's companies, each with its review state and its vacancies."""
    user = await current_user(request)
    employers = await access.employers_of(user)
    today = city_today()
    rows = []
    for employer in employers:
        vacancies = await Vacancy.filter(employer_id=employer.id).order_by("-id")
        rows.append((employer, [vacancy_view(v, employer, today) for v in vacancies]))
    context = {
        "rows": rows,
        "employer_status_label": employer_status_label,
        "kecamatan_name": kecamatan_name,
    }
    return await render(request, "siap_kerja/employer/home.html", context)


async def _vacancy_form(
    request: Request,
    employer: Employer,
    values: dict[str, str],
    errors: dict[str, str],
    action: str,
    status_code: int = 200,
) -> Response:
    context = {
        "employer": employer,
        "values": values,
        "errors": errors,
        "action": action,
        "today": city_today(),
        **choices(),
    }
    return await render(
        request, "siap_kerja/employer/vacancy_form.html", context, status_code=status_code
    )


@require_role(Role.CITIZEN)
async def new_vacancy(request: Request) -> Response:
    employer, user = await recruited_employer(request, path_id(request))
    if employer.status != EmployerStatus.VERIFIED:
        raise HTTPException(403)
    action = url(request, "vacancy_new", id=employer.id)
    if request.method == "GET":
        return await _vacancy_form(request, employer, {"openings": "1"}, {}, action)
    values = form_strings(await request.form())
    details, errors = forms.vacancy_details(values, city_today())
    if details is not None:
        await services.post_vacancy(employer, details, by=user)
        return redirect(request, url(request, "employer_home") + "?posted=1")
    return await _vacancy_form(request, employer, values, errors, action, status_code=422)


async def _recruited_vacancy(request: Request) -> tuple[Vacancy, Employer]:
    vacancy = await Vacancy.get_or_none(id=path_id(request))
    if vacancy is None:
        raise HTTPException(404)
    employer, _user = await recruited_employer(request, vacancy.employer_id)
    return vacancy, employer


@require_role(Role.CITIZEN)
async def edit_vacancy(request: Request) -> Response:
    vacancy, employer = await _recruited_vacancy(request)
    if vacancy.status in (VacancyStatus.FILLED, VacancyStatus.CLOSED):
        raise HTTPException(409)
    action = url(request, "vacancy_edit", id=vacancy.id)
    if request.method == "GET":
        values = {
            "title": vacancy.title,
            "description": vacancy.description,
            "kecamatan": vacancy.kecamatan,
            "address": vacancy.address,
            "employment_type": vacancy.employment_type.value,
            "salary_min": "" if vacancy.salary_min is None else str(vacancy.salary_min),
            "salary_max": "" if vacancy.salary_max is None else str(vacancy.salary_max),
            "negotiable": "1" if vacancy.salary_min is None else "",
            "education": str(int(vacancy.education)),
            "experience_years": str(vacancy.experience_years),
            "skills": vacancy.skills,
            "openings": str(vacancy.openings),
            "closes_on": vacancy.closes_on.isoformat(),
        }
        return await _vacancy_form(request, employer, values, {}, action)
    values = form_strings(await request.form())
    details, errors = forms.vacancy_details(values, city_today())
    if details is not None:
        user = await current_user(request)
        assert user is not None  # require_role let only a signed-in user in
        try:
            await services.edit_vacancy(vacancy, details, by=user)
        except RuleError as exc:
            errors[exc.code] = exc.message
        else:
            return redirect(request, url(request, "employer_home"))
    return await _vacancy_form(request, employer, values, errors, action, status_code=422)


@require_role(Role.CITIZEN)
async def close_vacancy(request: Request) -> Response:
    vacancy, _employer = await _recruited_vacancy(request)
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    with contextlib.suppress(RuleError):  # already closed: the list shows it
        await services.close_vacancy(vacancy, by=user)
    return redirect(request, url(request, "employer_home"))


@require_role(Role.CITIZEN)
async def pipeline(request: Request) -> Response:
    """A vacancy's applications, grouped by where they are in the pipeline."""
    vacancy, employer = await _recruited_vacancy(request)
    applications = (
        await Application.filter(vacancy_id=vacancy.id).select_related("seeker").order_by("id")
    )
    columns = [
        (status, status_label(status), [a for a in applications if a.status == status])
        for status in Status
    ]
    context = {"v": vacancy_view(vacancy, employer, city_today()), "columns": columns}
    return await render(request, "siap_kerja/employer/pipeline.html", context)


async def _application_context(
    request: Request, found: Application, errors: dict[str, str], values: dict[str, str]
) -> dict[str, object]:
    vacancy = await Vacancy.get(id=found.vacancy_id)
    employer = await Employer.get(id=vacancy.employer_id)
    return {
        "a": found,
        "seeker_user": await found.seeker,
        "profile": await Seeker.get_or_none(user_id=found.seeker_id),
        "v": vacancy_view(vacancy, employer, city_today()),
        "events": await ApplicationEvent.filter(application_id=found.id),
        "actions": [
            (a.value, action_label(a))
            for a in allowed_actions(found.status, Actor.EMPLOYER)
            if a != Action.SEE
        ],
        "status_label": status_label,
        "format_date": format_date,
        "errors": errors,
        "values": values,
    }


@require_role(Role.CITIZEN)
async def application(request: Request) -> Response:
    """One application as the employer sees it; opening a sent one marks it seen."""
    found = await Application.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    vacancy = await Vacancy.get(id=found.vacancy_id)
    _employer, user = await recruited_employer(request, vacancy.employer_id)
    seeker_url = url(request, "application", id=found.id)
    if request.method == "GET":
        found = await services.mark_seen(found, actor=user, url=seeker_url)
        context = await _application_context(request, found, {}, {})
        return await render(request, "siap_kerja/employer/application.html", context)
    form = await request.form()
    values = form_strings(form)
    errors: dict[str, str] = {}
    try:
        action = Action(values.get("action", ""))
    except ValueError:
        raise HTTPException(400) from None
    moment, place = None, ""
    if action == Action.INVITE:
        moment, place, errors = forms.interview(values)
    if not errors:
        try:
            await services.move_application(
                found,
                action,
                actor=user,
                url=seeker_url,
                note=forms.long_text(form, "note")[: forms.MAX_NOTE],
                interview_at=moment,
                interview_place=place,
            )
        except RuleError as exc:
            errors["action"] = exc.message
        except IllegalTransition:
            errors["action"] = status_label(found.status)
        else:
            return redirect(request, url(request, "employer_application", id=found.id))
    found = await Application.get(id=found.id)
    context = await _application_context(request, found, errors, values)
    return await render(request, "siap_kerja/employer/application.html", context, status_code=422)
