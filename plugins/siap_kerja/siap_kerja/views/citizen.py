"""Pages for signed-in citizens as job seekers: profile and CV, applying, "my applications",
the AK/1 card and job-fair tickets."""

from __future__ import annotations

import contextlib
from datetime import datetime, time, timedelta

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tangerang_live import (
    CITY_TIMEZONE,
    Role,
    StoredFile,
    UploadError,
    city_today,
    current_user,
    file_url,
    plugin_context,
    qr_svg,
    redirect,
    render,
    require_role,
    sign_token,
)
from tangerang_live import gettext as _

from siap_kerja import access, forms, services
from siap_kerja.labels import card_status_label, education_label, status_label
from siap_kerja.models import (
    Application,
    ApplicationEvent,
    Card,
    CardReport,
    Employer,
    FairTicket,
    JobFair,
    Seeker,
    Vacancy,
)
from siap_kerja.services import RuleError
from siap_kerja.views.common import (
    application_for,
    choices,
    form_file,
    form_strings,
    kecamatan_name,
    path_id,
    url,
    vacancy_for,
    vacancy_view,
)
from siap_kerja.views.public import CARD_TOKEN
from siap_kerja.workflow import (
    Action,
    Actor,
    IllegalTransition,
    allowed_actions,
    effective_card_status,
    report_is_due,
)

MINE_PER_PAGE = 50
TICKET_TOKEN = "siap_kerja.ticket"


