"""What changes Simpati RS's data, each in one transaction with its audit entry.

Views check who may act (:mod:`simpati_rs.access`); these functions check the rules of
:mod:`simpati_rs.workflow` against the rows as they are inside the transaction.

Every booking, cancellation and "call next" of a session-day begins by writing its
:class:`SessionDay` row (one upsert). On PostgreSQL that write locks the row until commit, so the
requests for one session queue one behind the other and each sees the counts the previous one
left. On SQLite the same first write takes the database's write lock at once (a transaction whose
first statement writes behaves as ``BEGIN IMMEDIATE``: it never reads a snapshot it would later
have to upgrade), and within one process Tortoise runs one transaction at a time. Queue numbers
come from the host's gap-free sequence inside the same transaction, so a refused or failed booking
gives its number back.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tangerang_live import (
    User,
    city_now,
    next_number,
    record_audit,
)
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from simpati_rs.models import (
    BedWard,
    Booking,
    DoctorLeave,
    HospitalHoliday,
    Polyclinic,
    PracticeSession,
)
from simpati_rs.notices import Link, News, tell
from simpati_rs.schedule import session_dates
from simpati_rs.workflow import (
    MINUTES_PER_PATIENT,
    Action,
    BedError,
    Beds,
    IllegalTransition,
    Patient,
    Payer,
    Place,
    Refusal,
    Status,
    call_order,
    checked_beds,
    is_priority,
    may_cancel,
    next_status,
    patient_refusals,
    quota_refusal,
)

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
"""Letters and digits that cannot be mistaken for one another when read aloud or typed."""
CODE_LENGTH = 6


class BookingRefused(ValueError):
    """A booking, cancellation or queue action was refused; ``refusals`` maps fields to reasons."""

    def __init__(self, refusals: dict[str, Refusal]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in refusals.items()))
        self.refusals = refusals


@dataclass(frozen=True)
class Rules:
    """The plugin settings the booking rules depend on."""

    window_days: int
    cutoff_minutes: int
    minutes_per_patient: int = MINUTES_PER_PATIENT

    @classmethod
    def of(cls, settings: Mapping[str, object]) -> Rules:
        """The rules as an admin set them (``plugin.settings``)."""
        return cls(
            window_days=int(str(settings["window_days"])),
            cutoff_minutes=int(str(settings["cutoff_minutes"])),
            minutes_per_patient=int(str(settings["minutes_per_patient"])),
        )


def new_code() -> str:
    return "RS-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def queue_key(session_id: int) -> str:
    return f"simpati_rs.queue.{session_id}"


async def lock_session_day(
    connection: BaseDBAsyncClient, session_id: int, day: date
) -> tuple[int, int, int]:
    """Write (creating if needed) the session-day's counter row and return ``(id, booked,
    jkn_booked)``; the row stays locked until the caller's transaction ends."""
    # Both values are typed by code, never by users (an int and a date): formatting them in
    # keeps one statement for SQLite and PostgreSQL, whose placeholders differ.
    rows = await connection.execute_query_dict(
        "INSERT INTO simpati_rs_session_day (session_id, day, booked, jkn_booked, writes) "
        f"VALUES ({int(session_id)}, '{date.isoformat(day)}', 0, 0, 1) "
        "ON CONFLICT (session_id, day) DO UPDATE "
        "SET writes = simpati_rs_session_day.writes + 1 "
        "RETURNING id, booked, jkn_booked"
    )
    row = rows[0]
    return int(row["id"]), int(row["booked"]), int(row["jkn_booked"])


async def _check_before_booking(
    session: PracticeSession, day: date, patient: Patient, rules: Rules, now: datetime
) -> None:
    """The rules that need no lock: the patient's details, the day and the window."""
    refusals: dict[str, Refusal] = dict(patient_refusals(patient))
    dates = await session_dates(
        [session],
        now,
        window_days=rules.window_days,
        cutoff_minutes=rules.cutoff_minutes,
        first=day,
        days=0,
    )
    if not dates:
        refusals["session"] = Refusal.NOT_PRACTISING
    # A full session is checked under the lock, where it counts; here only the window.
    elif dates[0].refusal not in (None, Refusal.FULL):
        refusals["session"] = dates[0].refusal
    if refusals:
        raise BookingRefused(refusals)


