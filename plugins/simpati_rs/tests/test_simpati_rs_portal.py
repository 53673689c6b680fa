"""Simpati RS inside the portal: home cards, search, moving a booking, settings, and hostile input
answered with 4xx, never a 500."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import pytest
from simpati_rs.demo import CITIZENS, DEMO_PASSWORD, OWN_BOOKINGS, load_demo
from simpati_rs.models import Booking
from simpati_rs.workflow import Status
from simpati_rs_factories import PASSWORD, book, make_clinic
from tangerang_live import DemoContext, Role, User, city_now, city_today
from tangerang_live.testing import create_user, text_of


async def clinic_tomorrow(code: str = "kulit"):
    tomorrow = city_today() + timedelta(days=1)
    clinic = await make_clinic(5, 2, code=code, starts=time(10, 0))
    clinic.session.weekday = tomorrow.weekday()
    await clinic.session.save()
    clinic.day = tomorrow
    return clinic


async def test_home_cards_for_citizens_and_staff(client, people):
    clinic = await clinic_tomorrow()
    booking = await book(clinic, 1, people.citizen, now=city_now())
    await client.sign_in("budi@warga.example", PASSWORD)
    home = await client.get("/")
    assert "/simpati-rs/widgets/next" in home.text
    card = await client.get("/simpati-rs/widgets/next")
    assert card.status_code == 200 and booking.code in card.text
    await client.post("/logout")
    await client.sign_in("loket@rsud.example", PASSWORD)
    assert "/simpati-rs/widgets/today" in (await client.get("/")).text
    assert (await client.get("/simpati-rs/widgets/today")).status_code == 200


async def test_search_finds_polyclinics_and_doctors(client, people):
    found = await client.get("/search", params={"q": "Rina Kartika"})
    assert f"/simpati-rs/dokter/{people.clinic.doctor.id}" in found.text
    found = await client.get("/search", params={"q": "Penyakit Dalam"})
    assert f"/simpati-rs/poli/{people.clinic.polyclinic.id}" in found.text


async def test_a_citizen_moves_a_booking_to_another_day(client, people):
    clinic = await clinic_tomorrow()
    booking = await book(clinic, 1, people.citizen, now=city_now())
    await client.sign_in("budi@warga.example", PASSWORD)
    choices = await client.get(f"/simpati-rs/b/{booking.code}/pindah")
    assert choices.status_code == 200
    next_week = clinic.day + timedelta(days=7)
    moved = await client.post(
        f"/simpati-rs/b/{booking.code}/pindah",
        data={"session": str(clinic.session.id), "day": next_week.isoformat()},
    )
    assert moved.status_code == 303
    assert (await Booking.get(id=booking.id)).status == Status.CANCELLED
    assert await Booking.filter(day=next_week, nik=booking.nik, status=Status.BOOKED).exists()
    other_polyclinic = await make_clinic(code="gigi")
    refused = await client.post(
        f"/simpati-rs/b/{booking.code}/pindah",
        data={"session": str(other_polyclinic.session.id), "day": next_week.isoformat()},
    )
    assert refused.status_code == 422


async def test_the_time_to_come_follows_the_minutes_per_patient_setting(client, people):
    clinic = await clinic_tomorrow()
    await book(clinic, 1, people.citizen, now=city_now())
    second = await book(clinic, 2, people.citizen, now=city_now())
    await client.sign_in("budi@warga.example", PASSWORD)
    assert "10:10" in text_of((await client.get(f"/simpati-rs/b/{second.code}")).text)
    await client.post("/logout")
    await create_user("admin@rsud.example", PASSWORD, role=Role.ADMIN)
    await client.sign_in("admin@rsud.example", PASSWORD)
    saved = await client.post(
        "/admin/plugins/simpati_rs/settings",
        data={"minutes_per_patient": "25", "window_days": "14", "cutoff_minutes": "60"},
    )
    assert saved.status_code == 303
    await client.post("/logout")
    await client.sign_in("budi@warga.example", PASSWORD)
    assert "10:25" in text_of((await client.get(f"/simpati-rs/b/{second.code}")).text)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/simpati-rs/poli/99999999999999999999", 404),
        ("/simpati-rs/antrean/0/live", 404),
        ("/simpati-rs/b/%00%27%22", 400),
        ("/simpati-rs/bed?rs=abc", 404),
        ("/simpati-rs/?rs=%F0%9F%92%A5", 404),
        ("/simpati-rs/fhir/Slot?start=ge9999-12-31&schedule=1", 200),
        ("/simpati-rs/fhir/Slot?start=gt9999-12-31", 200),
        ("/simpati-rs/fhir/Appointment/%27", 401),
    ],
)
async def test_hostile_input_gets_a_clear_4xx(client, url, status):
    assert (await client.get(url)).status_code == status


async def test_hostile_booking_codes_are_not_found(client, people):
    await client.sign_in("budi@warga.example", PASSWORD)
    for code in ("%27%22", "A" * 500, "RS-%C3%9F%C3%9F", "RS-%E2%80%AE"):
        assert (await client.get(f"/simpati-rs/b/{code}")).status_code == 404
        assert (await client.get(f"/simpati-rs/b/{code}/live")).status_code == 404


async def test_hostile_booking_forms_are_refused_not_crashed(client, people):
    await client.sign_in("budi@warga.example", PASSWORD)
    for query in ("session=abc&day=x", "session=1e9&day=2026-01-01", "session=-1&day=", ""):
        assert (await client.get(f"/simpati-rs/daftar?{query}")).status_code == 404
    for form in (
        {"session": "99999999999", "day": "2026-12-09"},
        {"session": "1", "day": "9999-12-31", "born": "0001-01-01", "nik": "x" * 5000},
    ):
        assert (await client.post("/simpati-rs/daftar", data=form)).status_code == 422
    assert await Booking.all().count() == 0


async def test_demo_citizens_hold_a_familys_bookings_and_the_crowd_its_own(client):
    demo = DemoContext(random=random.Random(7), now=datetime.now(UTC))
    await load_demo(demo)
    # The queue's other patients booked from accounts of their own, which no one signs in to.
    crowd = await Booking.filter(booked_by__password_hash="", booked_by__email__isnull=True).count()
    assert crowd > 100, "the waiting rooms are full"
    assert crowd + len(CITIZENS) * OWN_BOOKINGS == await Booking.all().count()
    for email, *_rest in CITIZENS:
        user = await User.get(email=email)
        assert await Booking.filter(booked_by_id=user.id).count() == OWN_BOOKINGS
        await client.sign_in(email, DEMO_PASSWORD)
        mine = await client.get("/simpati-rs/saya")
        assert mine.text.count('href="/simpati-rs/b/') == OWN_BOOKINGS
        await client.sign_out()
    before = await Booking.all().count()
    await load_demo(DemoContext(random=random.Random(7), now=datetime.now(UTC)))
    assert await Booking.all().count() == before
