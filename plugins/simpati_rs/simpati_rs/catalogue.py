"""What changes the catalogue: polyclinics, doctors, weekly sessions, doctors' leave and hospital
holidays, each change in one transaction with its audit entry.

Patients keep what they were told. A session whose coming dates hold bookings keeps its weekday
and start, stays active and keeps a place for every booking (:func:`workflow.session_problems`);
a polyclinic or doctor with bookings ahead stays active. Leave or a holiday that covers a booked
date closes it: those bookings are cancelled and their bookers told, in the same transaction.

Every change that bookings depend on first writes the session-days it touches (as a booking does,
:func:`services.lock_session_day`), so a booking waiting on the same session-day sees the new
quota, the leave or the holiday once it gets its turn, and a change never misses a booking made
a moment before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from tangerang_live import Organisation, User, city_today, record_audit
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from simpati_rs.models import (
    Booking,
    Doctor,
    DoctorLeave,
    HospitalHoliday,
    Polyclinic,
    PracticeSession,
    SessionDay,
)
from simpati_rs.notices import Link, News, tell
from simpati_rs.services import Rules, count_place, lock_session_day
from simpati_rs.workflow import (
    TO_SEE,
    TRANSITIONS,
    Action,
    Booked,
    CatalogueProblem,
    DoctorData,
    HolidayData,
    LeaveData,
    PolyclinicData,
    SessionPlan,
    Status,
    period_problems,
    session_problems,
)

CLOSABLE = sorted(TRANSITIONS[Action.CLOSE][0])
"""Bookings a closed session-day cancels."""


class CatalogueRefused(ValueError):
    """A change the rules forbid; ``problems`` maps form fields to reasons. Nothing was stored."""

    def __init__(self, problems: dict[str, CatalogueProblem]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def _plan(session: PracticeSession) -> SessionPlan:
    return SessionPlan(
        session.doctor_id,
        session.weekday,
        session.starts_minute,
        session.ends_minute,
        session.quota,
        session.jkn_quota,
        session.is_active,
    )


async def _refuse_closing_with_bookings(
    connection: BaseDBAsyncClient, rules: Rules, **where: object
) -> None:
    """Before a polyclinic or doctor stops taking patients: lock the coming session-days of its
    sessions (a booking in flight waits, then finds it closed), then refuse if any holds a
    booking still to be seen."""
    sessions = await PracticeSession.filter(**where).using_db(connection).values("id", "weekday")
    await _lock_coming(connection, [(int(s["id"]), int(s["weekday"])) for s in sessions], rules)
    ahead = Booking.filter(
        day__gte=city_today(),
        status__in=sorted(TO_SEE),
        session__id__in=[int(s["id"]) for s in sessions],
    )
    if await ahead.using_db(connection).exists():
        raise CatalogueRefused({"is_active": CatalogueProblem.HAS_BOOKINGS})


async def _lock_coming(
    connection: BaseDBAsyncClient, sessions: Iterable[tuple[int, int]], rules: Rules
) -> None:
    """Write every session-day a patient could book now of each ``(session id, weekday)``."""
    today = city_today()
    last = today + timedelta(days=rules.window_days)
    for session_id, weekday in sorted(sessions):
        for day in _dates(weekday, today, last):
            await lock_session_day(connection, session_id, day)


# -- polyclinics and doctors ----------------------------------------------------------------------


async def save_polyclinic(
    hospital: Organisation,
    data: PolyclinicData,
    *,
    actor: User,
    rules: Rules,
    polyclinic: Polyclinic | None,
) -> Polyclinic:
    """Create a polyclinic of ``hospital`` (``polyclinic`` is ``None``) or change one; closing
    it is refused while patients have booked it."""
    values: dict[str, Any] = {
        "code": data.code,
        "name_id": data.name_id,
        "name_en": data.name_en,
        "order": data.order,
        "is_active": data.is_active,
    }
    try:
        async with in_transaction() as connection:
            if polyclinic is None:
                polyclinic = await Polyclinic.create(hospital=hospital, **values)
            else:
                if polyclinic.is_active and not data.is_active:
                    await _refuse_closing_with_bookings(
                        connection, rules, polyclinic_id=polyclinic.id
                    )
                await Polyclinic.filter(id=polyclinic.id).update(**values)
            await record_audit(
                "simpati_rs.polyclinic", target=f"{hospital.code}/{data.code}", actor=actor
            )
    except IntegrityError as exc:
        raise CatalogueRefused({"code": CatalogueProblem.TAKEN}) from exc
    return await Polyclinic.get(id=polyclinic.id)


async def save_doctor(
    polyclinic: Polyclinic, data: DoctorData, *, actor: User, rules: Rules, doctor: Doctor | None
) -> Doctor:
    """Add a doctor to ``polyclinic`` or change one; a doctor stops practising only when no
    patient has booked them."""
    async with in_transaction() as connection:
        if doctor is None:
            doctor = await Doctor.create(polyclinic=polyclinic, name=data.name)
        else:
            if doctor.is_active and not data.is_active:
                await _refuse_closing_with_bookings(connection, rules, doctor_id=doctor.id)
            await Doctor.filter(id=doctor.id).update(name=data.name, is_active=data.is_active)
        await record_audit("simpati_rs.doctor", target=str(doctor.id), actor=actor)
    return await Doctor.get(id=doctor.id)


# -- weekly sessions ------------------------------------------------------------------------------


def _dates(weekday: int, first: date, last: date) -> list[date]:
    """The dates from ``first`` to ``last`` that fall on ``weekday``."""
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return [start + timedelta(days=7 * k) for k in range(max(0, (last - start).days // 7 + 1))]


async def _booked_ahead(connection: BaseDBAsyncClient, session_id: int, today: date) -> Booked:
    """The most places taken on one coming date of the session (read under the locks)."""
    rows = (
        await SessionDay.filter(session_id=session_id, day__gte=today)
        .using_db(connection)
        .values("booked", "jkn_booked")
    )
    return Booked(
        general=max((r["booked"] - r["jkn_booked"] for r in rows), default=0),
        jkn=max((r["jkn_booked"] for r in rows), default=0),
    )


async def save_session(
    polyclinic: Polyclinic,
    plan: SessionPlan,
    *,
    actor: User,
    rules: Rules,
    session: PracticeSession | None,
) -> PracticeSession:
    """Create a weekly session of ``polyclinic`` (``plan.doctor_id`` is one of its doctors) or
    change one, refused (:class:`CatalogueRefused`) when the plan breaks
    :func:`workflow.session_problems` against the bookings it already holds."""
    problems = session_problems(plan)
    if problems:
        raise CatalogueRefused(problems)
    today = city_today()
    values: dict[str, Any] = {
        "doctor_id": plan.doctor_id,
        "weekday": plan.weekday,
        "starts_minute": plan.starts_minute,
        "ends_minute": plan.ends_minute,
        "quota": plan.quota,
        "jkn_quota": plan.jkn_quota,
        "is_active": plan.is_active,
    }
    async with in_transaction() as connection:
        if session is None:
            session = await PracticeSession.create(polyclinic=polyclinic, **values)
        else:
            # Every date a patient could book now: a booking in flight waits, then sees the plan.
            await _lock_coming(connection, [(session.id, session.weekday)], rules)
            current = await PracticeSession.filter(id=session.id).using_db(connection).get()
            booked = await _booked_ahead(connection, session.id, today)
            problems = session_problems(plan, _plan(current), booked)
            if problems:
                raise CatalogueRefused(problems)
            await PracticeSession.filter(id=session.id).using_db(connection).update(**values)
        await record_audit(
            "simpati_rs.session",
            target=str(session.id),
            actor=actor,
            detail={"quota": plan.quota, "jkn_quota": plan.jkn_quota, "active": plan.is_active},
        )
    return await PracticeSession.get(id=session.id).select_related("doctor")


# -- closed days: leave and holidays --------------------------------------------------------------


async def _close(
    connection: BaseDBAsyncClient,
    session_days: Iterable[tuple[int, date]],
    *,
    reason: str,
    rules: Rules,
    link: Link,
) -> int:
    """Cancel the bookings still to be seen on each session-day (locked in one order, as every
    booking locks them) and tell each booker why. Returns how many were cancelled."""
    cancelled = 0
    for session_id, day in sorted(set(session_days)):
        counter_id, _booked, _jkn = await lock_session_day(connection, session_id, day)
        bookings = (
            await Booking.filter(session_id=session_id, day=day, status__in=CLOSABLE)
            .using_db(connection)
            .order_by("number")
        )
        for booking in bookings:
            await (
                Booking.filter(id=booking.id)
                .using_db(connection)
                .update(status=Status.CANCELLED, active_key=None)
            )
            await count_place(connection, counter_id, booking.payer, -1)
            await record_audit("simpati_rs.close", target=booking.code, detail={"reason": reason})
            await tell(
                booking,
                News.CLOSED,
                link,
                minutes_per_patient=rules.minutes_per_patient,
                reason=reason,
            )
            cancelled += 1
    return cancelled


def _bookable(first: date, last: date, rules: Rules) -> tuple[date, date]:
    """The part of ``first..last`` a patient may have booked: today up to the window's end."""
    today = city_today()
    return max(first, today), min(last, today + timedelta(days=rules.window_days))


