"""The hard property, on SQLite and PostgreSQL alike: however many requests race for a session,
it never holds more than its quota, the JKN share is never exceeded, no patient is in it twice,
and its queue numbers are 1..n without a gap or a repeat."""

from __future__ import annotations

import asyncio
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simpati_rs import catalogue, services
from simpati_rs.models import Booking, PracticeSession, SessionDay
from simpati_rs.workflow import LeaveData, Payer, Refusal, SessionPlan, Status
from simpati_rs_factories import RULES, book, make_clinic, patient
from tangerang_live.testing import frozen_city_time

RACE = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def _check_session(clinic) -> list[Booking]:
    """The invariants every session keeps, read back from the database."""
    rows = await Booking.filter(session_id=clinic.session.id, day=clinic.day).order_by("number")
    numbers = [b.number for b in rows]
    assert numbers == list(range(1, len(rows) + 1)), "queue numbers repeat or have a gap"
    active = [b for b in rows if b.status != Status.CANCELLED]
    assert len(active) <= clinic.session.quota
    jkn = [b for b in active if b.payer == Payer.JKN]
    assert len(jkn) <= clinic.session.jkn_quota
    assert len(active) - len(jkn) <= clinic.session.quota - clinic.session.jkn_quota
    assert len({b.nik for b in active}) == len(active), "a patient holds two places"
    counter = await SessionDay.get(session_id=clinic.session.id, day=clinic.day)
    assert (counter.booked, counter.jkn_booked) == (len(active), len(jkn))
    return rows


@RACE
@given(
    quota=st.integers(1, 8),
    jkn_share=st.floats(0, 1),
    requests=st.lists(st.tuples(st.integers(1, 30), st.booleans()), min_size=12, max_size=45),
)
async def test_racing_bookings_fill_the_quota_exactly(client, people, quota, jkn_share, requests):
    """N requests (many patients, some sending twice or more) for a session of quota Q."""
    jkn_quota = round(quota * jkn_share)
    clinic = await make_clinic(quota, jkn_quota, code=uuid.uuid4().hex[:12])
    # A patient keeps one payer whatever they send; repeats are the same person clicking again.
    payer_of = {serial: jkn for serial, jkn in requests}

    async def send(serial: int) -> Booking | Refusal:
        try:
            return await services.book(
                clinic.session,
                clinic.day,
                patient(serial, jkn=payer_of[serial]),
                booked_by=people.citizen,
                rules=RULES,
                now=clinic.now,
            )
        except services.BookingRefused as refused:
            return next(iter(refused.refusals.values()))

    answers = await asyncio.gather(*(send(serial) for serial, _jkn in requests))
    booked = [a for a in answers if isinstance(a, Booking)]
    refused = [a for a in answers if not isinstance(a, Booking)]
    assert set(refused) <= {Refusal.FULL, Refusal.JKN_FULL, Refusal.DUPLICATE}

    patients = set(payer_of)
    jkn_patients = sum(1 for s in patients if payer_of[s])
    expected = min(jkn_patients, jkn_quota) + min(len(patients) - jkn_patients, quota - jkn_quota)
    assert len(booked) == expected
    general_patients = len(patients) - jkn_patients
    if jkn_patients >= jkn_quota and general_patients >= quota - jkn_quota:
        assert len(booked) == quota  # min(N, Q) when both kinds of place are in demand
    rows = await _check_session(clinic)
    assert sorted(b.number for b in booked) == [b.number for b in rows], "an answer was not stored"


