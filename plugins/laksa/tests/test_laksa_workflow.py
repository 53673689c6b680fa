"""Properties of the report workflow: transitions, Open311 statuses, colours and deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from laksa import services
from laksa.models import Privacy, Report, TimelineEvent
from laksa.workflow import (
    COLOUR,
    FINAL,
    OPEN,
    TRANSITIONS,
    Action,
    IllegalTransition,
    Status,
    allowed_actions,
    due_date,
    is_overdue,
    may_reopen,
    next_status,
    open311_status,
    open311_statuses,
    should_close,
)
from tangerang_live import Department

# The transitions, written out by hand: the table in workflow.py must equal this.
LEGAL = {
    (Status.RECEIVED, Action.VERIFY): Status.VERIFIED,
    (Status.RECEIVED, Action.REJECT): Status.REJECTED,
    (Status.VERIFIED, Action.REJECT): Status.REJECTED,
    (Status.VERIFIED, Action.DISPATCH): Status.DISPATCHED,
    (Status.DISPATCHED, Action.REROUTE): Status.DISPATCHED,
    (Status.IN_PROGRESS, Action.REROUTE): Status.DISPATCHED,
    (Status.REOPENED, Action.REROUTE): Status.DISPATCHED,
    (Status.DISPATCHED, Action.START): Status.IN_PROGRESS,
    (Status.REOPENED, Action.START): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, Action.RESOLVE): Status.RESOLVED,
    (Status.RESOLVED, Action.REOPEN): Status.REOPENED,
    (Status.RESOLVED, Action.CLOSE): Status.CLOSED,
}

statuses = st.sampled_from(list(Status))
actions = st.sampled_from(list(Action))
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@given(statuses, actions)
def test_only_legal_transitions_succeed(status, action):
    if (status, action) in LEGAL:
        assert next_status(status, action) == LEGAL[(status, action)]
        assert action in allowed_actions(status)
    else:
        with pytest.raises(IllegalTransition):
            next_status(status, action)
        assert action not in allowed_actions(status)


@given(st.lists(actions, max_size=30))
def test_any_sequence_of_actions_only_walks_legal_edges(sequence):
    status = Status.RECEIVED
    for action in sequence:
        try:
            following = next_status(status, action)
        except IllegalTransition:
            continue
        assert (status, action) in LEGAL
        status = following
    assert status in Status


def test_final_states_have_no_way_out():
    for status in FINAL:
        assert allowed_actions(status) == []


def test_every_state_maps_to_exactly_one_open311_status_and_one_colour():
    for status in Status:
        assert open311_status(status) in ("open", "closed")
        assert [v for v in ("open", "closed") if status in open311_statuses(v)] == [
            open311_status(status)
        ]
        assert COLOUR[status] in ("red", "yellow", "green", "grey")
    assert open311_statuses("open") == OPEN
    assert open311_statuses("open") | open311_statuses("closed") == set(Status)


def test_colours_are_the_ones_citizens_know():
    assert COLOUR[Status.RECEIVED] == "red"
    assert COLOUR[Status.IN_PROGRESS] == "yellow"
    assert COLOUR[Status.RESOLVED] == COLOUR[Status.CLOSED] == "green"


def test_every_action_has_one_transition():
    assert set(TRANSITIONS) == set(Action)


def _working(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


@given(days, st.frozensets(days, max_size=20))
def test_verify_deadline_is_three_working_days_skipping_weekends_and_holidays(start, holidays):
    due = due_date(Status.RECEIVED, start, None, holidays)
    assert _working(due, holidays)
    counted = [
        start + timedelta(days=i)
        for i in range(1, (due - start).days + 1)
        if _working(start + timedelta(days=i), holidays)
    ]
    # Three working days after the start (a start on a day off counts from the next working day).
    expected = 3 if _working(start, holidays) else 4
    assert len(counted) == expected


@given(days, st.frozensets(days, max_size=20))
def test_follow_up_deadline_is_five_working_days_after_dispatch(start, holidays):
    due = due_date(Status.DISPATCHED, start, None, holidays)
    assert _working(due, holidays)
    between = sum(
        1 for i in range(1, (due - start).days + 1) if _working(start + timedelta(days=i), holidays)
    )
    assert between == (5 if _working(start, holidays) else 6)


def test_a_friday_report_before_a_holiday_monday_is_due_on_thursday():
    friday = date(2026, 8, 14)
    holidays = frozenset({date(2026, 8, 17)})  # Hari Kemerdekaan, a Monday
    assert due_date(Status.RECEIVED, friday, None, holidays) == date(2026, 8, 20)


@given(days, days)
def test_verified_and_in_progress_keep_the_deadline_they_inherit(start, previous):
    assert due_date(Status.VERIFIED, start, previous, frozenset()) == previous
    assert due_date(Status.IN_PROGRESS, start, previous, frozenset()) == previous
    assert due_date(Status.REJECTED, start, previous, frozenset()) is None
    assert due_date(Status.CLOSED, start, previous, frozenset()) is None


@given(statuses, days, days)
def test_reopen_and_close_windows_never_overlap(status, due, today):
    assert not (may_reopen(status, due, today) and should_close(status, due, today))
    if status == Status.RESOLVED:
        assert may_reopen(status, due, today) != should_close(status, due, today)
    assert not is_overdue(Status.RESOLVED, due, today)
    assert is_overdue(Status.RECEIVED, due, today) == (today > due)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(actions, min_size=1, max_size=12))
async def test_stored_reports_follow_the_same_rules(client, people, sequence):
    """Through the service layer and the database, a report moves exactly as the pure rules say,
    and a refused action leaves it, its deadline and its timeline untouched."""
    report = await services.submit_report(
        services.NewReport(
            category=people.categories["drainase"],
            title="Got mampet",
            description="Got mampet di depan sekolah.",
            kecamatan="Pinang",
            privacy=Privacy.PUBLIC,
            address="Jl. Pinang Raya",
        ),
        reporter=people.citizen,
    )
    expected = Status.RECEIVED
    other = await Department.get(code="dlh")
    for action in sequence:
        before = await Report.get(id=report.id)
        events = await TimelineEvent.filter(report_id=report.id).count()
        department = (
            other if before.department_id != other.id else await Department.get(code="pupr")
        )
        try:
            report = await services.transition(
                report, action, actor=None, department=department, url="/"
            )
        except IllegalTransition:
            after = await Report.get(id=report.id)
            assert (after.status, after.due_on) == (before.status, before.due_on)
            assert await TimelineEvent.filter(report_id=report.id).count() == events
            assert (expected, action) not in LEGAL
            continue
        expected = LEGAL[(expected, action)]
        assert report.status == expected
        assert await TimelineEvent.filter(report_id=report.id).count() == events + 1
