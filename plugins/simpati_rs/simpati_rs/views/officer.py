"""Hospital staff on the day: the registration desk checks patients in, polyclinic staff run
their queue (call next, recall, skip, served, no-show)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    InvalidToken,
    city_today,
    current_user,
    has_permission,
    plugin_context,
    redirect,
    require_role,
    verify_token,
)
from tangerang_live import gettext as _

from simpati_rs import access, schedule, services
from simpati_rs.forms import form_text
from simpati_rs.labels import status_label
from simpati_rs.models import Booking, PracticeSession
from simpati_rs.views.citizen import TOKEN_PURPOSE
from simpati_rs.views.common import booking_or_404, page, path_id, polyclinic_or_404, refusal_errors
from simpati_rs.workflow import Action, IllegalTransition, Status

STAFF_ACTIONS = {
    "recall": Action.RECALL,
    "skip": Action.SKIP,
    "serve": Action.SERVE,
    "no_show": Action.NO_SHOW,
    "call": Action.CALL,
}


def code_from_scan(text: str) -> str:
    """A typed booking code, or the code inside a scanned QR token (scanners type it in)."""
    text = text.strip()
    if text.upper().startswith("RS-"):
        return text.upper()
    try:
        return str(verify_token(text, purpose=TOKEN_PURPOSE).get("code", ""))
    except InvalidToken:
        return ""


async def _desk_page(request: Request, context: dict[str, Any], status_code: int = 200) -> Response:
    return await page(request, "simpati_rs/desk.html", context, status_code=status_code)


@require_role()
async def desk(request: Request) -> Response:
    """Check a patient in by typing the booking code or scanning its QR code."""
    user = await current_user(request)
    if not await has_permission(user, access.DESK):
        raise HTTPException(403)
    if request.method == "GET":
        return await _desk_page(request, {"values": {}, "errors": {}})
    form = await request.form()
    typed = form_text(form, "code", 400)
    code = code_from_scan(typed)
    booking = None
    if code:
        try:
            booking = await booking_or_404(code)
        except HTTPException:
            booking = None
    if booking is None:
        errors = {"code": _("No booking has this code.")}
        return await _desk_page(request, {"values": {"code": typed}, "errors": errors}, 422)
    polyclinic = await booking.polyclinic
    if not await access.works_desk(user, await polyclinic.hospital):
        errors = {"code": _("This booking is for another hospital.")}
        return await _desk_page(request, {"values": {"code": typed}, "errors": errors}, 422)
    error = ""
    if booking.day != city_today():
        error = _("This booking is for %(day)s, not today.", day=booking.day.isoformat())
    else:
        try:
            booking = await services.act(booking, Action.CHECK_IN, actor=user)
        except IllegalTransition:
            error = _(
                "This booking cannot be checked in: it is %(status)s.",
                status=status_label(booking.status).lower(),
            )
    context = {"values": {}, "errors": {"code": error} if error else {}, "booking": booking}
    if not error:
        booking = await booking_or_404(booking.code)
        context["booking"] = booking
        context["checked_in"] = True
    return await _desk_page(request, context, 422 if error else 200)


async def _queue_polyclinic(request: Request):  # noqa: ANN202 - a Polyclinic
    polyclinic = await polyclinic_or_404(request)
    if not await access.runs_queue(await current_user(request), polyclinic):
        raise HTTPException(403)
    return polyclinic


@require_role()
async def queue(request: Request) -> Response:
    """Today's sessions of a polyclinic, each with its waiting patients and the called one."""
    return await _queue_page(request)


async def _queue_page(request: Request, errors: dict[str, str] | None = None) -> Response:
    polyclinic = await _queue_polyclinic(request)
    today = city_today()
    lanes = await schedule.board(polyclinic, today)
    bookings = await Booking.filter(polyclinic_id=polyclinic.id, day=today).order_by("number")
    context = {
        "polyclinic": polyclinic,
        "lanes": lanes,
        "bookings": {
            lane.session.id: [b for b in bookings if b.session_id == lane.session.id]
            for lane in lanes
        },
        "errors": errors or {},
        "Status": Status,
    }
    return await page(request, "simpati_rs/queue.html", context, status_code=422 if errors else 200)


@require_role()
async def call_next(request: Request) -> Response:
    polyclinic = await _queue_polyclinic(request)
    session = await PracticeSession.get_or_none(
        id=path_id(request, "session"), polyclinic_id=polyclinic.id
    )
    if session is None:
        raise HTTPException(404)
    actor = await current_user(request)
    assert actor is not None  # _queue_polyclinic let only a queue officer in
    try:
        called = await services.call_next(session, city_today(), actor=actor)
    except services.BookingRefused as exc:
        return await _queue_page(request, refusal_errors(exc, request))
    if called is None:
        return await _queue_page(request, {"queue": _("Nobody is waiting in this session.")})
    return redirect(request, plugin_context(request).url("queue", id=polyclinic.id))


@require_role()
async def act(request: Request) -> Response:
    action = STAFF_ACTIONS.get(request.path_params["action"])
    booking = await Booking.get_or_none(id=path_id(request)).select_related("polyclinic")
    if action is None or booking is None:
        raise HTTPException(404)
    user = await current_user(request)
    if not await access.runs_queue(user, booking.polyclinic):
        raise HTTPException(403)
    request.path_params["id"] = booking.polyclinic_id
    try:
        await services.act(booking, action, actor=user)
    except IllegalTransition:
        return await _queue_page(
            request, {"queue": _("That is no longer possible for this patient.")}
        )
    except services.BookingRefused as exc:
        return await _queue_page(request, refusal_errors(exc, request))
    return redirect(request, plugin_context(request).url("queue", id=booking.polyclinic_id))