async def _insert_booking(
    connection: BaseDBAsyncClient,
    session: PracticeSession,
    day: date,
    patient: Patient,
    booked_by: User,
    counter: tuple[int, int, int],
) -> Booking:
    """Inside a transaction that holds the session-day's lock: the quota, the duplicate check,
    the number and the row."""
    counter_id, booked, jkn_booked = counter
    # The session as it is now, under the lock: a catalogue manager may have lowered its quota,
    # closed it or recorded the doctor's leave while this request waited.
    current = await PracticeSession.open().filter(id=session.id).using_db(connection).first()
    if current is None or not current.runs_on(day) or await _closed(connection, current, day):
        raise BookingRefused({"session": Refusal.NOT_PRACTISING})
    full = quota_refusal(current.quota, current.jkn_quota, booked, jkn_booked, patient.payer)
    if full is not None:
        raise BookingRefused({"session": full})
    key = Booking.key_for(patient.nik, session.polyclinic_id, day)
    if await Booking.filter(active_key=key).using_db(connection).exists():
        raise BookingRefused({"nik": Refusal.DUPLICATE})
    number = await next_number(queue_key(session.id), day.isoformat(), connection=connection)
    booking = await Booking.create(
        using_db=connection,
        code=new_code(),
        session_id=session.id,
        polyclinic_id=session.polyclinic_id,
        day=day,
        number=number,
        booked_by=booked_by,
        patient_name=patient.name,
        nik=patient.nik,
        born=patient.born,
        payer=patient.payer,
        jkn_number=patient.jkn_number if patient.payer == Payer.JKN else "",
        referral=patient.referral.strip() if patient.payer == Payer.JKN else "",
        priority=is_priority(patient.born, day),
        status=Status.BOOKED,
        active_key=key,
    )
    await count_place(connection, counter_id, patient.payer, +1)
    return booking


async def _closed(connection: BaseDBAsyncClient, session: PracticeSession, day: date) -> bool:
    """Whether the doctor is on leave or the hospital closed on ``day``."""
    on_leave = DoctorLeave.filter(doctor_id=session.doctor_id, starts_on__lte=day, ends_on__gte=day)
    if await on_leave.using_db(connection).exists():
        return True
    hospital_id = (
        await Polyclinic.filter(id=session.polyclinic_id)
        .using_db(connection)
        .values_list("hospital_id", flat=True)
    )
    holiday = HospitalHoliday.filter(hospital_id__in=list(hospital_id), day=day)
    return await holiday.using_db(connection).exists()


async def count_place(
    connection: BaseDBAsyncClient, counter_id: int, payer: Payer, step: int
) -> None:
    jkn_step = step if payer == Payer.JKN else 0
    await connection.execute_query(
        f"UPDATE simpati_rs_session_day SET booked = booked + {int(step)}, "
        f"jkn_booked = jkn_booked + {int(jkn_step)} WHERE id = {int(counter_id)}"
    )


async def book(
    session: PracticeSession,
    day: date,
    patient: Patient,
    *,
    booked_by: User,
    rules: Rules,
    now: datetime | None = None,
    link: Link | None = None,
) -> Booking:
    """Take a place in ``session`` on ``day`` for ``patient``; return the booking once committed.
    With ``link``, the booker is told the code, number and time to come.

    Raises :class:`BookingRefused` (nothing stored) when a rule forbids it.
    """
    now = now or city_now()
    await _check_before_booking(session, day, patient, rules, now)
    try:
        async with in_transaction() as connection:
            counter = await lock_session_day(connection, session.id, day)
            booking = await _insert_booking(connection, session, day, patient, booked_by, counter)
            await record_audit(
                "simpati_rs.book",
                target=booking.code,
                actor=booked_by,
                detail={"session": session.id, "day": day.isoformat(), "number": booking.number},
            )
            if link is not None:
                await tell(
                    booking, News.BOOKED, link, minutes_per_patient=rules.minutes_per_patient
                )
    except IntegrityError as exc:
        # The same patient booked another session of the polyclinic that day a moment ago: the
        # unique active key refused the second row and the whole transaction rolled back.
        raise BookingRefused({"nik": Refusal.DUPLICATE}) from exc
    return booking


