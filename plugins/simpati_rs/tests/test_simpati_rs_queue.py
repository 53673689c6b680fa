"""On the day: checking in at the desk, staff running the queue, the board and the patient's page
following it, and the no-show task."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta

import pytest
from simpati_rs import services
from simpati_rs.models import Booking, PracticeSession
from simpati_rs.workflow import Action, Status
from simpati_rs_factories import PASSWORD, RULES, make_clinic, patient
from tangerang_live import CITY_TIMEZONE, city_today, sign_token
from tangerang_live.testing import text_of


async def today_clinic(people, count: int, *, elder: int | None = None, other: bool = False):
    """A session running today at the staff's hospital (in the nurse's polyclinic, or ``other``
    than hers), with ``count`` patients booked early this morning (number ``elder`` is over 60)."""
    today = city_today()
    if other:
        clinic = await make_clinic(10, 0, hospital=people.clinic.hospital, code="paru")
    else:
        clinic = people.clinic
        clinic.session = await PracticeSession.create(
            polyclinic=clinic.polyclinic,
            doctor=clinic.doctor,
            weekday=today.weekday(),
            starts_minute=8 * 60,
            ends_minute=12 * 60,
            quota=10,
            jkn_quota=0,
        )
    clinic.session.weekday = today.weekday()
    await clinic.session.save()
    clinic.day = today
    early = datetime.combine(today, time(0, 0), CITY_TIMEZONE)
    bookings = []
    for serial in range(1, count + 1):
        born = today.replace(year=today.year - 70) if serial == elder else None
        who = patient(serial, born=born) if born else patient(serial)
        bookings.append(
            await services.book(
                clinic.session, today, who, booked_by=people.citizen, rules=RULES, now=early
            )
        )
    return clinic, bookings


async def test_the_desk_checks_in_by_code_or_scanned_qr(client, people):
    clinic, (first, second) = await today_clinic(people, 2)
    await client.sign_in("loket@rsud.example", PASSWORD)
    typed = await client.post("/simpati-rs/loket", data={"code": first.code.lower()})
    assert typed.status_code == 200
    assert "Pasien 1" in text_of(typed.text)
    scanned_token = sign_token({"code": second.code}, purpose="simpati_rs.booking")
    scanned = await client.post("/simpati-rs/loket", data={"code": scanned_token})
    assert scanned.status_code == 200
    statuses = await Booking.filter(id__in=[first.id, second.id]).values_list("status", flat=True)
    assert set(statuses) == {Status.CHECKED_IN}
    again = await client.post("/simpati-rs/loket", data={"code": first.code})
    assert again.status_code == 422 and 'id="code-error"' in again.text
    forged = await client.post("/simpati-rs/loket", data={"code": scanned_token + "x"})
    assert forged.status_code == 422


async def test_staff_call_next_with_the_priority_lane_first(client, people):
    clinic, bookings = await today_clinic(people, 3, elder=3)
    for b in bookings:
        await services.act(b, Action.CHECK_IN, actor=people.desk)
    called = await services.call_next(clinic.session, clinic.day, actor=people.nurse)
    assert called.number == 3, "the patient over 60 goes first"
    with pytest.raises(services.BookingRefused):
        await services.call_next(clinic.session, clinic.day, actor=people.nurse)
    await services.act(called, Action.SERVE, actor=people.nurse)
    assert (await services.call_next(clinic.session, clinic.day, actor=people.nurse)).number == 1


async def test_two_desks_calling_at_once_call_two_different_patients(client, people):
    clinic, bookings = await today_clinic(people, 4)
    for b in bookings:
        await services.act(b, Action.CHECK_IN, actor=people.desk)

    async def call_and_serve() -> int:
        try:
            called = await services.call_next(clinic.session, clinic.day, actor=people.nurse)
        except services.BookingRefused:
            return 0
        return called.number

    numbers = [n for n in await asyncio.gather(*(call_and_serve() for _ in range(4))) if n]
    assert len(numbers) == 1, "one patient is called at a time"
    assert await Booking.filter(status=Status.CALLED).count() == 1


async def test_the_board_and_the_patients_page_follow_the_queue(client, people):
    clinic, (first, second) = await today_clinic(people, 2)
    for b in (first, second):
        await services.act(b, Action.CHECK_IN, actor=people.desk)
    await client.sign_in("poli@rsud.example", PASSWORD)
    answer = await client.post(
        f"/simpati-rs/petugas/poli/{clinic.polyclinic.id}/sesi/{clinic.session.id}/panggil"
    )
    assert answer.status_code == 303
    board = await client.get(f"/simpati-rs/antrean/{clinic.polyclinic.id}/live")
    assert board.status_code == 200
    assert 'data-number="1"' in board.text
    assert board.headers["cache-control"] == "no-store"
    await client.post("/logout")
    await client.sign_in("budi@warga.example", PASSWORD)
    live = await client.get(f"/simpati-rs/b/{second.code}/live")
    text = text_of(live.text)
    assert "1" in text and "10" in text, "one patient ahead, about ten minutes"
    await services.act(first, Action.SERVE, actor=people.nurse)
    await services.act(second, Action.CALL, actor=people.nurse)
    board = await client.get(f"/simpati-rs/antrean/{clinic.polyclinic.id}/live")
    assert 'data-number="2"' in board.text


async def test_staff_actions_follow_the_workflow_and_the_scope(client, people):
    clinic, (first,) = await today_clinic(people, 1)
    other, (theirs,) = await today_clinic(people, 1, other=True)
    await client.sign_in("poli@rsud.example", PASSWORD)
    # Serving a patient who was never called is refused with a message.
    refused = await client.post(f"/simpati-rs/petugas/b/{first.id}/serve")
    assert refused.status_code == 422 and 'id="queue-error"' in refused.text
    # Another polyclinic's queue is not this nurse's.
    assert (await client.get(f"/simpati-rs/petugas/poli/{other.polyclinic.id}")).status_code == 403
    assert (await client.post(f"/simpati-rs/petugas/b/{theirs.id}/no_show")).status_code == 403
    assert (await client.post(f"/simpati-rs/petugas/b/{first.id}/explode")).status_code == 404
    assert (await client.post(f"/simpati-rs/petugas/b/{first.id}/no_show")).status_code == 303
    assert (await Booking.get(id=first.id)).status == Status.NO_SHOW
    assert (await Booking.get(id=theirs.id)).status == Status.BOOKED


async def test_citizens_cannot_run_a_queue_or_the_desk(client, people):
    clinic, (first,) = await today_clinic(people, 1)
    await client.sign_in("budi@warga.example", PASSWORD)
    assert (await client.get(f"/simpati-rs/petugas/poli/{clinic.polyclinic.id}")).status_code in (
        403,
    )
    assert (await client.post("/simpati-rs/loket", data={"code": first.code})).status_code == 403
    assert (await Booking.get(id=first.id)).status == Status.BOOKED


async def test_no_shows_are_marked_after_the_session(client, people):
    clinic, (absent, skipped, served) = await today_clinic(people, 3)
    for b in (skipped, served):
        await services.act(b, Action.CHECK_IN, actor=people.desk)
    await services.act(skipped, Action.CALL, actor=people.nurse)
    await services.act(skipped, Action.SKIP, actor=people.nurse)
    await services.act(served, Action.CALL, actor=people.nurse)
    await services.act(served, Action.SERVE, actor=people.nurse)
    during = clinic.session.end_on(clinic.day) - timedelta(minutes=5)
    assert await services.mark_no_shows(during) == 0
    after = clinic.session.end_on(clinic.day) + timedelta(minutes=1)
    assert await services.mark_no_shows(after) == 2
    assert await services.mark_no_shows(after) == 0, "running twice marks nobody twice"
    states = {b.id: b.status for b in await Booking.all()}
    assert states == {absent.id: Status.NO_SHOW, skipped.id: Status.NO_SHOW, served.id: "served"}
