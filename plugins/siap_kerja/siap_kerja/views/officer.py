"""Pages for Disnaker officers: the verification queue (employers, vacancies, AK/1 cards), job
fairs, and scanning tickets at the door."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

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
from siap_kerja.labels import (
    card_status_label,
    education_label,
    employer_status_label,
    sector_label,
)
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
MAX_REASON = 500
"""A reason or note longer than this is cut (the form allows no more)."""


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


@dataclass(frozen=True)
class Review:
    """One kind of record Disnaker approves or refuses, from its page in the queue."""

    model: type[Employer] | type[Vacancy] | type[Card]
    allowed: Callable[[User | None], Awaitable[bool]]
    """Who may review it (an :mod:`siap_kerja.access` check)."""
    field: str
    """The text field that carries the reason or note."""
    template: str
    decide: Callable[[Request, Any, bool, str, User], Awaitable[object]]
    """Calls the service with the record, the decision, the text and the officer."""
    context: Callable[[Any], Awaitable[dict[str, Any]]]
    """What the record's page shows."""
    already_reviewed: Callable[[], str]


async def _review(request: Request, review: Review) -> Response:
    """A record's page with the decision form; a refusal without a reason, or a record another
    officer decided meanwhile, comes back with the message next to the text and the text kept."""
    user = await _officer(request, review.allowed)
    found = await review.model.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        values = form_strings(await request.form())
        decision = {"approve": True, "refuse": False}.get(values.get("decision", ""))
        if decision is None:
            raise HTTPException(400)
        text = forms.text(values, review.field)[:MAX_REASON]
        try:
            await review.decide(request, found, decision, text, user)
        except RuleError as exc:
            errors[review.field] = exc.message
        except IllegalTransition:
            errors[review.field] = review.already_reviewed()
        else:
            return redirect(request, url(request, "queue"))
    context = {**await review.context(found), "values": values, "errors": errors}
    status_code = 422 if errors else 200
    return await render(request, review.template, context, status_code=status_code)


async def _employer_context(found: Employer) -> dict[str, Any]:
    return {
        "e": found,
        "sector_label": sector_label,
        "employer_status_label": employer_status_label,
        "kecamatan_name": kecamatan_name,
    }


async def _vacancy_context(found: Vacancy) -> dict[str, Any]:
    owner = await Employer.get(id=found.employer_id)
    return {"v": vacancy_view(found, owner, city_today())}


async def _card_context(found: Card) -> dict[str, Any]:
    return {
        "card": found,
        "status_label": card_status_label(found.status),
        "education_label": education_label,
        "kecamatan_name": kecamatan_name,
    }


async def _card_decision(
    request: Request, found: Card, approve: bool, reason: str, officer: User
) -> object:
    settings = plugin_context(request).settings
    return await services.review_card(
        found,
        approve=approve,
        reason=reason,
        officer=officer,
        validity_months=int(settings["card_validity_months"]),
        interval_months=int(settings["reporting_interval_months"]),
        url=url(request, "card"),
    )


EMPLOYER_REVIEW = Review(
    model=Employer,
    allowed=access.verifies,
    field="reason",
    template="siap_kerja/officer/employer.html",
    decide=lambda request, found, verify, reason, officer: services.review_employer_as(
        found, verify=verify, reason=reason, officer=officer, url=url(request, "employer_home")
    ),
    context=_employer_context,
    already_reviewed=lambda: _("This company was already reviewed."),
)
VACANCY_REVIEW = Review(
    model=Vacancy,
    allowed=access.verifies,
    field="note",
    template="siap_kerja/officer/vacancy.html",
    decide=lambda request, found, approve, note, officer: services.review_vacancy_as(
        found, approve=approve, note=note, officer=officer, url=url(request, "employer_home")
    ),
    context=_vacancy_context,
    already_reviewed=lambda: _("This vacancy was already reviewed."),
)
CARD_REVIEW = Review(
    model=Card,
    allowed=access.handles_cards,
    field="reason",
    template="siap_kerja/officer/card.html",
    decide=_card_decision,
    context=_card_context,
    already_reviewed=lambda: _("This card was already reviewed."),
)


@OFFICERS
async def employer(request: Request) -> Response:
    return await _review(request, EMPLOYER_REVIEW)


@OFFICERS
async def vacancy(request: Request) -> Response:
    return await _review(request, VACANCY_REVIEW)


@OFFICERS
async def card(request: Request) -> Response:
    return await _review(request, CARD_REVIEW)


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