async def reschedule(
    booking: Booking,
    session: PracticeSession,
    day: date,
    *,
    actor: User,
    rules: Rules,
    now: datetime | None = None,
    link: Link | None = None,
) -> Booking:
    """Move a booking to another session or day: the old place returns to the quota and the
    new one is taken in the same transaction, or nothing changes. With ``link``, the booker is
    told the new code, number and time."""
    now = now or city_now()
    old_session = await booking.session
    _refuse_change(booking, old_session, now, rules)
    patient = Patient(
        booking.patient_name,
        booking.nik,
        booking.born,
        booking.payer,
        booking.jkn_number,
        booking.referral,
    )
    await _check_before_booking(session, day, patient, rules, now)
    targets = sorted({(old_session.id, booking.day), (session.id, day)})
    try:
        async with in_transaction() as connection:
            # Two session-days, always locked in the same order, so two opposite moves cannot
            # wait for each other forever.
            counters = {t: await lock_session_day(connection, *t) for t in targets}
            await _cancel_locked(connection, booking, counters[(old_session.id, booking.day)][0])
            new = await _insert_booking(
                connection, session, day, patient, actor, counters[(session.id, day)]
            )
            await record_audit(
                "simpati_rs.reschedule",
                target=new.code,
                actor=actor,
                detail={"from": booking.code, "session": session.id, "day": day.isoformat()},
            )
            if link is not None:
                await tell(new, News.MOVED, link, minutes_per_patient=rules.minutes_per_patient)
    except IntegrityError as exc:
        raise BookingRefused({"nik": Refusal.DUPLICATE}) from exc
    return new


def _refuse_change(booking: Booking, session: PracticeSession, now: datetime, rules: Rules) -> None:
    """A booking is cancelled or moved only while it is booked, and only until the cut-off."""
    if booking.status != Status.BOOKED:
        raise BookingRefused({"booking": Refusal.NOT_ACTIVE})
    if not may_cancel(booking.status, now, session.start_on(booking.day), rules.cutoff_minutes):
        raise BookingRefused({"booking": Refusal.CLOSED})


async def _cancel_locked(connection: BaseDBAsyncClient, booking: Booking, counter_id: int) -> None:
    current = await Booking.filter(id=booking.id).using_db(connection).get()
    try:
        next_status(current.status, Action.CANCEL)
    except IllegalTransition as exc:
        # Cancelled (or checked in) by another request while this one waited for the lock.
        raise BookingRefused({"booking": Refusal.NOT_ACTIVE}) from exc
    await (
        Booking.filter(id=booking.id)
        .using_db(connection)
        .update(status=Status.CANCELLED, active_key=None, finished_at=city_now())
    )
    await count_place(connection, counter_id, current.payer, -1)


async def cancel(
    booking: Booking,
    *,
    actor: User,
    rules: Rules,
    now: datetime | None = None,
    link: Link | None = None,
) -> None:
    """Cancel before the cut-off: the place returns to the quota, the number stays issued.
    With ``link``, the booker is told."""
    now = now or city_now()
    session = await booking.session
    _refuse_change(booking, session, now, rules)
    async with in_transaction() as connection:
        counter_id, _booked, _jkn = await lock_session_day(connection, session.id, booking.day)
        await _cancel_locked(connection, booking, counter_id)
        await record_audit("simpati_rs.cancel", target=booking.code, actor=actor)
        if link is not None:
            await tell(booking, News.CANCELLED, link, minutes_per_patient=rules.minutes_per_patient)


# -- on the day -----------------------------------------------------------------------------------


async def act(booking: Booking, action: Action, *, actor: User | None) -> Booking:
    """A queue action on one booking (check in, call, recall, skip, serve, no-show), under a row
    lock; raises :class:`IllegalTransition` when its state (read under the lock) forbids it."""
    now = city_now()
    async with in_transaction() as connection:
        await lock_session_day(connection, booking.session_id, booking.day)
        current = await Booking.filter(id=booking.id).using_db(connection).get()
        target = next_status(current.status, action)
        if action in (Action.CALL, Action.RECALL):
            await _refuse_second_call(connection, current)
        changes: dict[str, object] = {"status": target}
        if action == Action.CHECK_IN:
            changes["checked_in_at"] = now
        elif action == Action.CALL:
            changes["called_at"] = now
        elif action == Action.RECALL:
            changes["called_at"] = now
            changes["recalls"] = current.recalls + 1
        elif action in (Action.SERVE, Action.NO_SHOW):
            changes["finished_at"] = now
        await Booking.filter(id=current.id).using_db(connection).update(**changes)
        await record_audit(
            f"simpati_rs.{action.value}", target=current.code, actor=actor, detail={}
        )
    return await Booking.get(id=booking.id)


async def _refuse_second_call(connection: BaseDBAsyncClient, booking: Booking) -> None:
    """A doctor sees one patient at a time: calling another while one is called is refused."""
    other = (
        await Booking.filter(session_id=booking.session_id, day=booking.day, status=Status.CALLED)
        .exclude(id=booking.id)
        .using_db(connection)
        .exists()
    )
    if other:
        raise BookingRefused({"queue": Refusal.BUSY})


