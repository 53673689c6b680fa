"""The rules of SIAP Kerja as pure functions over plain values: no database, no request.

Employers: ``pending -> verified`` (a Disnaker officer checks the company) or ``pending -> refused``
(with a reason); a refused employer corrects its details and is ``pending`` again. Nothing an
employer posts is public before it is verified.

Vacancies: a new or edited vacancy is ``pending`` until an officer approves it (``open``) or sends
it back with a note (``returned``; editing makes it ``pending`` again). An open vacancy becomes
``filled`` by itself when its hires reach its openings; its employer may ``close`` it earlier.
It is public while ``open``, ``filled`` or ``closed`` and its employer is verified; it takes
applications only while ``open``, up to and including its closing date, with a place left.

Applications follow the pipeline ``sent -> seen -> shortlisted -> interview -> hired``; the
employer may answer ``not_selected`` at any step before a decision, and the seeker may
``withdraw`` until then. A seeker has at most one active application per vacancy: after a
withdrawal or a refusal they may apply again while the vacancy takes applications. Hires never
exceed openings.

The AK/1 card (kartu kuning): ``applied -> active`` (Disnaker approves, the card is numbered and
valid for ``card_validity_months``) or ``applied -> refused``; an active card becomes ``placed``
when its holder is hired through the portal. An active card past its validity shows ``expired``.
The holder reports every ``reporting_interval_months`` while still looking.

Job fairs: registration while there is a place and the fair has not started; one ticket each,
scanned once at the door.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum


class EmployerStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REFUSED = "refused"


class Sector(StrEnum):
    MANUFACTURING = "manufacturing"
    RETAIL = "retail"
    LOGISTICS = "logistics"
    HOSPITALITY = "hospitality"
    CONSTRUCTION = "construction"
    HEALTH = "health"
    EDUCATION = "education"
    FINANCE = "finance"
    TECHNOLOGY = "technology"
    SERVICES = "services"


class VacancyStatus(StrEnum):
    PENDING = "pending"
    RETURNED = "returned"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class EmploymentType(StrEnum):
    """The values are schema.org ``employmentType`` values, so JSON-LD uses them as they are."""

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACT = "CONTRACTOR"
    INTERNSHIP = "INTERN"
    DAILY = "PER_DIEM"


class Education(IntEnum):
    """Schooling levels in order: a vacancy asking for SMA is open to everyone with SMA or more."""

    NONE = 0
    SD = 1
    SMP = 2
    SMA = 3
    D3 = 4
    S1 = 5
    S2 = 6


class Status(StrEnum):
    """Where an application is in the employer's pipeline."""

    SENT = "sent"
    SEEN = "seen"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    HIRED = "hired"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SEE = "see"
    SHORTLIST = "shortlist"
    INVITE = "invite"
    HIRE = "hire"
    REJECT = "reject"
    WITHDRAW = "withdraw"


class Actor(StrEnum):
    EMPLOYER = "employer"
    SEEKER = "seeker"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    actor: Actor


UNDECIDED = frozenset({Status.SENT, Status.SEEN, Status.SHORTLISTED, Status.INTERVIEW})
ACTIVE = UNDECIDED | {Status.HIRED}
"""Applications that hold the seeker's one place on a vacancy."""
FINAL = frozenset({Status.HIRED, Status.NOT_SELECTED, Status.WITHDRAWN})

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SEE, frozenset({Status.SENT}), Status.SEEN, Actor.EMPLOYER),
        Transition(
            Action.SHORTLIST,
            frozenset({Status.SENT, Status.SEEN}),
            Status.SHORTLISTED,
            Actor.EMPLOYER,
        ),
        # Inviting again from ``interview`` reschedules: a new date or place.
        Transition(
            Action.INVITE,
            frozenset({Status.SHORTLISTED, Status.INTERVIEW}),
            Status.INTERVIEW,
            Actor.EMPLOYER,
        ),
        Transition(Action.HIRE, frozenset({Status.INTERVIEW}), Status.HIRED, Actor.EMPLOYER),
        Transition(Action.REJECT, UNDECIDED, Status.NOT_SELECTED, Actor.EMPLOYER),
        Transition(Action.WITHDRAW, UNDECIDED, Status.WITHDRAWN, Actor.SEEKER),
    )
}


class IllegalTransition(ValueError):
    """The action is not allowed from the current state."""

    def __init__(self, status: str, action: str) -> None:
        super().__init__(f"cannot {action} from {status}")
        self.status = status
        self.action = action


def next_status(status: Status, action: Action) -> Status:
    """The state ``action`` leads to from ``status``; raises :class:`IllegalTransition`."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise IllegalTransition(status, action)
    return transition.target


def allowed_actions(status: Status, actor: Actor) -> list[Action]:
    """What ``actor`` may do with an application in ``status``, in pipeline order."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources and t.actor == actor]


def is_active(status: Status) -> bool:
    return status in ACTIVE


# -- employers and vacancies ---------------------------------------------------------------------

PUBLIC_VACANCY = frozenset({VacancyStatus.OPEN, VacancyStatus.FILLED, VacancyStatus.CLOSED})