async def save_leave(
    doctor: Doctor,
    data: LeaveData,
    *,
    actor: User,
    rules: Rules,
    link: Link,
    leave: DoctorLeave | None,
) -> tuple[DoctorLeave, int]:
    """Record (or change) a doctor's leave; the bookings of their sessions on those days are
    cancelled and their bookers told. Returns the leave and how many bookings were cancelled."""
    problems = period_problems(data.starts_on, data.ends_on, city_today())
    if problems:
        raise CatalogueRefused(problems)
    sessions = await PracticeSession.filter(doctor_id=doctor.id).values("id", "weekday")
    first, last = _bookable(data.starts_on, data.ends_on, rules)
    covered = [
        (int(s["id"]), day) for s in sessions for day in _dates(int(s["weekday"]), first, last)
    ]
    values: dict[str, Any] = {
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "reason": data.reason,
    }
    async with in_transaction() as connection:
        if leave is None:
            leave = await DoctorLeave.create(doctor=doctor, **values)
        else:
            await DoctorLeave.filter(id=leave.id).update(**values)
        cancelled = await _close(connection, covered, reason=data.reason, rules=rules, link=link)
        await record_audit(
            "simpati_rs.leave",
            target=str(doctor.id),
            actor=actor,
            detail={"from": data.starts_on.isoformat(), "to": data.ends_on.isoformat()},
        )
    return await DoctorLeave.get(id=leave.id), cancelled


