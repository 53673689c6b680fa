"""The rules of a polyclinic queue and of the bed board, as pure functions over plain values.

Booking (Mobile JKN's online queue is the model):

- A place can be booked from the day itself up to ``window_days`` (14) days ahead, and no later
  than ``cutoff_minutes`` before the session starts. Cancelling follows the same cut-off.
- A session has a quota ``Q`` of places, of which ``J`` are reserved for JKN (BPJS) patients:
  JKN bookings never exceed ``J`` and other bookings never exceed ``Q - J``.
- One active booking per patient (by NIK) per polyclinic per day.
- A JKN booking needs the patient's JKN card number and a referral number from a Puskesmas.
- The NIK encodes the date of birth: its digits 7-12 are ``DDMMYY``, with ``DD + 40`` for women;
  a booking whose NIK and date of birth disagree is refused.
- Patients aged 60 and over on the day of the visit are in the priority lane: staff call them
  before everyone else who is waiting.

Queue numbers are handed out per session and day in booking order, 1, 2, 3, ... A cancelled
booking keeps its number (it was issued, and a patient may hold a printout of it); the place goes
back to the quota and the next booking takes the next number. So the issued numbers of a session
are always 1..n without a gap, and at most ``Q`` of them are active at any moment.

On the day a booking moves through these states, and only along these transitions:

- booked -> checked_in (check_in, at the registration desk) -> called (call)
- called -> called (recall: announce again) | served (serve) | skipped (skip: not at the door)
- skipped -> called (call, when they turn up)
- booked -> cancelled (cancel, by the patient before the cut-off)
- booked, checked_in or skipped -> cancelled (close: the doctor's leave or a hospital holiday
  now covers the day; the patient is told)
- booked, checked_in, called or skipped -> no_show (by staff, or by the portal after the session)

Beds: for each class a capacity, an occupied count and a waiting list; occupied stays within
0..capacity and the waiting list never goes below 0, whatever staff send.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from tangerang_live import InvalidInput, parse_nik

WINDOW_DAYS = 14
CUTOFF_MINUTES = 60
MINUTES_PER_PATIENT = 10
PRIORITY_AGE = 60


class Status(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CALLED = "called"
    SKIPPED = "skipped"
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Action(StrEnum):
    CHECK_IN = "check_in"
    CALL = "call"
    RECALL = "recall"
    SKIP = "skip"
    SERVE = "serve"
    NO_SHOW = "no_show"
    CANCEL = "cancel"
    CLOSE = "close"


TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.CHECK_IN: (frozenset({Status.BOOKED}), Status.CHECKED_IN),
    Action.CALL: (frozenset({Status.CHECKED_IN, Status.SKIPPED}), Status.CALLED),
    Action.RECALL: (frozenset({Status.CALLED}), Status.CALLED),
    Action.SKIP: (frozenset({Status.CALLED}), Status.SKIPPED),
    Action.SERVE: (frozenset({Status.CALLED}), Status.SERVED),
    Action.NO_SHOW: (
        frozenset({Status.BOOKED, Status.CHECKED_IN, Status.CALLED, Status.SKIPPED}),
        Status.NO_SHOW,
    ),
    Action.CANCEL: (frozenset({Status.BOOKED}), Status.CANCELLED),
    Action.CLOSE: (
        frozenset({Status.BOOKED, Status.CHECKED_IN, Status.SKIPPED}),
        Status.CANCELLED,
    ),
}

ACTIVE = frozenset(Status) - {Status.CANCELLED}
"""States that hold a place of the quota and block a second booking at the polyclinic that day:
every one but cancelled (a patient served or absent used their place)."""
WAITING = frozenset({Status.BOOKED, Status.CHECKED_IN, Status.SKIPPED})
"""States of patients who have not been called yet (or were called and missed it)."""
TO_SEE = WAITING | {Status.CALLED}
"""States of patients the doctor has still to see: a closed day cancels those it may (see
``Action.CLOSE``), and a doctor or polyclinic with any of them ahead stays open."""

FHIR_STATUS: dict[Status, str] = {
    Status.BOOKED: "booked",
    Status.CHECKED_IN: "arrived",
    Status.CALLED: "arrived",
    Status.SKIPPED: "arrived",
    Status.SERVED: "fulfilled",
    Status.NO_SHOW: "noshow",
    Status.CANCELLED: "cancelled",
}
"""HL7 FHIR R4 ``Appointment.status`` of each state."""


class IllegalTransition(ValueError):
    """The action is not allowed from the booking's current state."""

    def __init__(self, status: Status, action: Action) -> None:
        super().__init__(f"cannot {action.value} a booking that is {status.value}")
        self.status = status
        self.action = action


