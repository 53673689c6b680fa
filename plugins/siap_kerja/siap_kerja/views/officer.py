"""Pages for Disnaker officers: the verification queue (employers, vacancies, AK/1 cards), job
fairs, and scanning tickets at the door."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    InvalidToken,
    Role,
    User,
    city_today,
    current_user,
    plugin_context,
    redirect,
    render,
    require_role,
    verify_token,
)
from tangerang_live import gettext as _

from siap_kerja import access, forms, services
from siap_kerja.labels import card_status_label, education_label, sector_label
from siap_kerja.models import Card, Employer, FairTicket, JobFair, Vacancy
from siap_kerja.services import RuleError
from siap_kerja.views.citizen import TICKET_TOKEN
from siap_kerja.views.common import (
    choices,
    form_strings,
    kecamatan_name,
    path_id,
    url,
    vacancy_view,
)
from siap_kerja.workflow import CardStatus, EmployerStatus, IllegalTransition, VacancyStatus

QUEUE_LIMIT = 100


OFFICERS = require_role(Role.OFFICER, Role.ADMIN)


async def _officer(request: Request, allowed: Callable[[User | None], Awaitable[bool]]) -> User:
    """The signed-in officer, when ``allowed`` (an :mod:`siap_kerja.access` check) lets them."""
    user = await current_user(request)
    if user is None or not await allowed(user):
        raise HTTPException(403)
    return user


@OFFICERS
async def queue(request: Request) -> Response:
    """What waits for Disnaker: employers, vacancies and card applications, oldest first."""
    user = await _officer(request, access.is_officer)
    verifier = await access.verifies(user)
    context = {
        "employers": await Employer.filter(status=EmployerStatus.PENDING)
        .order_by("id")
        .limit(QUEUE_LIMIT)
        if verifier
        else [],
        "vacancies": await Vacancy.filter(
            status=VacancyStatus.PENDING, employer__status=EmployerStatus.VERIFIED
        )
        .select_related("employer")
        .order_by("id")
        .limit(QUEUE_LIMIT)
        if verifier
        else [],
        "cards": await Card.filter(status=CardStatus.APPLIED).order_by("id").limit(QUEUE_LIMIT)
        if await access.handles_cards(user)
        else [],
        "fairs": await access.runs_fairs(user),
        "kecamatan_name": kecamatan_name,
    }
    return await render(request, "siap_kerja/officer/queue.html", context)


def _decision(values: dict[str, str]) -> bool | None:
    return {"approve": True, "refuse": False}.get(values.get("decision", ""))


@OFFICERS
async def employer(request: Request) -> Response:
    user = await _officer(request, access.verifies)
    found = await Employer.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = form_strings(await request.form())
        decision = _decision(values)
        if decision is None:
            raise HTTPException(400)
        try:
            await services.review_employer_as(
                found,
                verify=decision,
                reason=forms.text(values, "reason")[:500],
                officer=user,
                url=url(request, "employer_home"),
            )
        except RuleError as exc:
            errors["reason"] = exc.message
        except IllegalTransition:
            errors["reason"] = _("This company was already reviewed.")
        else:
            return redirect(request, url(request, "queue"))
    context = {
        "e": found,
        "errors": errors,
        "sector_label": sector_label,
        "kecamatan_name": kecamatan_name,
    }
    status_code = 422 if errors else 200
    return await render(
        request, "siap_kerja/officer/employer.html", context, status_code=status_code
    )


@OFFICERS
async def vacancy(request: Request) -> Response:
    user = await _officer(request, access.verifies)
    found = await Vacancy.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    owner = await Employer.get(id=found.employer_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = form_strings(await request.form())
        decision = _decision(values)
        if decision is None:
            raise HTTPException(400)
        try:
            await services.review_vacancy_as(
                found,
                approve=decision,
                note=forms.text(values, "note")[:500],
                officer=user,
                url=url(request, "employer_home"),
            )
        except RuleError as exc:
            errors["note"] = exc.message
        except IllegalTransition:
            errors["note"] = _("This vacancy was already reviewed.")
        else:
            return redirect(request, url(request, "queue"))
    context = {"v": vacancy_view(found, owner, city_today()), "errors": errors}
    status_code = 422 if errors else 200
    return await render(
        request, "siap_kerja/officer/vacancy.html", context, status_code=status_code
    )


@OFFICERS
async def card(request: Request) -> Response:
    user = await _officer(request, access.handles_cards)
    found = await Card.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = form_strings(await request.form())
        decision = _decision(values)
        if decision is None:
            raise HTTPException(400)
        settings = plugin_context(request).settings
        try:
            await services.review_card(
                found,
                approve=decision,
                reason=forms.text(values, "reason")[:500],
                officer=user,
                validity_months=int(settings["card_validity_months"]),
                interval_months=int(settings["reporting_interval_months"]),
                url=url(request, "card"),
            )
        except RuleError as exc:
            errors["reason"] = exc.message
        except IllegalTransition:
            errors["reason"] = _("This card was already reviewed.")
        else:
            return redirect(request, url(request, "queue"))
    context = {
        "card": found,
        "errors": errors,
        "status_label": card_status_label(found.status),
        "education_label": education_label,
        "kecamatan_name": kecamatan_name,
    }
    status_code = 422 if errors else 200
    return await render(request, "siap_kerja/officer/card.html", context, status_code=status_code)


def _fair_details(
    values: dict[str, str], today: date
) -> tuple[services.FairDetails | None, dict[str, str]]:
    errors: dict[str, str] = {}
    title = forms.text(values, "title")
    if not 5 <= len(title) <= 160:
        errors["title"] = _("Write %(min)s to %(max)s characters.", min=5, max=160)
    place = forms.text(values, "place")
    if not 5 <= len(place) <= 255:
        errors["place"] = _("Write %(min)s to %(max)s characters.", min=5, max=255)
    day = None
    try:
        day = date.fromisoformat(forms.text(values, "day"))
    except ValueError:
        errors["day"] = _("Write a date such as 2026-12-31.")
    if day is not None and day < today:
        errors["day"] = _("The job fair cannot be in the past.")
    capacity = forms.text(values, "capacity")
    if not (capacity.isascii() and capacity.isdigit() and 1 <= int(capacity) <= 100_000):
        errors["capacity"] = _("Write a whole number from %(min)s to %(max)s.", min=1, max=100_000)
    kecamatan = forms.text(values, "kecamatan")
    if kecamatan not in forms.KECAMATAN_CODES:
        errors["kecamatan"] = _("Choose the kecamatan.")
    if errors or day is None:
        return None, errors
    description = forms.long_text(values, "description")[: forms.MAX_NOTE]
    return services.FairDetails(title, description, day, place, kecamatan, int(capacity)), errors


@OFFICERS
async def fairs(request: Request) -> Response:
    """Job fairs: publish one with its participating (verified) employers."""
    user = await _officer(request, access.runs_fairs)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    verified = await Employer.filter(status=EmployerStatus.VERIFIED).order_by("name")
    if request.method == "POST":
        form = await request.form()
        values = form_strings(form)
        details, errors = _fair_details(values, city_today())
        chosen = {int(i) for i in form.getlist("employers") if isinstance(i, str) and i.isdigit()}
        if details is not None:
            await services.publish_fair(
                details, [e for e in verified if e.id in chosen], officer=user
            )
            return redirect(request, url(request, "officer_fairs"))
    context = {
        "fairs": await JobFair.all().order_by("-day"),
        "verified": verified,
        "values": values,
        "errors": errors,
        **choices(),
    }
    status_code = 422 if errors else 200
    return await render(request, "siap_kerja/officer/fairs.html", context, status_code=status_code)


@OFFICERS
async def check_in(request: Request) -> Response:
    """What a ticket's QR code opens on the door staff's phone: who it is, and a button to let
    them in (a GET never changes anything)."""
    user = await _officer(request, access.runs_fairs)
    try:
        payload = verify_token(request.path_params["token"], purpose=TICKET_TOKEN)
        ticket = await FairTicket.get_or_none(id=int(payload["ticket"]))
        fair = await JobFair.get_or_none(id=int(payload["fair"]))
    except (InvalidToken, KeyError, TypeError, ValueError):
        ticket = fair = None
    error = ""
    if ticket is None or fair is None:
        error = _("This ticket is not valid.")
    elif request.method == "POST":
        try:
            ticket = await services.check_in(ticket.id, fair, officer=user)
        except RuleError as exc:
            error = exc.message
    holder = await ticket.holder if ticket is not None else None
    context = {"ticket": ticket, "fair": fair, "holder": holder, "error": error}
    status_code = 409 if error and ticket is not None else (404 if error else 200)
    return await render(
        request, "siap_kerja/officer/check_in.html", context, status_code=status_code
    )
