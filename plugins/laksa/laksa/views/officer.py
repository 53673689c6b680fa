"""Pages for officers: the Live Room and department queues, actions, notes and moderation."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tangerang_live import (
    Department,
    Role,
    UploadError,
    User,
    current_user,
    format_date,
    page_param,
    paginate,
    parse_id,
    plugin_context,
    render,
    require_role,
)
from tangerang_live import gettext as _
from tortoise.expressions import Q

from laksa import access, services
from laksa.labels import action_label
from laksa.models import KECAMATAN, Photo, Report, TimelineEvent
from laksa.services import LIVE_ROOM, RuleError
from laksa.views.common import (
    badge,
    categories,
    filter_options,
    form_files,
    form_strings,
    form_text,
    overdue_flag,
    render_report,
    report_or_404,
)
from laksa.workflow import (
    OPEN,
    TRANSITIONS,
    Action,
    Actor,
    IllegalTransition,
    Status,
    waiting_for,
)

PER_PAGE = 25
NOTE_ONLY = "note"
"""The action form's choice for a note without a workflow step."""
REASON_LENGTH = 255
officer_only = require_role(Role.OFFICER, Role.ADMIN)


@officer_only
async def queue(request: Request) -> Response:
    """The officer's queue: open reports by default, overdue and earliest deadline first."""
    user = await current_user(request)
    reports = await access.workable_reports(user)
    if reports is None:
        raise HTTPException(403)
    params = request.query_params
    chosen: dict[str, str] = {}
    if params.get("status") in set(Status):
        chosen["status"] = params["status"]
        reports = reports.filter(status=params["status"])
    else:
        reports = reports.filter(status__in=list(OPEN))
    category_id = parse_id(params.get("category"))
    if category_id is not None:
        chosen["category"] = params["category"]
        reports = reports.filter(category_id=category_id)
    if params.get("kecamatan") in KECAMATAN:
        chosen["kecamatan"] = params["kecamatan"]
        reports = reports.filter(kecamatan=params["kecamatan"])
    today = services.city_date(services.now())
    if params.get("overdue") == "1":
        chosen["overdue"] = "1"
        reports = reports.filter(status__in=list(OPEN), due_on__lt=today)
    query = params.get("q", "").strip()[:100]
    if query:
        chosen["q"] = query
        reports = reports.filter(
            Q(tracking_number__iexact=query)
            | Q(title__icontains=query)
            | Q(description__icontains=query)
        )
    page = await paginate(
        reports.select_related("category", "department").order_by("due_on", "id"),
        page=page_param(request),
        per_page=PER_PAGE,
    )
    context = {
        "page": page,
        "chosen": chosen,
        "badges": {r.id: badge(r.status) for r in page.items},
        "overdue": {r.id for r in page.items if overdue_flag(r, today)},
        "options": filter_options(chosen, (await categories()).all),
    }
    return await render(request, "laksa/officer/queue.html", context)


async def _actions_for(user: User, report: Report) -> list[Action]:
    """The actions ``user`` may take on ``report`` now (state and permission both allow)."""
    live_room = await access.is_live_room(user)
    handles = await access.handles(user, report)
    allowed = []
    for action, transition in TRANSITIONS.items():
        if report.status not in transition.sources:
            continue
        if (transition.actor == Actor.LIVE_ROOM and live_room) or (
            transition.actor == Actor.DEPARTMENT and handles
        ):
            allowed.append(action)
    return allowed


def _officer_url(request: Request, report: Report) -> str:
    return plugin_context(request).url("officer_report", number=report.tracking_number)


async def _officer_report(request: Request) -> tuple[User, Report]:
    user = await current_user(request)
    report = await report_or_404(request.path_params["number"])
    if user is None or not await access.is_officer_for(user, report):
        raise HTTPException(403)
    return user, report


def _why_not_now(report: Report, department: str) -> str:
    """Why this officer has no workflow step to take on ``report`` now: whose turn it is."""
    turn = waiting_for(report.status)
    if turn == Actor.LIVE_ROOM:
        return _("Waiting for the Live Room to verify it and send it to a department.")
    if turn == Actor.DEPARTMENT:
        return _("With %(department)s: the department takes the next step.", department=department)
    if turn == Actor.REPORTER:
        return _(
            "Resolved: the reporter may reopen it until %(date)s; after that it closes itself.",
            date=format_date(report.due_on) if report.due_on else "",
        )
    return _("This report is closed: no further step is possible.")


def _location(report: Report) -> dict[str, Any] | None:
    """The report's pin for the officer's small map and "open in maps" links."""
    if report.latitude is None or report.longitude is None:
        return None
    lat, lon = report.latitude, report.longitude
    return {
        "geo": f"geo:{lat:.6f},{lon:.6f}",
        "osm": f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}",
        "points": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"title": report.tracking_number},
                }
            ],
        },
    }