def next_status(status: Status, action: Action) -> Status:
    """The state ``action`` leads to from ``status``; raises :class:`IllegalTransition`."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise IllegalTransition(status, action)
    return target


def allowed_actions(status: Status) -> list[Action]:
    return [a for a, (sources, _target) in TRANSITIONS.items() if status in sources]


# -- who the patient is ---------------------------------------------------------------------------


class Payer(StrEnum):
    GENERAL = "general"
    """Pays themselves or through private insurance (pasien umum)."""
    JKN = "jkn"
    """Covered by JKN (BPJS Kesehatan): needs a card number and a referral."""


def nik_matches_birth_date(nik: str, born: date) -> bool:
    """Whether ``nik`` is well formed and encodes ``born`` (the century is not encoded)."""
    try:
        # Only the day, month and two year digits are compared, so any late ``today`` will do.
        encoded = parse_nik(nik, today=date(2099, 12, 31))
    except InvalidInput:
        return False
    day = encoded.birth_date
    return (day.day, day.month, day.year % 100) == (born.day, born.month, born.year % 100)


def age_on(born: date, day: date) -> int:
    """Completed years of age on ``day`` (someone born on 29 February ages on 1 March)."""
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)


def is_priority(born: date, visit: date) -> bool:
    """Aged 60 or over on the day of the visit: the priority lane."""
    return age_on(born, visit) >= PRIORITY_AGE


def is_jkn_number(text: str) -> bool:
    """A JKN (BPJS Kesehatan) card number: 13 digits."""
    return len(text) == 13 and text.isascii() and text.isdigit()


# -- when a place may be booked -------------------------------------------------------------------


class Refusal(StrEnum):
    """Why a booking (or a cancellation) is refused; views turn each into a message."""

    PAST = "past"
    TOO_EARLY = "too_early"
    CLOSED = "closed"
    FULL = "full"
    JKN_FULL = "jkn_full"
    DUPLICATE = "duplicate"
    NIK_MISMATCH = "nik_mismatch"
    REFERRAL_MISSING = "referral_missing"
    JKN_NUMBER = "jkn_number"
    NOT_PRACTISING = "not_practising"
    BUSY = "busy"
    """Someone is being called already: serve, skip or mark them first."""
    NOT_ACTIVE = "not_active"
    """The booking to cancel or move is no longer booked (cancelled, or checked in)."""


def booking_window_refusal(
    now: datetime,
    session_start: datetime,
    *,
    window_days: int = WINDOW_DAYS,
    cutoff_minutes: int = CUTOFF_MINUTES,
) -> Refusal | None:
    """Whether a session starting at ``session_start`` can be booked at ``now`` (both aware,
    in the city's time zone): ``None`` if it can, else why not."""
    today = now.date()
    day = session_start.date()
    if day < today or session_start <= now:
        return Refusal.PAST
    if day > today + timedelta(days=window_days):
        return Refusal.TOO_EARLY
    if now > session_start - timedelta(minutes=cutoff_minutes):
        return Refusal.CLOSED
    return None


def may_cancel(
    status: Status, now: datetime, session_start: datetime, cutoff_minutes: int = CUTOFF_MINUTES
) -> bool:
    """A booking can be cancelled (or moved) while it is booked and before the cut-off."""
    return status == Status.BOOKED and now <= session_start - timedelta(minutes=cutoff_minutes)


def quota_refusal(
    quota: int, jkn_quota: int, booked: int, jkn_booked: int, payer: Payer
) -> Refusal | None:
    """Whether one more booking by ``payer`` fits a session with ``booked`` active places,
    ``jkn_booked`` of them JKN: ``None`` if it fits."""
    if payer == Payer.JKN:
        return Refusal.JKN_FULL if jkn_booked >= jkn_quota else None
    return Refusal.FULL if booked - jkn_booked >= quota - jkn_quota else None


def places_left(quota: int, jkn_quota: int, booked: int, jkn_booked: int) -> tuple[int, int]:
    """``(general, jkn)`` places still free in a session."""
    general = max(0, (quota - jkn_quota) - (booked - jkn_booked))
    return general, max(0, jkn_quota - jkn_booked)


@dataclass(frozen=True)
class Patient:
    """Who a booking is for, as typed in the form."""

    name: str
    nik: str
    born: date
    payer: Payer
    jkn_number: str = ""
    referral: str = ""


def patient_refusals(patient: Patient) -> dict[str, Refusal]:
    """What is wrong with the patient's details, by form field."""
    refusals: dict[str, Refusal] = {}
    if not nik_matches_birth_date(patient.nik, patient.born):
        refusals["born"] = Refusal.NIK_MISMATCH
    if patient.payer == Payer.JKN:
        if not is_jkn_number(patient.jkn_number):
            refusals["jkn_number"] = Refusal.JKN_NUMBER
        if not patient.referral.strip():
            refusals["referral"] = Refusal.REFERRAL_MISSING
    return refusals


# -- times ----------------------------------------------------------------------------------------


def estimated_time(session_start: datetime, number: int, minutes_per_patient: int) -> datetime:
    """When patient number ``number`` should be at the polyclinic: the session start plus the
    average time of everyone before them."""
    return session_start + timedelta(minutes=(number - 1) * minutes_per_patient)


@dataclass(frozen=True)
class Place:
    """One booking as the queue sees it."""

    number: int
    priority: bool
    status: Status


def call_order(places: Iterable[Place]) -> list[Place]:
    """Who is called next, in order: those checked in (the priority lane first, then by number),
    then those who were skipped, by number. Booked patients who have not arrived are not called."""
    checked_in = [p for p in places if p.status == Status.CHECKED_IN]
    skipped = [p for p in places if p.status == Status.SKIPPED]
    return sorted(checked_in, key=lambda p: (not p.priority, p.number)) + sorted(
        skipped, key=lambda p: p.number
    )


def people_ahead(me: Place, places: Iterable[Place]) -> int:
    """How many patients will be called before ``me``, in :func:`call_order`'s order, counting
    those booked but not yet arrived as if they were here (they may arrive any moment)."""
    if me.status not in WAITING:
        return 0
    in_line = (Status.BOOKED, Status.CHECKED_IN)

    def before_me(p: Place) -> bool:
        if p.number == me.number:
            return False
        if p.status == Status.CALLED:
            return True
        if me.status == Status.SKIPPED:
            return p.status in in_line or (p.status == Status.SKIPPED and p.number < me.number)
        return p.status in in_line and (not p.priority, p.number) < (not me.priority, me.number)

    return sum(1 for p in places if before_me(p))


def estimated_wait(ahead: int, minutes_per_patient: int) -> timedelta:
    return timedelta(minutes=ahead * minutes_per_patient)


# -- the catalogue --------------------------------------------------------------------------------


class CatalogueProblem(StrEnum):
    """Why a change to the catalogue (a session, a leave, a holiday...) is refused."""

    ENDS_BEFORE_START = "ends_before_start"
    LAST_BEFORE_FIRST = "last_before_first"
    """A leave whose last day comes before its first."""
    JKN_OVER_QUOTA = "jkn_over_quota"
    BELOW_BOOKED = "below_booked"
    """The quota would leave fewer places than patients have booked on a coming date."""
    JKN_BELOW_BOOKED = "jkn_below_booked"
    HAS_BOOKINGS = "has_bookings"
    """Patients have booked a coming date: the weekday, start or active flag cannot change."""
    IN_PAST = "in_past"
    TAKEN = "taken"
    """The code (or the holiday's date) is used already."""


@dataclass(frozen=True)
class SessionPlan:
    """A weekly practice session as a catalogue manager types it."""

    doctor_id: int
    weekday: int
    starts_minute: int
    ends_minute: int
    quota: int
    jkn_quota: int
    is_active: bool = True


@dataclass(frozen=True)
class Booked:
    """The most places taken on any one coming date of a session: ``general`` and ``jkn``, and
    whether any coming date has a booking at all."""

    general: int = 0
    jkn: int = 0

    @property
    def any(self) -> bool:
        return self.general + self.jkn > 0


def session_problems(
    plan: SessionPlan, current: SessionPlan | None = None, booked: Booked = Booked()
) -> dict[str, CatalogueProblem]:
    """What is wrong with ``plan`` (replacing ``current``, whose coming dates hold ``booked``),
    by form field. Patients keep what they were told: with bookings ahead, the doctor, the
    weekday and the start stay, the session stays active, and the quota keeps room for every
    booking."""
    problems: dict[str, CatalogueProblem] = {}
    if plan.ends_minute <= plan.starts_minute:
        problems["ends"] = CatalogueProblem.ENDS_BEFORE_START
    if plan.jkn_quota > plan.quota:
        problems["jkn_quota"] = CatalogueProblem.JKN_OVER_QUOTA
    elif plan.jkn_quota < booked.jkn:
        problems["jkn_quota"] = CatalogueProblem.JKN_BELOW_BOOKED
    if plan.quota - plan.jkn_quota < booked.general and "jkn_quota" not in problems:
        problems["quota"] = CatalogueProblem.BELOW_BOOKED
    if current is not None and booked.any:
        if plan.doctor_id != current.doctor_id:
            problems["doctor"] = CatalogueProblem.HAS_BOOKINGS
        if plan.weekday != current.weekday:
            problems["weekday"] = CatalogueProblem.HAS_BOOKINGS
        if plan.starts_minute != current.starts_minute:
            problems["starts"] = CatalogueProblem.HAS_BOOKINGS
        if current.is_active and not plan.is_active:
            problems["is_active"] = CatalogueProblem.HAS_BOOKINGS
    return problems


@dataclass(frozen=True)
class PolyclinicData:
    code: str
    name_id: str
    name_en: str
    order: int
    is_active: bool = True


@dataclass(frozen=True)
class DoctorData:
    name: str
    is_active: bool = True


@dataclass(frozen=True)
class LeaveData:
    starts_on: date
    ends_on: date
    reason: str = ""


@dataclass(frozen=True)
class HolidayData:
    day: date
    name: str


def period_problems(starts_on: date, ends_on: date, today: date) -> dict[str, CatalogueProblem]:
    """A leave (or any closed period) from ``starts_on`` to ``ends_on``: not in the past, and
    not ending before it starts."""
    problems: dict[str, CatalogueProblem] = {}
    if starts_on < today:
        problems["starts_on"] = CatalogueProblem.IN_PAST
    if ends_on < starts_on:
        problems["ends_on"] = CatalogueProblem.LAST_BEFORE_FIRST
    return problems


# -- beds -----------------------------------------------------------------------------------------


class BedClass(StrEnum):
    VIP = "vip"
    KELAS_1 = "kelas_1"
    KELAS_2 = "kelas_2"
    KELAS_3 = "kelas_3"
    ICU = "icu"
    ISOLATION = "isolation"


class BedError(ValueError):
    """A bed count that would leave occupied outside 0..capacity (or a negative count)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class Beds:
    capacity: int
    occupied: int
    waiting: int

    @property
    def free(self) -> int:
        return self.capacity - self.occupied


def checked_beds(capacity: int, occupied: int, waiting: int) -> Beds:
    """Counts typed by a bed manager, or :class:`BedError` naming the field that is wrong."""
    if capacity < 0:
        raise BedError("capacity")
    if not 0 <= occupied <= capacity:
        raise BedError("occupied")
    if waiting < 0:
        raise BedError("waiting")
    return Beds(capacity, occupied, waiting)


def admit(beds: Beds, count: int = 1) -> Beds:
    """``count`` patients take a bed (a negative count discharges them)."""
    return checked_beds(beds.capacity, beds.occupied + count, beds.waiting)
