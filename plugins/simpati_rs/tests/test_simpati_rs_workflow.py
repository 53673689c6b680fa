"""Properties of the booking rules, the queue and the bed counts (pure functions, no database)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from simpati_rs.workflow import (
    ACTIVE,
    FHIR_STATUS,
    Action,
    BedError,
    Beds,
    Booked,
    IllegalTransition,
    Patient,
    Payer,
    Place,
    Refusal,
    SessionPlan,
    Status,
    admit,
    age_on,
    allowed_actions,
    booking_window_refusal,
    call_order,
    checked_beds,
    estimated_time,
    is_priority,
    may_cancel,
    next_status,
    nik_matches_birth_date,
    patient_refusals,
    people_ahead,
    period_problems,
    places_left,
    quota_refusal,
    session_problems,
)

JAKARTA = ZoneInfo("Asia/Jakarta")

# The transitions written out by hand: the table in workflow.py must equal this.
LEGAL = {
    (Status.BOOKED, Action.CHECK_IN): Status.CHECKED_IN,
    (Status.CHECKED_IN, Action.CALL): Status.CALLED,
    (Status.SKIPPED, Action.CALL): Status.CALLED,
    (Status.CALLED, Action.RECALL): Status.CALLED,
    (Status.CALLED, Action.SKIP): Status.SKIPPED,
    (Status.CALLED, Action.SERVE): Status.SERVED,
    (Status.BOOKED, Action.NO_SHOW): Status.NO_SHOW,
    (Status.CHECKED_IN, Action.NO_SHOW): Status.NO_SHOW,
    (Status.CALLED, Action.NO_SHOW): Status.NO_SHOW,
    (Status.SKIPPED, Action.NO_SHOW): Status.NO_SHOW,
    (Status.BOOKED, Action.CANCEL): Status.CANCELLED,
    (Status.BOOKED, Action.CLOSE): Status.CANCELLED,
    (Status.CHECKED_IN, Action.CLOSE): Status.CANCELLED,
    (Status.SKIPPED, Action.CLOSE): Status.CANCELLED,
}

births = st.dates(min_value=date(1925, 1, 1), max_value=date(2025, 12, 31))
visits = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))
moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(JAKARTA)
)


def nik_for(born: date, female: bool, region: str = "367101", serial: str = "0001") -> str:
    day = born.day + (40 if female else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{serial}"


@given(st.sampled_from(list(Status)), st.sampled_from(list(Action)))
def test_only_legal_transitions_succeed(status, action):
    if (status, action) in LEGAL:
        assert next_status(status, action) == LEGAL[(status, action)]
        assert action in allowed_actions(status)
    else:
        with pytest.raises(IllegalTransition):
            next_status(status, action)
        assert action not in allowed_actions(status)


def test_every_state_has_an_r4_appointment_status():
    r4 = {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow"}
    r4 |= {"entered-in-error", "checked-in", "waitlist"}
    assert set(FHIR_STATUS) == set(Status)
    assert set(FHIR_STATUS.values()) <= r4
    assert {s for s in Status if s not in ACTIVE} == {Status.CANCELLED}


@given(births, st.booleans())
def test_a_nik_encodes_its_birth_date(born, female):
    assert nik_matches_birth_date(nik_for(born, female), born)


@given(births, births, st.booleans())
def test_a_nik_does_not_match_another_birth_date(born, other, female):
    assume((born.day, born.month, born.year % 100) != (other.day, other.month, other.year % 100))
    assert not nik_matches_birth_date(nik_for(born, female), other)


@pytest.mark.parametrize(
    "nik", ["", "367101120385000", "36710112038500012", "3671013203850001", "36710100038500a1"]
)
def test_malformed_niks_match_nothing(nik):
    assert not nik_matches_birth_date(nik, date(1985, 3, 12))


def test_a_womans_nik_adds_forty_to_the_day():
    assert nik_matches_birth_date("3671015203850002", date(1985, 3, 12))
    assert not nik_matches_birth_date("3671011203850002", date(1985, 3, 13))


def birthday(born: date, years: int) -> date:
    """The ``years``-th birthday; 29 February's falls on 1 March in other years."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


