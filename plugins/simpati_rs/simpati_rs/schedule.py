"""What the pages read: sessions with places left, a polyclinic's queue board, a patient's place.

Read-only and cheap: the board and a patient's position are polled every two seconds by every
waiting-room screen and phone, so each is one indexed query on the bookings of one day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tangerang_live import load_holidays

from simpati_rs.models import (
    Booking,
    DoctorLeave,
    HospitalHoliday,
    Polyclinic,
    PracticeSession,
    SessionDay,
)
from simpati_rs.workflow import (
    Place,
    Refusal,
    Status,
    booking_window_refusal,
    call_order,
    estimated_wait,
    people_ahead,
    places_left,
)

NEXT_SHOWN = 5


@dataclass(frozen=True)
class SessionDate:
    """One session on one date, as a booking page lists it."""

    session: PracticeSession
    day: date
    general_left: int
    jkn_left: int
    refusal: Refusal | None
    """Why it cannot be booked now (``None`` when it can)."""

    @property
    def start(self) -> datetime:
        return self.session.start_on(self.day)

    @property
    def slot_id(self) -> str:
        return f"{self.session.id}-{self.day:%Y%m%d}"


async def session_dates(
    sessions: Iterable[PracticeSession],
    now: datetime,
    *,
    window_days: int,
    cutoff_minutes: int,
    first: date | None = None,
    days: int | None = None,
) -> list[SessionDate]:
    """Each session on each date it runs from ``first`` (today) for ``days`` (the window),
    in time order, with the places left; dates on leave or holidays are left out."""
    sessions = list(sessions)
    first = first or now.date()
    last = first + timedelta(days=window_days if days is None else days)
    if not sessions:
        return []
    ids = [s.id for s in sessions]
    bookable = set(await PracticeSession.open().filter(id__in=ids).values_list("id", flat=True))
    doctor_ids = {s.doctor_id for s in sessions}
    counts = {
        (row["session_id"], row["day"]): (row["booked"], row["jkn_booked"])
        for row in await SessionDay.filter(
            session_id__in=ids, day__gte=first, day__lte=last
        ).values("session_id", "day", "booked", "jkn_booked")
    }
    leaves = await DoctorLeave.filter(
        doctor_id__in=doctor_ids, ends_on__gte=first, starts_on__lte=last
    ).values("doctor_id", "starts_on", "ends_on")
    closed = set(await load_holidays(first, last))
    hospital_ids = set(
        await Polyclinic.filter(id__in={s.polyclinic_id for s in sessions}).values_list(
            "hospital_id", flat=True
        )
    )
    closed |= set(
        await HospitalHoliday.filter(
            hospital_id__in=hospital_ids, day__gte=first, day__lte=last
        ).values_list("day", flat=True)  # type: ignore[arg-type]  # tortoise types flat values_list rows as tuples
    )
    result = []
    day = first
    while day <= last:
        for session in sessions:
            if session.id not in bookable or not session.runs_on(day) or day in closed:
                continue
            if any(
                leave["doctor_id"] == session.doctor_id
                and leave["starts_on"] <= day <= leave["ends_on"]
                for leave in leaves
            ):
                continue
            booked, jkn = counts.get((session.id, day), (0, 0))
            general_left, jkn_left = places_left(session.quota, session.jkn_quota, booked, jkn)
            refusal = booking_window_refusal(
                now,
                session.start_on(day),
                window_days=window_days,
                cutoff_minutes=cutoff_minutes,
            )
            if refusal is None and general_left + jkn_left == 0:
                refusal = Refusal.FULL
            result.append(SessionDate(session, day, general_left, jkn_left, refusal))
        day += timedelta(days=1)
    result.sort(key=lambda s: (s.start, s.session.id))
    return result


@dataclass(frozen=True)
class Lane:
    """One doctor's queue on the board."""

    session: PracticeSession
    serving: int | None
    recalls: int
    next_numbers: list[Place]
    waiting: int


async def board(polyclinic: Polyclinic, day: date) -> list[Lane]:
    """The polyclinic's sessions on ``day``: who is called now and who is next."""
    sessions = (
        await PracticeSession.open()
        .filter(polyclinic_id=polyclinic.id, weekday=day.weekday())
        .select_related("doctor")
    )
    rows = await Booking.filter(
        polyclinic_id=polyclinic.id,
        day=day,
        status__in=[Status.CHECKED_IN, Status.CALLED, Status.SKIPPED, Status.BOOKED],
    ).values_list("session_id", "number", "priority", "status", "recalls")
    lanes = []
    for session in sessions:
        mine = [r for r in rows if r[0] == session.id]
        places = [Place(r[1], r[2], Status(r[3])) for r in mine]
        called = [r for r in mine if r[3] == Status.CALLED]
        order = call_order(places)
        lanes.append(
            Lane(
                session=session,
                serving=called[0][1] if called else None,
                recalls=called[0][4] if called else 0,
                next_numbers=order[:NEXT_SHOWN],
                waiting=len(order),
            )
        )
    return lanes


@dataclass(frozen=True)
class Position:
    ahead: int
    wait: timedelta
    serving: int | None


async def position(booking: Booking, minutes_per_patient: int) -> Position:
    """Where the patient stands in their session's queue now."""
    rows = await Booking.filter(
        session_id=booking.session_id,
        day=booking.day,
        status__in=[Status.BOOKED, Status.CHECKED_IN, Status.CALLED, Status.SKIPPED],
    ).values_list("number", "priority", "status")
    places = [Place(n, p, Status(s)) for n, p, s in rows]
    me = Place(booking.number, booking.priority, booking.status)
    ahead = people_ahead(me, places)
    serving = next((n for n, _p, s in rows if s == Status.CALLED), None)
    return Position(ahead, estimated_wait(ahead, minutes_per_patient), serving)