@RACE
@given(
    cancels=st.integers(1, 5),
    rebooks=st.integers(1, 12),
    repeat_cancels=st.booleans(),
)
async def test_cancel_and_rebook_storms_never_exceed_the_quota(
    client, people, cancels, rebooks, repeat_cancels
):
    quota = 6
    clinic = await make_clinic(quota, 0, code=uuid.uuid4().hex[:12])
    first = [
        await book(clinic, i, people.citizen)
        for i in range(1, quota + 1)
    ]  # fmt: skip
    leaving = first[: min(cancels, quota)]
    if repeat_cancels:
        leaving = leaving + leaving  # the same cancel pressed twice

    async def cancel(booking: Booking) -> bool:
        try:
            await services.cancel(booking, actor=people.citizen, rules=RULES, now=clinic.now)
        except services.BookingRefused:
            return False
        return True

    async def rebook(serial: int) -> bool:
        try:
            await book(clinic, serial, people.neighbour)
        except services.BookingRefused:
            return False
        return True

    jobs = [cancel(b) for b in leaving] + [rebook(100 + i) for i in range(rebooks)]
    results = await asyncio.gather(*jobs)
    cancelled = sum(results[: len(leaving)])
    rebooked = sum(results[len(leaving) :])
    assert cancelled == min(cancels, quota), "each booking is cancelled once"
    assert rebooked <= cancelled
    rows = await _check_session(clinic)
    active = [b for b in rows if b.status != Status.CANCELLED]
    assert len(active) == quota - cancelled + rebooked
    # Cancelled bookings keep their numbers; rebookings took the next ones.
    assert len(rows) == quota + rebooked


async def test_one_patient_racing_for_two_sessions_of_a_polyclinic_gets_one(client, people):
    """Two sessions of one polyclinic on one day lock different rows: the database's unique
    key is what stops the second booking."""
    clinic = await make_clinic(5, 0, code="anak")
    afternoon = await PracticeSession.create(
        polyclinic=clinic.polyclinic,
        doctor=clinic.doctor,
        weekday=clinic.day.weekday(),
        starts_minute=13 * 60,
        ends_minute=16 * 60,
        quota=5,
        jkn_quota=0,
    )
    same = patient(7)

    async def send(session) -> bool:
        try:
            await services.book(
                session, clinic.day, same, booked_by=people.citizen, rules=RULES, now=clinic.now
            )
        except services.BookingRefused as refused:
            assert refused.refusals == {"nik": Refusal.DUPLICATE}
            return False
        return True

    results = await asyncio.gather(*(send(s) for s in [clinic.session, afternoon] * 3))
    assert sum(results) == 1
    assert await Booking.filter(nik=same.nik).count() == 1


async def _racing_bookings(clinic, people, count: int) -> list[object]:
    async def send(serial: int) -> object:
        try:
            return await book(clinic, patient(serial, jkn=serial % 3 == 0), people.citizen)
        except services.BookingRefused as refused:
            return refused

    return [send(serial) for serial in range(1, count + 1)]


async def test_a_quota_cut_racing_bookings_leaves_the_session_within_its_new_quota(client, people):
    clinic = await make_clinic(10, 4, code=uuid.uuid4().hex[:12])
    smaller = SessionPlan(clinic.doctor.id, clinic.session.weekday, 8 * 60, 12 * 60, 3, 1)
    with frozen_city_time(clinic.now):
        outcome = await asyncio.gather(
            *await _racing_bookings(clinic, people, 14),
            catalogue.save_session(
                clinic.polyclinic, smaller, actor=people.desk, rules=RULES, session=clinic.session
            ),
            return_exceptions=True,
        )
    assert not [o for o in outcome if isinstance(o, Exception) and not isinstance(
        o, (services.BookingRefused, catalogue.CatalogueRefused)
    )]  # fmt: skip
    # Whichever came first, the session as stored holds no more than its quota allows.
    clinic.session = await PracticeSession.get(id=clinic.session.id)
    await _check_session(clinic)


async def test_leave_racing_bookings_leaves_nobody_booked_on_the_closed_day(client, people):
    clinic = await make_clinic(10, 4, code=uuid.uuid4().hex[:12])
    leave = LeaveData(clinic.day, clinic.day, "seminar")
    with frozen_city_time(clinic.now):
        outcome = await asyncio.gather(
            *await _racing_bookings(clinic, people, 12),
            catalogue.save_leave(
                clinic.doctor, leave, actor=people.desk, rules=RULES, link=lambda c: f"/b/{c}",
                leave=None,
            ),
            return_exceptions=True,
        )  # fmt: skip
    assert not [
        o
        for o in outcome
        if isinstance(o, Exception) and not isinstance(o, services.BookingRefused)
    ]
    rows = await _check_session(clinic)
    assert all(b.status == Status.CANCELLED for b in rows)