def vacancy_is_public(status: VacancyStatus, employer: EmployerStatus) -> bool:
    """Whether anyone may see the vacancy: approved, and its employer verified."""
    return employer == EmployerStatus.VERIFIED and status in PUBLIC_VACANCY


def is_expired(closes_on: date, today: date) -> bool:
    return today > closes_on


def takes_applications(
    status: VacancyStatus, closes_on: date, hired: int, openings: int, today: date
) -> bool:
    """Open, not past its closing date, with a place left."""
    return status == VacancyStatus.OPEN and not is_expired(closes_on, today) and hired < openings


def may_hire(status: VacancyStatus, hired: int, openings: int) -> bool:
    """A hire needs a place left; an employer may still hire after the closing date."""
    return status == VacancyStatus.OPEN and hired < openings


def status_after_hire(hired: int, openings: int) -> VacancyStatus:
    """The vacancy closes itself as filled when its hires meet its openings."""
    return VacancyStatus.FILLED if hired >= openings else VacancyStatus.OPEN


def status_after_edit(status: VacancyStatus) -> VacancyStatus:
    """An edit goes back to the verification queue; a filled or closed vacancy is not edited."""
    if status in (VacancyStatus.FILLED, VacancyStatus.CLOSED):
        raise IllegalTransition(status, "edit")
    return VacancyStatus.PENDING


def review_vacancy(status: VacancyStatus, approve: bool) -> VacancyStatus:
    if status != VacancyStatus.PENDING:
        raise IllegalTransition(status, "approve" if approve else "return")
    return VacancyStatus.OPEN if approve else VacancyStatus.RETURNED


def review_employer(status: EmployerStatus, verify: bool) -> EmployerStatus:
    if status != EmployerStatus.PENDING:
        raise IllegalTransition(status, "verify" if verify else "refuse")
    return EmployerStatus.VERIFIED if verify else EmployerStatus.REFUSED


def salary_problem(minimum: int | None, maximum: int | None) -> str | None:
    """What is wrong with a monthly salary range (both empty means negotiable), or ``None``."""
    if (minimum is None) != (maximum is None):
        return "both"
    if minimum is None or maximum is None:
        return None
    if minimum < 0 or maximum < 0:
        return "negative"
    if minimum > maximum:
        return "order"
    return None


def education_admits(required: Education, held: Education) -> bool:
    return held >= required


# -- the AK/1 card -------------------------------------------------------------------------------


class CardStatus(StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"
    REFUSED = "refused"
    PLACED = "placed"
    EXPIRED = "expired"
    """Never stored: an active card past its validity is shown so."""


class CardAction(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"
    PLACE = "place"


CARD_TRANSITIONS: dict[CardAction, tuple[frozenset[CardStatus], CardStatus]] = {
    CardAction.APPROVE: (frozenset({CardStatus.APPLIED}), CardStatus.ACTIVE),
    CardAction.REFUSE: (frozenset({CardStatus.APPLIED}), CardStatus.REFUSED),
    CardAction.PLACE: (frozenset({CardStatus.ACTIVE}), CardStatus.PLACED),
}

KOTA_TANGERANG_NIK = "3671"
"""The first four NIK digits (province 36 Banten, regency/city 71 Kota Tangerang)."""


def card_next_status(status: CardStatus, action: CardAction) -> CardStatus:
    sources, target = CARD_TRANSITIONS[action]
    if status not in sources:
        raise IllegalTransition(status, action)
    return target


def domiciled_in_city(nik: str) -> bool:
    return len(nik) == 16 and nik.isdigit() and nik.startswith(KOTA_TANGERANG_NIK)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def card_valid_until(issued_on: date, validity_months: int) -> date:
    """The last day the card is valid."""
    return date.fromordinal(add_months(issued_on, validity_months).toordinal() - 1)


def effective_card_status(status: CardStatus, valid_until: date | None, today: date) -> CardStatus:
    """The status the card shows today: an active card past its last valid day has expired."""
    if status == CardStatus.ACTIVE and valid_until is not None and today > valid_until:
        return CardStatus.EXPIRED
    return status


def next_report_due(issued_on: date, last_reported_on: date | None, interval_months: int) -> date:
    """The day the holder's next report is due: an interval after the last one (or the issue)."""
    return add_months(last_reported_on or issued_on, interval_months)


def report_is_due(
    status: CardStatus, valid_until: date | None, due_on: date | None, today: date
) -> bool:
    """Whether the holder must report now: an active, valid card whose report day has come."""
    return (
        effective_card_status(status, valid_until, today) == CardStatus.ACTIVE
        and due_on is not None
        and today >= due_on
    )


# -- job fairs -----------------------------------------------------------------------------------


class FairRefusal(StrEnum):
    FULL = "full"
    STARTED = "started"
    ALREADY = "already"


def fair_refusal(
    registered: int, capacity: int, already: bool, fair_day: date, today: date
) -> FairRefusal | None:
    """Why a citizen may not register for a fair, or ``None`` when they may."""
    if already:
        return FairRefusal.ALREADY
    if today > fair_day:
        return FairRefusal.STARTED
    if registered >= capacity:
        return FairRefusal.FULL
    return None
