"""The pure rules: the application pipeline, vacancy places, the AK/1 card and job fairs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from siap_kerja import workflow as wf
from siap_kerja.workflow import (
    ACTIVE,
    Action,
    Actor,
    CardAction,
    CardStatus,
    EmployerStatus,
    IllegalTransition,
    Status,
    VacancyStatus,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(st.lists(st.sampled_from(list(Action)), max_size=12))
def test_any_sequence_of_actions_follows_the_pipeline(actions):
    status = Status.SENT
    for action in actions:
        allowed = action in wf.allowed_actions(status, wf.TRANSITIONS[action].actor)
        if allowed:
            new = wf.next_status(status, action)
            # Decisions are final: nothing leaves hired, not selected or withdrawn.
            assert status not in wf.FINAL
            status = new
        else:
            with pytest.raises(IllegalTransition):
                wf.next_status(status, action)
    assert status in set(Status)


def test_the_pipeline_in_order():
    status = Status.SENT
    for action, expected in [
        (Action.SEE, Status.SEEN),
        (Action.SHORTLIST, Status.SHORTLISTED),
        (Action.INVITE, Status.INTERVIEW),
        (Action.INVITE, Status.INTERVIEW),  # rescheduled
        (Action.HIRE, Status.HIRED),
    ]:
        status = wf.next_status(status, action)
        assert status == expected
    assert wf.allowed_actions(status, Actor.SEEKER) == []
    assert wf.allowed_actions(status, Actor.EMPLOYER) == []


@given(st.sampled_from(list(Status)))
def test_the_seeker_may_only_withdraw_and_only_before_a_decision(status):
    actions = wf.allowed_actions(status, Actor.SEEKER)
    assert actions == ([Action.WITHDRAW] if status in wf.UNDECIDED else [])


def test_hiring_needs_an_interview_and_finished_applications_free_the_place():
    for status in (Status.SENT, Status.SEEN, Status.SHORTLISTED):
        with pytest.raises(IllegalTransition):
            wf.next_status(status, Action.HIRE)
    assert wf.is_active(Status.HIRED)
    assert not wf.is_active(Status.WITHDRAWN) and not wf.is_active(Status.NOT_SELECTED)
    assert {Status.SENT, Status.SEEN, Status.SHORTLISTED, Status.INTERVIEW, Status.HIRED} == ACTIVE


@given(st.integers(1, 50), st.lists(st.booleans(), max_size=80))
def test_hires_never_exceed_openings_and_the_vacancy_fills_itself(openings, attempts):
    status, hired = VacancyStatus.OPEN, 0
    for _attempt in attempts:
        if wf.may_hire(status, hired, openings):
            hired += 1
            status = wf.status_after_hire(hired, openings)
        assert hired <= openings
    assert (status == VacancyStatus.FILLED) == (hired == openings)


@given(
    st.sampled_from(list(VacancyStatus)),
    days,
    st.integers(0, 10),
    st.integers(1, 10),
    days,
)
def test_applications_only_while_open_unexpired_with_a_place(
    status, closes, hired, openings, today
):
    takes = wf.takes_applications(status, closes, hired, openings, today)
    assert takes == (status == VacancyStatus.OPEN and today <= closes and hired < openings)


@given(st.sampled_from(list(VacancyStatus)), st.sampled_from(list(EmployerStatus)))
def test_an_unverified_employers_vacancy_is_never_public(status, employer):
    if employer != EmployerStatus.VERIFIED:
        assert not wf.vacancy_is_public(status, employer)
    if status in (VacancyStatus.PENDING, VacancyStatus.RETURNED):
        assert not wf.vacancy_is_public(status, employer)


def test_reviews_happen_once_from_pending():
    assert wf.review_vacancy(VacancyStatus.PENDING, True) == VacancyStatus.OPEN
    assert wf.review_vacancy(VacancyStatus.PENDING, False) == VacancyStatus.RETURNED
    with pytest.raises(IllegalTransition):
        wf.review_vacancy(VacancyStatus.OPEN, True)
    assert wf.status_after_edit(VacancyStatus.OPEN) == VacancyStatus.PENDING
    assert wf.status_after_edit(VacancyStatus.RETURNED) == VacancyStatus.PENDING
    with pytest.raises(IllegalTransition):
        wf.status_after_edit(VacancyStatus.FILLED)
    assert wf.review_employer(EmployerStatus.PENDING, True) == EmployerStatus.VERIFIED
    with pytest.raises(IllegalTransition):
        wf.review_employer(EmployerStatus.VERIFIED, False)


@given(st.one_of(st.none(), st.integers(-10, 10**9)), st.one_of(st.none(), st.integers(-10, 10**9)))
def test_salary_ranges(minimum, maximum):
    problem = wf.salary_problem(minimum, maximum)
    if minimum is None and maximum is None:
        assert problem is None  # negotiable
    elif minimum is None or maximum is None:
        assert problem == "both"
    elif minimum < 0 or maximum < 0:
        assert problem == "negative"
    else:
        assert (problem == "order") == (minimum > maximum)


# -- the AK/1 card -------------------------------------------------------------------------------


@given(st.lists(st.sampled_from(list(CardAction)), max_size=8))
def test_card_states(actions):
    status = CardStatus.APPLIED
    for action in actions:
        sources, target = wf.CARD_TRANSITIONS[action]
        if status in sources:
            status = wf.card_next_status(status, action)
            assert status == target
        else:
            with pytest.raises(IllegalTransition):
                wf.card_next_status(status, action)
    # Expired is shown, never stored.
    assert status != CardStatus.EXPIRED


@given(days, st.integers(1, 60), days)
def test_a_card_is_valid_for_its_months_then_shows_expired(issued, months, today):
    until = wf.card_valid_until(issued, months)
    assert until >= issued
    assert wf.add_months(issued, months) == until + timedelta(days=1)
    shown = wf.effective_card_status(CardStatus.ACTIVE, until, today)
    assert shown == (CardStatus.EXPIRED if today > until else CardStatus.ACTIVE)
    # Placed and refused cards keep their status, whatever the date.
    assert wf.effective_card_status(CardStatus.PLACED, until, today) == CardStatus.PLACED


def test_two_years_of_validity_and_month_ends():
    assert wf.card_valid_until(date(2026, 12, 1), 24) == date(2028, 11, 30)
    assert wf.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert wf.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


@given(days, st.one_of(st.none(), days), st.integers(1, 12), days)
def test_reports_fall_due_an_interval_after_the_last(issued, last, interval, today):
    due = wf.next_report_due(issued, last, interval)
    assert due == wf.add_months(last or issued, interval)
    until = wf.card_valid_until(issued, 24)
    is_due = wf.report_is_due(CardStatus.ACTIVE, until, due, today)
    assert is_due == (due <= today <= until)
    assert not wf.report_is_due(CardStatus.PLACED, until, due, today)


def test_only_kota_tangerang_niks_get_a_card():
    assert wf.domiciled_in_city("3671011203850001")
    assert not wf.domiciled_in_city("3603011203850001")  # Kabupaten Tangerang
    assert not wf.domiciled_in_city("367101120385")


# -- job fairs -----------------------------------------------------------------------------------


@given(st.integers(1, 30), st.lists(st.integers(0, 40), max_size=60), days, days)
def test_fair_capacity_is_never_exceeded(capacity, citizens, fair_day, today):
    registered: set[int] = set()
    for citizen in citizens:
        refusal = wf.fair_refusal(len(registered), capacity, citizen in registered, fair_day, today)
        if refusal is None:
            registered.add(citizen)
        elif refusal == wf.FairRefusal.ALREADY:
            assert citizen in registered
    assert len(registered) <= capacity
    if today > fair_day:
        assert not registered