async def save_holiday(
    hospital: Organisation,
    data: HolidayData,
    *,
    actor: User,
    rules: Rules,
    link: Link,
    holiday: HospitalHoliday | None,
) -> tuple[HospitalHoliday, int]:
    """Record (or move) a day the hospital's polyclinics are closed; that day's bookings are
    cancelled and their bookers told."""
    problems = period_problems(data.day, data.day, city_today())
    if problems:
        raise CatalogueRefused({"day": problems["starts_on"]})
    first, last = _bookable(data.day, data.day, rules)
    sessions = await PracticeSession.filter(
        polyclinic__hospital_id=hospital.id, weekday=data.day.weekday()
    ).values("id")
    covered = [(int(s["id"]), data.day) for s in sessions] if first <= last else []
    try:
        async with in_transaction() as connection:
            if holiday is None:
                holiday = await HospitalHoliday.create(
                    hospital=hospital, day=data.day, name=data.name
                )
            else:
                await HospitalHoliday.filter(id=holiday.id).update(day=data.day, name=data.name)
            cancelled = await _close(connection, covered, reason=data.name, rules=rules, link=link)
            await record_audit(
                "simpati_rs.holiday", target=f"{hospital.code}:{data.day.isoformat()}", actor=actor
            )
    except IntegrityError as exc:
        raise CatalogueRefused({"day": CatalogueProblem.TAKEN}) from exc
    return await HospitalHoliday.get(id=holiday.id), cancelled


async def remove_leave(leave: DoctorLeave, *, actor: User) -> None:
    """The doctor practises after all: their dates open again (cancelled bookings stay so)."""
    async with in_transaction():
        await DoctorLeave.filter(id=leave.id).delete()
        await record_audit("simpati_rs.leave_removed", target=str(leave.doctor_id), actor=actor)


async def remove_holiday(holiday: HospitalHoliday, *, actor: User) -> None:
    async with in_transaction():
        await HospitalHoliday.filter(id=holiday.id).delete()
        await record_audit(
            "simpati_rs.holiday_removed", target=holiday.day.isoformat(), actor=actor
        )