async def _detail_page(
    request: Request,
    user: User,
    report: Report,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    actions = await _actions_for(user, report)
    can_note = await access.handles(user, report) or await access.is_live_room(user)
    department = await Department.get(id=report.department_id)
    extra: dict[str, Any] = {
        "actions": [(a, action_label(a)) for a in actions],
        "why_not": "" if actions else _why_not_now(report, department.name),
        "departments": await Department.filter(is_active=True),
        "can_note": can_note,
        "can_moderate": await access.moderates(user),
        "location": _location(report),
    }
    return await render_report(
        request, report, "laksa/officer/report.html", errors=errors, values=values, extra=extra
    )


@officer_only
async def detail(request: Request) -> Response:
    user, report = await _officer_report(request)
    return await _detail_page(request, user, report)


async def _label_for(user: User, action: Action, report: Report) -> str:
    if TRANSITIONS[action].actor == Actor.LIVE_ROOM:
        return LIVE_ROOM
    return (await report.department).name


@officer_only
async def act(request: Request) -> Response:
    """Apply one workflow action; a bad request shows the form again with its error."""
    user, report = await _officer_report(request)
    form = await request.form()
    values = form_strings(form)
    if form_text(form, "action") == NOTE_ONLY:
        return await _add_note(request, user, report, form)
    try:
        action = Action(form_text(form, "action"))
    except ValueError:
        return await _detail_page(request, user, report, {"action": _("Choose an action.")}, values)
    if action not in await _actions_for(user, report):
        raise HTTPException(403)
    note = form_text(form, "note")
    errors: dict[str, str] = {}
    if action in (Action.REJECT, Action.RESOLVE, Action.REROUTE) and not note:
        errors["note"] = _("Write a note for the reporter: it is required for this action.")
    department = None
    if action in (Action.DISPATCH, Action.REROUTE):
        department_id = parse_id(form_text(form, "department"))
        department = None
        if department_id is not None:
            department = await Department.get_or_none(id=department_id)
        if department is None:
            errors["department"] = _("Choose the department.")
    if errors:
        return await _detail_page(request, user, report, errors, values)
    try:
        await services.transition(
            report,
            action,
            actor=user,
            actor_label=await _label_for(user, action, report),
            note=note,
            department=department,
            photos=form_files(form),
            url=plugin_context(request).url("report", number=report.tracking_number),
        )
    except UploadError as exc:
        return await _detail_page(request, user, report, {"photos": exc.message}, values)
    except RuleError as exc:
        return await _detail_page(request, user, report, {exc.code: exc.message}, values)
    except IllegalTransition:
        message = _("Someone changed this report a moment ago; look at it again.")
        return await _detail_page(request, user, report, {"action": message}, values)
    return RedirectResponse(_officer_url(request, report), status_code=303)


@officer_only
async def note(request: Request) -> Response:
    user, report = await _officer_report(request)
    return await _add_note(request, user, report, await request.form())


async def _add_note(request: Request, user: User, report: Report, form: FormData) -> Response:
    """A note on the timeline, internal or for the reporter too, without a workflow step."""
    if not (await access.handles(user, report) or await access.is_live_room(user)):
        raise HTTPException(403)
    text = form_text(form, "note")
    if not text:
        errors = {"note": _("Write the note.")}
        return await _detail_page(request, user, report, errors, form_strings(form))
    label = LIVE_ROOM if await access.is_live_room(user) else (await report.department).name
    try:
        await services.add_note(
            report,
            actor=user,
            actor_label=label,
            note=text,
            internal=form.get("visibility") != "public",
            photos=form_files(form),
            url=plugin_context(request).url("report", number=report.tracking_number),
        )
    except UploadError as exc:
        return await _detail_page(
            request, user, report, {"photos": exc.message}, form_strings(form)
        )
    return RedirectResponse(_officer_url(request, report), status_code=303)


@officer_only
async def hide(request: Request) -> Response:
    """A moderator hides abusive text, a note or a photo, with a reason kept in the audit trail."""
    user, report = await _officer_report(request)
    if not await access.moderates(user):
        raise HTTPException(403)
    form = await request.form()
    reason = form_text(form, "reason", REASON_LENGTH)
    if not reason:
        errors = {"reason": _("Give the reason for hiding it.")}
        return await _detail_page(request, user, report, errors, form_strings(form))
    kind, _sep, number = form_text(form, "target").partition("-")
    target_id = parse_id(number)
    if kind == "photo" and target_id is not None:
        photo = await Photo.get_or_none(id=target_id, report_id=report.id)
        if photo is None:
            raise HTTPException(404)
        await services.hide_photo(photo, report, moderator=user, reason=reason)
    elif kind == "note" and target_id is not None:
        event = await TimelineEvent.get_or_none(id=target_id, report_id=report.id)
        if event is None:
            raise HTTPException(404)
        await services.hide_note(event, report, moderator=user, reason=reason)
    else:
        await services.hide_text(report, moderator=user, reason=reason)
    return RedirectResponse(_officer_url(request, report), status_code=303)