@given(births, visits)
def test_priority_lane_from_the_sixtieth_birthday(born, visit):
    assume(visit >= born)
    assert is_priority(born, visit) == (visit >= birthday(born, 60))
    age = age_on(born, visit)
    assert birthday(born, age) <= visit < birthday(born, age + 1)


def test_priority_starts_exactly_on_the_sixtieth_birthday():
    born = date(1966, 6, 15)
    assert not is_priority(born, date(2026, 6, 14))
    assert is_priority(born, date(2026, 6, 15))


@given(moments, st.integers(0, 20), st.sampled_from([time(7, 30), time(13, 0), time(8, 0)]))
def test_booking_window_and_cutoff(now, days_ahead, starts):
    start = datetime.combine(now.date() + timedelta(days=days_ahead), starts, JAKARTA)
    refusal = booking_window_refusal(now, start, window_days=14, cutoff_minutes=60)
    if start <= now:
        assert refusal == Refusal.PAST
    elif days_ahead > 14:
        assert refusal == Refusal.TOO_EARLY
    elif start - now < timedelta(minutes=60):
        assert refusal == Refusal.CLOSED
    else:
        assert refusal is None


def test_cutoff_is_inclusive_to_the_minute():
    start = datetime(2026, 12, 2, 8, 0, tzinfo=JAKARTA)
    assert booking_window_refusal(start - timedelta(minutes=60), start) is None
    cut = start - timedelta(minutes=59, seconds=59)
    assert booking_window_refusal(cut, start) == Refusal.CLOSED
    assert may_cancel(Status.BOOKED, start - timedelta(minutes=60), start)
    assert not may_cancel(Status.BOOKED, cut, start)
    assert not may_cancel(Status.CHECKED_IN, start - timedelta(days=1), start)


@given(st.integers(0, 60), st.integers(0, 60), st.data())
def test_quota_and_jkn_share(quota, jkn_quota, data):
    """Booking one by one until refused never exceeds either share, and fills both exactly."""
    assume(jkn_quota <= quota)
    payers = data.draw(st.lists(st.sampled_from(list(Payer)), max_size=150))
    booked = jkn = 0
    for payer in payers:
        if quota_refusal(quota, jkn_quota, booked, jkn, payer) is None:
            booked += 1
            jkn += payer == Payer.JKN
        general_left, jkn_left = places_left(quota, jkn_quota, booked, jkn)
        assert jkn <= jkn_quota and booked - jkn <= quota - jkn_quota
        assert general_left + jkn_left == quota - booked
    expected_jkn = min(payers.count(Payer.JKN), jkn_quota)
    expected_general = min(payers.count(Payer.GENERAL), quota - jkn_quota)
    assert (booked, jkn) == (expected_general + expected_jkn, expected_jkn)


def test_patient_details():
    born = date(1950, 7, 4)
    good = Patient("Ibu Sari", nik_for(born, True), born, Payer.GENERAL)
    assert patient_refusals(good) == {}
    wrong_birth = Patient("Ibu Sari", nik_for(born, True), date(1950, 7, 5), Payer.GENERAL)
    assert patient_refusals(wrong_birth) == {"born": Refusal.NIK_MISMATCH}
    jkn = Patient("Ibu Sari", nik_for(born, True), born, Payer.JKN, "0001234567890", "")
    assert patient_refusals(jkn) == {"referral": Refusal.REFERRAL_MISSING}
    jkn_bad_card = Patient("Ibu Sari", nik_for(born, True), born, Payer.JKN, "12", "RJK-1")
    assert patient_refusals(jkn_bad_card) == {"jkn_number": Refusal.JKN_NUMBER}


def test_estimated_time_adds_the_average_per_patient_ahead():
    start = datetime(2026, 12, 2, 8, 0, tzinfo=JAKARTA)
    assert estimated_time(start, 1, 10) == start
    assert estimated_time(start, 7, 10) == datetime(2026, 12, 2, 9, 0, tzinfo=JAKARTA)