async def call_next(session: PracticeSession, day: date, *, actor: User) -> Booking | None:
    """Call the next patient of the session-day in :func:`workflow.call_order`; ``None`` when
    nobody is waiting. Two desks pressing at once call two different patients, never one twice."""
    now = city_now()
    async with in_transaction() as connection:
        await lock_session_day(connection, session.id, day)
        rows = (
            await Booking.filter(
                session_id=session.id,
                day=day,
                status__in=[Status.CHECKED_IN, Status.SKIPPED, Status.CALLED],
            )
            .using_db(connection)
            .values("id", "number", "priority", "status")
        )
        if any(r["status"] == Status.CALLED for r in rows):
            raise BookingRefused({"queue": Refusal.BUSY})
        order = call_order(Place(r["number"], r["priority"], Status(r["status"])) for r in rows)
        if not order:
            return None
        chosen = next(r for r in rows if r["number"] == order[0].number)
        await (
            Booking.filter(id=chosen["id"])
            .using_db(connection)
            .update(status=Status.CALLED, called_at=now)
        )
        await record_audit("simpati_rs.call", target=str(chosen["id"]), actor=actor)
    return await Booking.get(id=chosen["id"])


async def mark_no_shows(now: datetime | None = None) -> int:
    """After a session has ended, whoever booked but never came, or was skipped and never came
    back, is a no-show. Returns how many were marked; safe to run on several workers at once."""
    now = now or city_now()
    candidates = await Booking.filter(
        day__lte=now.date(), status__in=[Status.BOOKED, Status.SKIPPED]
    ).prefetch_related("session")
    marked = 0
    for booking in candidates:
        if now < booking.session.end_on(booking.day):
            continue
        async with in_transaction():
            changed = await Booking.filter(
                id=booking.id, status__in=[Status.BOOKED, Status.SKIPPED]
            ).update(status=Status.NO_SHOW, finished_at=now)
            if changed:
                await record_audit("simpati_rs.no_show", target=booking.code, detail={})
        marked += changed
    return marked


async def remind_tomorrow(link: Link, rules: Rules, now: datetime | None = None) -> int:
    """Remind the bookers of tomorrow's bookings when to come, once each (a booking already
    reminded is left alone, so a second run on another worker tells nobody twice)."""
    now = now or city_now()
    tomorrow = now.date() + timedelta(days=1)
    due = await Booking.filter(day=tomorrow, status=Status.BOOKED, reminded_at__isnull=True)
    reminded = 0
    for booking in due:
        async with in_transaction():
            claimed = await Booking.filter(id=booking.id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                await tell(
                    booking, News.REMINDER, link, minutes_per_patient=rules.minutes_per_patient
                )
        reminded += claimed
    return reminded


# -- beds -----------------------------------------------------------------------------------------


async def set_beds(ward: BedWard, beds: Beds, *, actor: User) -> BedWard:
    """Store a bed manager's counts, checked by :func:`workflow.checked_beds` first."""
    checked = checked_beds(beds.capacity, beds.occupied, beds.waiting)
    async with in_transaction():
        await BedWard.filter(id=ward.id).update(
            capacity=checked.capacity,
            occupied=checked.occupied,
            waiting=checked.waiting,
            updated_at=city_now(),
        )
        await record_audit(
            "simpati_rs.beds",
            target=f"{ward.hospital_id}:{ward.bed_class}",
            actor=actor,
            detail={"capacity": checked.capacity, "occupied": checked.occupied},
        )
    return await BedWard.get(id=ward.id)


async def move_beds(ward: BedWard, count: int, *, actor: User) -> BedWard:
    """Admit ``count`` patients (discharge if negative) in one guarded update, so two managers
    pressing at once can never push occupied below 0 or above capacity; raises
    :class:`BedError` when the beds are full (or empty)."""
    async with in_transaction() as connection:
        # ``count`` and the id are ints from code, formatted in for one statement on both
        # databases; the WHERE clause is the rule, checked by the database under its own lock.
        changed, _rows = await connection.execute_query(
            f"UPDATE simpati_rs_beds SET occupied = occupied + {int(count)} "
            f"WHERE id = {int(ward.id)} AND occupied + {int(count)} >= 0 "
            f"AND occupied + {int(count)} <= capacity"
        )
        if not changed:
            raise BedError("occupied")
        await record_audit(
            "simpati_rs.beds",
            target=f"{ward.hospital_id}:{ward.bed_class}",
            actor=actor,
            detail={"admitted": count},
        )
    return await BedWard.get(id=ward.id)
