"""The life of a report: its states, the only transitions between them, and their deadlines.

Pure functions over plain values, so the rules can be tested exhaustively without a database.
The only transitions:

- received -> verified (verify) -> dispatched (dispatch) -> in_progress (start)
  -> resolved (resolve)
- received or verified -> rejected (reject, with a reason)
- dispatched, in_progress or reopened -> dispatched to another department (reroute)
- resolved -> reopened (reopen, by the reporter within 10 working days) -> in_progress (start)
- resolved -> closed (close, by the portal itself after 10 working days)

Deadlines are counted in working days (SP4N-LAPOR!): the Live Room verifies and dispatches within
3 working days of receiving a report, the department follows up within 5 working days of dispatch
(or of a reopening), and a resolved report closes itself 10 working days after resolution unless
the reporter reopens it first.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tangerang_live import add_working_days

VERIFY_WITHIN = 3
FOLLOW_UP_WITHIN = 5
REOPEN_WITHIN = 10
"""Working days after resolution during which the reporter may reopen; then it closes itself."""


class Status(StrEnum):
    RECEIVED = "received"
    VERIFIED = "verified"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    REOPENED = "reopened"
    CLOSED = "closed"


class Action(StrEnum):
    VERIFY = "verify"
    REJECT = "reject"
    DISPATCH = "dispatch"
    REROUTE = "reroute"
    START = "start"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"


class Actor(StrEnum):
    """Who may take an action: a permission holder, the reporter, or the portal's own clock."""

    LIVE_ROOM = "laksa.verify"
    DEPARTMENT = "laksa.handle"
    REPORTER = "reporter"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    actor: Actor


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.VERIFY, frozenset({Status.RECEIVED}), Status.VERIFIED, Actor.LIVE_ROOM),
        Transition(
            Action.REJECT,
            frozenset({Status.RECEIVED, Status.VERIFIED}),
            Status.REJECTED,
            Actor.LIVE_ROOM,
        ),
        Transition(
            Action.DISPATCH, frozenset({Status.VERIFIED}), Status.DISPATCHED, Actor.LIVE_ROOM
        ),
        # Re-routing hands a report the wrong department received to the right one.
        Transition(
            Action.REROUTE,
            frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.REOPENED}),
            Status.DISPATCHED,
            Actor.LIVE_ROOM,
        ),
        Transition(
            Action.START,
            frozenset({Status.DISPATCHED, Status.REOPENED}),
            Status.IN_PROGRESS,
            Actor.DEPARTMENT,
        ),
        Transition(
            Action.RESOLVE, frozenset({Status.IN_PROGRESS}), Status.RESOLVED, Actor.DEPARTMENT
        ),
        Transition(Action.REOPEN, frozenset({Status.RESOLVED}), Status.REOPENED, Actor.REPORTER),
        Transition(Action.CLOSE, frozenset({Status.RESOLVED}), Status.CLOSED, Actor.SYSTEM),
    )
}

FINAL = frozenset({Status.REJECTED, Status.CLOSED})
OPEN = frozenset(
    {Status.RECEIVED, Status.VERIFIED, Status.DISPATCHED, Status.IN_PROGRESS, Status.REOPENED}
)
"""States in which the city still owes the reporter work: queued, and open to "me too"."""


class IllegalTransition(ValueError):
    """The action is not allowed from the report's current state."""

    def __init__(self, status: Status, action: Action) -> None:
        super().__init__(f"cannot {action.value} a report that is {status.value}")
        self.status = status
        self.action = action


def next_status(status: Status, action: Action) -> Status:
    """The state ``action`` leads to from ``status``; raises :class:`IllegalTransition`."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise IllegalTransition(status, action)
    return transition.target


def waiting_for(status: Status) -> Actor | None:
    """Whose move it is in ``status``: the Live Room before dispatch, the department after, the
    reporter while a resolved report may be reopened; ``None`` once final."""
    movers = [t.actor for t in TRANSITIONS.values() if status in t.sources]
    for actor in (Actor.LIVE_ROOM, Actor.DEPARTMENT, Actor.REPORTER):
        # Re-routing is the Live Room's correction, not its turn: the department holds the report.
        if actor in movers and not (actor == Actor.LIVE_ROOM and Actor.DEPARTMENT in movers):
            return actor
    return None


def allowed_actions(status: Status) -> list[Action]:
    """Every action that may be taken from ``status``, in the order of the workflow."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources]


# -- how citizens and Open311 clients see a state ------------------------------------------------

OPEN311_STATUS: dict[Status, str] = {
    Status.RECEIVED: "open",
    Status.VERIFIED: "open",
    Status.DISPATCHED: "open",
    Status.IN_PROGRESS: "open",
    Status.REOPENED: "open",
    Status.RESOLVED: "closed",
    Status.REJECTED: "closed",
    Status.CLOSED: "closed",
}

COLOUR: dict[Status, str] = {
    Status.RECEIVED: "red",
    Status.VERIFIED: "red",
    Status.DISPATCHED: "yellow",
    Status.IN_PROGRESS: "yellow",
    Status.REOPENED: "yellow",
    Status.RESOLVED: "green",
    Status.CLOSED: "green",
    Status.REJECTED: "grey",
}
"""Status colours as citizens know them from LAKSA: red waiting, yellow in progress, green done."""


def open311_status(status: Status) -> str:
    return OPEN311_STATUS[status]


def open311_statuses(value: str) -> frozenset[Status]:
    """The internal states behind an Open311 status (``open`` or ``closed``)."""
    return frozenset(s for s, v in OPEN311_STATUS.items() if v == value)


# -- deadlines -----------------------------------------------------------------------------------

DUE_AFTER: dict[Status, int] = {
    Status.RECEIVED: VERIFY_WITHIN,
    Status.DISPATCHED: FOLLOW_UP_WITHIN,
    Status.REOPENED: FOLLOW_UP_WITHIN,
    Status.RESOLVED: REOPEN_WITHIN,
}
"""Working days from entering a state to its deadline. States that are absent keep the deadline
they inherited (verified keeps the verify deadline, in progress keeps the follow-up one); final
states have none."""


def due_date(
    status: Status,
    entered: datetime | date,
    previous_due: date | None,
    holidays: Collection[date],
) -> date | None:
    """The deadline of a report that entered ``status`` at ``entered``.

    For ``resolved`` the deadline is the day the report closes itself.
    """
    if status in FINAL:
        return None
    if status in DUE_AFTER:
        return add_working_days(entered, DUE_AFTER[status], holidays)
    return previous_due


def is_overdue(status: Status, due: date | None, today: date) -> bool:
    """Whether the city owes the reporter work past its deadline (resolved reports never are)."""
    return status in OPEN and due is not None and today > due


def may_reopen(status: Status, due: date | None, today: date) -> bool:
    """Whether the reporter may still reopen: resolved, and its closing day not yet passed."""
    return status == Status.RESOLVED and due is not None and today <= due


def should_close(status: Status, due: date | None, today: date) -> bool:
    """Whether a resolved report's reopening window is over, so it closes itself."""
    return status == Status.RESOLVED and due is not None and today > due