@require_role(Role.CITIZEN)
async def profile(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    seeker = await Seeker.get_or_none(user_id=user.id)
    values: dict[str, str] = {}
    if seeker is not None:
        values = {
            "education": str(int(seeker.education)),
            "skills": seeker.skills,
            "experience": seeker.experience,
            "kecamatan": seeker.kecamatan,
        }
    errors: dict[str, str] = {}
    status_code = 200
    if request.method == "POST":
        form = await request.form()
        values = form_strings(form)
        details, errors = forms.seeker_details(values)
        if details is not None:
            try:
                await services.save_profile(user, details, form_file(form, "cv"))
            except UploadError as exc:
                errors["cv"] = exc.message
            else:
                return redirect(request, url(request, "profile") + "?saved=1")
        status_code = 422
    context = {
        "values": values,
        "errors": errors,
        "seeker": seeker,
        "saved": request.query_params.get("saved") == "1",
        **choices(),
    }
    return await render(request, "siap_kerja/profile.html", context, status_code=status_code)


@require_role(Role.CITIZEN)
async def apply(request: Request) -> Response:
    vacancy, employer, user = await vacancy_for(request, path_id(request))
    assert user is not None  # require_role let only a signed-in user in
    seeker = await Seeker.get_or_none(user_id=user.id)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        form = await request.form()
        values = form_strings(form)
        note = forms.long_text(form, "cover_note")
        if len(note) > forms.MAX_NOTE:
            errors["cover_note"] = _("Write at most %(n)s characters.", n=forms.MAX_NOTE)
        else:
            try:
                application = await services.apply(
                    vacancy, user, cover_note=note, url=url(request, "mine")
                )
            except RuleError as exc:
                errors["cover_note"] = exc.message
            else:
                return redirect(request, url(request, "application", id=application.id))
    context = {
        "v": vacancy_view(vacancy, employer, city_today()),
        "seeker": seeker,
        "values": values,
        "errors": errors,
    }
    status_code = 422 if errors else 200
    return await render(request, "siap_kerja/apply.html", context, status_code=status_code)


@require_role(Role.CITIZEN)
async def mine(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    applications = (
        await Application.filter(seeker_id=user.id)
        .select_related("vacancy__employer")
        .order_by("-id")
        .limit(MINE_PER_PAGE)
    )
    context = {"applications": applications, "status_label": status_label}
    return await render(request, "siap_kerja/mine.html", context)


@require_role(Role.CITIZEN)
async def application(request: Request) -> Response:
    found, user = await application_for(request, path_id(request))
    if found.seeker_id != user.id:
        raise HTTPException(404)
    vacancy = await Vacancy.get(id=found.vacancy_id)
    employer = await Employer.get(id=vacancy.employer_id)
    context = {
        "a": found,
        "v": vacancy_view(vacancy, employer, city_today()),
        "events": await ApplicationEvent.filter(application_id=found.id),
        "status_label": status_label,
        "can_withdraw": bool(allowed_actions(found.status, Actor.SEEKER)),
        "error": "",
    }
    return await render(request, "siap_kerja/application.html", context)


@require_role(Role.CITIZEN)
async def withdraw(request: Request) -> Response:
    found, user = await application_for(request, path_id(request))
    if found.seeker_id != user.id:
        raise HTTPException(404)
    # Already decided: the application's page shows the decision.
    with contextlib.suppress(RuleError, IllegalTransition):
        await services.move_application(
            found, Action.WITHDRAW, actor=user, url=url(request, "application", id=found.id)
        )
    return redirect(request, url(request, "application", id=found.id))


async def application_cv(request: Request) -> Response:
    """The CV sent with an application, for its seeker and the employer's recruiters only."""
    found = await Application.get_or_none(id=path_id(request))
    user = await current_user(request)
    if found is None or found.cv_id is None or not await access.reads_cv(user, found):
        raise HTTPException(404)
    stored = await StoredFile.get(id=found.cv_id)
    return RedirectResponse(file_url(stored, request=request), status_code=303)


# -- the AK/1 card -------------------------------------------------------------------------------


async def _card_context(request: Request, card: Card | None) -> dict[str, object]:
    settings = plugin_context(request).settings
    today = city_today()
    status = effective_card_status(card.status, card.valid_until, today) if card else None
    return {
        "card": card,
        "status": status,
        "status_label": card_status_label(status) if status else "",
        "report_due": card is not None
        and report_is_due(card.status, card.valid_until, card.report_due_on, today),
        "reports": await CardReport.filter(card_id=card.id) if card else [],
        "interval": settings["reporting_interval_months"],
        "validity": settings["card_validity_months"],
        "education_label": education_label,
        "kecamatan_name": kecamatan_name,
    }


async def _current_card(user_id: int) -> Card | None:
    return await Card.filter(holder_id=user_id).order_by("-id").first()


@require_role(Role.CITIZEN)
async def card(request: Request) -> Response:
    """The holder's card and reports; without one (or with a refused or expired one) the form."""
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    current = await _current_card(user.id)
    values = {"full_name": user.full_name, "nik": user.nik or ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.form()
        values = form_strings(form)
        details, errors = forms.card_request(values, city_today())
        if details is not None:
            try:
                await services.apply_for_card(user, details)
            except RuleError as exc:
                errors["nik"] = exc.message
            else:
                return redirect(request, url(request, "card"))
    context = {
        **await _card_context(request, current),
        "values": values,
        "errors": errors,
        **choices(),
    }
    status_code = 422 if errors else 200
    return await render(request, "siap_kerja/card.html", context, status_code=status_code)


@require_role(Role.CITIZEN)
async def card_print(request: Request) -> Response:
    """The printable card (A6), with the QR code of its public check page."""
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    current = await _current_card(user.id)
    if current is None or current.number is None:
        raise HTTPException(404)
    token = sign_token({"card": current.id}, purpose=CARD_TOKEN)
    check_url = plugin_context(request).absolute_url("card_check", token=token)
    context = {
        **await _card_context(request, current),
        "qr": qr_svg(check_url, label=_("Check this card: %(number)s", number=current.number)),
        "check_url": check_url,
    }
    return await render(request, "siap_kerja/card_print.html", context)


@require_role(Role.CITIZEN)
async def card_report(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    current = await _current_card(user.id)
    if current is None:
        raise HTTPException(404)
    form = await request.form()
    looking = form.get("still_looking")
    if looking not in ("yes", "no"):
        context = {
            **await _card_context(request, current),
            "values": {},
            "errors": {"still_looking": _("Say whether you are still looking for work.")},
            **choices(),
        }
        return await render(request, "siap_kerja/card.html", context, status_code=422)
    # A card no longer active is not reported on: the card page shows its status.
    with contextlib.suppress(RuleError):
        await services.report_on_card(
            current,
            still_looking=looking == "yes",
            note=forms.long_text(form, "note")[: forms.MAX_NOTE],
            interval_months=int(plugin_context(request).settings["reporting_interval_months"]),
        )
    return redirect(request, url(request, "card"))


# -- job fairs -----------------------------------------------------------------------------------


@require_role(Role.CITIZEN)
async def fair_register(request: Request) -> Response:
    found = await JobFair.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    try:
        ticket = await services.register_for_fair(found, user)
    except RuleError as exc:
        existing = await FairTicket.get_or_none(fair_id=found.id, holder_id=user.id)
        if existing is not None:
            return redirect(request, url(request, "ticket", id=existing.id))
        context = {
            "fair": found,
            "employers": await found.employers.filter(status="verified"),
            "kecamatan_name": kecamatan_name,
            "places_left": max(found.capacity - found.registered, 0),
            "past": found.day < city_today(),
            "error": exc.message,
        }
        return await render(request, "siap_kerja/fair.html", context, status_code=409)
    return redirect(request, url(request, "ticket", id=ticket.id))


@require_role(Role.CITIZEN)
async def ticket(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    found = await FairTicket.get_or_none(id=path_id(request), holder_id=user.id)
    if found is None:
        raise HTTPException(404)
    fair = await JobFair.get(id=found.fair_id)
    # The ticket's token lapses the day after the fair: a screenshot is no use later.
    expires = datetime.combine(fair.day + timedelta(days=1), time(), CITY_TIMEZONE)
    token = sign_token(
        {"ticket": found.id, "fair": fair.id},
        purpose=TICKET_TOKEN,
        expires_in=max(expires - datetime.now(CITY_TIMEZONE), timedelta(minutes=1)),
    )
    scan_url = plugin_context(request).absolute_url("check_in", token=token)
    context = {
        "ticket": found,
        "fair": fair,
        "qr": qr_svg(scan_url, label=_("Ticket %(number)s", number=found.number)),
        "scan_url": scan_url,
        "kecamatan_name": kecamatan_name,
    }
    return await render(request, "siap_kerja/ticket.html", context)