places = st.lists(
    st.tuples(st.booleans(), st.sampled_from(list(Status))), min_size=1, max_size=30
).map(lambda rows: [Place(i + 1, p, s) for i, (p, s) in enumerate(rows)])


@given(places)
def test_call_order_puts_the_priority_lane_first_and_never_calls_the_absent(queue):
    order = call_order(queue)
    assert {p.number for p in order} == {
        p.number for p in queue if p.status in (Status.CHECKED_IN, Status.SKIPPED)
    }
    checked_in = [p for p in order if p.status == Status.CHECKED_IN]
    assert order[: len(checked_in)] == checked_in, "skipped patients wait for the others"
    lanes = [not p.priority for p in checked_in]
    assert lanes == sorted(lanes), "everyone in the priority lane goes first"


@given(places)
def test_people_ahead_agrees_with_the_call_order_for_those_here(queue):
    here = [p for p in queue if p.status != Status.BOOKED]
    order = call_order(here)
    called = sum(1 for p in here if p.status == Status.CALLED)
    for position, me in enumerate(order):
        assert people_ahead(me, here) == called + position
    for p in here:
        if p.status not in (Status.CHECKED_IN, Status.SKIPPED):
            assert people_ahead(p, here) == 0


bed_counts = st.integers(-5, 60)


@given(bed_counts, bed_counts, bed_counts)
def test_bed_counts_stay_within_capacity(capacity, occupied, waiting):
    try:
        beds = checked_beds(capacity, occupied, waiting)
    except BedError as error:
        assert error.field in {"capacity", "occupied", "waiting"}
        assert capacity < 0 or not 0 <= occupied <= capacity or waiting < 0
    else:
        assert 0 <= beds.occupied <= beds.capacity and beds.waiting >= 0
        assert beds.free == capacity - occupied >= 0


@given(st.integers(0, 30), st.lists(st.integers(-3, 3), max_size=60))
def test_admissions_and_discharges_never_leave_the_range(capacity, moves):
    beds = Beds(capacity, 0, 0)
    for move in moves:
        try:
            after = admit(beds, move)
        except BedError:
            assert not 0 <= beds.occupied + move <= capacity
        else:
            assert after.occupied == beds.occupied + move
            beds = after
        assert 0 <= beds.occupied <= capacity


plans = st.builds(
    SessionPlan,
    doctor_id=st.integers(1, 3),
    weekday=st.integers(0, 6),
    starts_minute=st.integers(0, 24 * 60 - 1),
    ends_minute=st.integers(0, 24 * 60 - 1),
    quota=st.integers(1, 60),
    jkn_quota=st.integers(0, 60),
    is_active=st.booleans(),
)


@given(plans, plans, st.integers(0, 60), st.integers(0, 60))
def test_an_accepted_session_plan_keeps_every_promise_made(plan, current, general, jkn):
    booked = Booked(general, jkn)
    problems = session_problems(plan, current, booked)
    if not problems:
        assert plan.starts_minute < plan.ends_minute
        assert booked.jkn <= plan.jkn_quota <= plan.quota
        assert booked.general <= plan.quota - plan.jkn_quota
        if booked.any:
            assert (plan.doctor_id, plan.weekday, plan.starts_minute) == (
                current.doctor_id, current.weekday, current.starts_minute,
            )  # fmt: skip
            assert plan.is_active or not current.is_active
    # A new session (nothing booked, nothing to keep) is judged on its own fields alone.
    alone = session_problems(plan)
    assert set(alone) <= {"ends", "jkn_quota"}


@given(st.dates(), st.dates(), st.dates())
def test_a_period_is_refused_when_it_starts_in_the_past_or_ends_before_it_starts(
    first, last, today
):
    problems = period_problems(first, last, today)
    assert ("starts_on" in problems) == (first < today)
    assert ("ends_on" in problems) == (last < first)
