"""Pages for signed-in citizens: booking a place, their bookings, a booking's live position."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    Role,
    city_now,
    city_today,
    current_user,
    plugin_context,
    qr_svg,
    redirect,
    require_role,
    sign_token,
)
from tangerang_live import gettext as _

from simpati_rs import access, schedule, services
from simpati_rs.forms import parse_choice, parse_patient
from simpati_rs.models import Booking, PracticeSession
from simpati_rs.views.common import (
    booking_link,
    booking_or_404,
    minutes_per_patient,
    page,
    refusal_errors,
    rules,
)
from simpati_rs.workflow import Payer, Status, estimated_time, may_cancel

TOKEN_PURPOSE = "simpati_rs.booking"
MINE_SHOWN = 50


async def _chosen_session(request: Request, values: dict[str, str], errors: dict[str, str]):  # noqa: ANN202
    choice = parse_choice(values, errors)
    if choice is None:
        return None, None
    session = await PracticeSession.get_or_none(id=choice.session_id).select_related(
        "doctor", "polyclinic"
    )
    if session is None:
        errors["session"] = _("Choose a session.")
        return None, None
    return session, choice.day


async def _form(
    request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> Response:
    session, day = await _chosen_session(request, values, {})
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "session": session,
        "day": day,
        "payers": list(Payer),
    }
    return await page(request, "simpati_rs/book.html", context, status_code=status_code)


@require_role(Role.CITIZEN)
async def book(request: Request) -> Response:
    """Book a place in a session: the patient's details, then, only after the commit, the
    booking code, queue number, time to come and QR code on the booking's page."""
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    if request.method == "GET":
        values = {k: request.query_params.get(k, "") for k in ("session", "day")}
        values |= {"patient_name": user.full_name, "nik": user.nik or "", "payer": "general"}
        errors: dict[str, str] = {}
        session, _day = await _chosen_session(request, values, errors)
        if session is None:
            raise HTTPException(404)
        return await _form(request, values, {})
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    errors = {}
    session, day = await _chosen_session(request, values, errors)
    patient = parse_patient(values, errors)
    if session is None or day is None or patient is None or errors:
        return await _form(request, values, errors, status_code=422)
    try:
        booking = await services.book(
            session, day, patient, booked_by=user, rules=rules(request), link=booking_link(request)
        )
    except services.BookingRefused as exc:
        return await _form(request, values, refusal_errors(exc, request), status_code=422)
    return redirect(request, plugin_context(request).url("booking", code=booking.code) + "?baru=1")


@require_role(Role.CITIZEN)
async def mine(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    bookings = (
        await Booking.filter(booked_by_id=user.id)
        .select_related("session__doctor", "polyclinic")
        .order_by("-day", "-id")
        .limit(MINE_SHOWN)
    )
    return await page(
        request, "simpati_rs/mine.html", {"bookings": bookings, "today": city_today()}
    )


async def _visible_booking(request: Request) -> Booking:
    """The booking of the path, for its booker or hospital staff only (404 for anyone else, so
    a guessed code reveals nothing)."""
    booking = await booking_or_404(request.path_params["code"])
    if not await access.sees_booking(await current_user(request), booking):
        raise HTTPException(404)
    return booking


async def _live_context(request: Request, booking: Booking) -> dict[str, Any]:
    minutes = minutes_per_patient(request)
    live = booking.day == city_today() and booking.status in (
        Status.BOOKED,
        Status.CHECKED_IN,
        Status.CALLED,
        Status.SKIPPED,
    )
    return {
        "booking": booking,
        "live": live,
        "position": await schedule.position(booking, minutes) if live else None,
        "come_at": estimated_time(booking.session.start_on(booking.day), booking.number, minutes),
    }


@require_role()
async def booking(request: Request) -> Response:
    found = await _visible_booking(request)
    token = sign_token({"code": found.code}, purpose=TOKEN_PURPOSE)
    context = await _live_context(request, found)
    context |= {
        "qr": qr_svg(token, label=_("QR code of booking %(code)s", code=found.code)),
        "new": request.query_params.get("baru") == "1",
        "may_cancel": access.made(await current_user(request), found)
        and may_cancel(
            found.status,
            city_now(),
            found.session.start_on(found.day),
            rules(request).cutoff_minutes,
        ),
    }
    return await page(request, "simpati_rs/booking.html", context)


@require_role()
async def booking_live(request: Request) -> Response:
    """The patient's live position, polled by their phone."""
    found = await _visible_booking(request)
    return await page(
        request,
        "simpati_rs/_position.html",
        await _live_context(request, found),
        headers={"Cache-Control": "no-store"},
    )


@require_role(Role.CITIZEN)
async def cancel(request: Request) -> Response:
    found = await _visible_booking(request)
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    if not access.made(user, found):
        raise HTTPException(404)
    try:
        await services.cancel(found, actor=user, rules=rules(request), link=booking_link(request))
    except services.BookingRefused as exc:
        context = await _live_context(request, found)
        context |= {"errors": refusal_errors(exc, request), "qr": "", "may_cancel": False}
        return await page(request, "simpati_rs/booking.html", context, status_code=422)
    return redirect(request, plugin_context(request).url("booking", code=found.code))


@require_role(Role.CITIZEN)
async def reschedule(request: Request) -> Response:
    """Move a booking to another session or date of the same polyclinic, until the cut-off."""
    found = await _visible_booking(request)
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    if not access.made(user, found):
        raise HTTPException(404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.form()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        session, day = await _chosen_session(request, values, errors)
        if session is not None and session.polyclinic_id != found.polyclinic_id:
            errors["session"] = _("Choose a session.")
        if session is not None and day is not None and not errors:
            try:
                moved = await services.reschedule(
                    found,
                    session,
                    day,
                    actor=user,
                    rules=rules(request),
                    link=booking_link(request),
                )
            except services.BookingRefused as exc:
                errors = refusal_errors(exc, request)
            else:
                url = plugin_context(request).url("booking", code=moved.code)
                return redirect(request, url + "?baru=1")
    chosen = rules(request)
    sessions = (
        await PracticeSession.open()
        .filter(polyclinic_id=found.polyclinic_id)
        .select_related("doctor")
    )
    dates = await schedule.session_dates(
        sessions,
        city_now(),
        window_days=chosen.window_days,
        cutoff_minutes=chosen.cutoff_minutes,
    )
    context = {"booking": found, "dates": dates, "errors": errors}
    return await page(
        request, "simpati_rs/reschedule.html", context, status_code=422 if errors else 200
    )
