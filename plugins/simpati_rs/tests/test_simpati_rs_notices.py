"""What the booker is told, under the bell and by email, in their own language: the booking,
a cancellation, and a reminder the day before (once)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from simpati_rs import services
from simpati_rs.models import Booking
from simpati_rs_factories import PASSWORD, RULES, book, make_clinic
from tangerang_live import CITY_TIMEZONE, Notification, OutboxMessage
from test_simpati_rs_booking import booking_form, soon_clinic


async def test_the_booker_is_told_the_code_number_and_time_and_of_a_cancellation(client, people):
    clinic = await soon_clinic()
    await client.sign_in("budi@warga.example", PASSWORD)
    answer = await client.post("/simpati-rs/daftar", data=booking_form(clinic))
    assert answer.status_code == 303
    booking = await Booking.get(nik="3671011203850001")
    told = await Notification.get(user_id=people.citizen.id)
    assert booking.code in told.body and "10:00" in told.body
    assert told.url == f"/simpati-rs/b/{booking.code}"
    await client.post(f"/simpati-rs/b/{booking.code}/batal")
    titles = await Notification.filter(user_id=people.citizen.id).values_list("title", flat=True)
    assert any("dibatalkan" in t for t in titles)


async def test_the_day_before_each_booker_is_reminded_once(client, people):
    clinic = await make_clinic()
    people.neighbour.locale = "en"
    await people.neighbour.save()
    first = await book(clinic, 1, people.citizen)
    second = await book(clinic, 2, people.neighbour)
    cancelled = await book(clinic, 3, people.citizen)
    await services.cancel(cancelled, actor=people.citizen, rules=RULES, now=clinic.now)
    evening = datetime.combine(clinic.day - timedelta(days=1), time(17, 0), CITY_TIMEZONE)

    def link(code: str) -> str:
        return f"/simpati-rs/b/{code}"

    assert await services.remind_tomorrow(link, RULES, now=evening - timedelta(days=1)) == 0
    assert await services.remind_tomorrow(link, RULES, now=evening) == 2
    assert await services.remind_tomorrow(link, RULES, now=evening) == 0, "never twice"
    reminder = await Notification.get(user_id=people.citizen.id, title__contains="Besok")
    assert first.code in reminder.body and "08:00" in reminder.body
    english = await Notification.get(user_id=people.neighbour.id, title__contains="Tomorrow")
    assert second.code in english.body and "08:10" in english.body
    assert await OutboxMessage.filter(subject__contains="Besok").count() == 1
    assert (await Booking.get(id=cancelled.id)).reminded_at is None
