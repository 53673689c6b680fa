"""Booking a place from the citizen's side: the answer after commit, refusals with nothing stored,
cancelling, and who may see a booking."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from simpati_rs import services
from simpati_rs.models import Booking, Doctor, DoctorLeave, PracticeSession, SessionDay
from simpati_rs.workflow import Refusal, Status
from simpati_rs_factories import PASSWORD, RULES, book, make_clinic, patient
from tangerang_live import city_now, city_today
from tangerang_live.testing import text_of


def booking_form(clinic, **overrides: str) -> dict[str, str]:
    form = {
        "session": str(clinic.session.id),
        "day": clinic.day.isoformat(),
        "patient_name": "Budi Santoso",
        "nik": "3671011203850001",
        "born": "1985-03-12",
        "payer": "general",
        "jkn_number": "",
        "referral": "",
    }
    form.update(overrides)
    return form


async def soon_clinic(quota: int = 5, jkn_quota: int = 2, code: str = "saraf"):
    """A clinic whose session runs tomorrow at 10:00 city time, so the real clock can book it."""
    tomorrow = city_today() + timedelta(days=1)
    clinic = await make_clinic(quota, jkn_quota, code=code, starts=time(10, 0))
    clinic.session.weekday = tomorrow.weekday()
    await clinic.session.save()
    clinic.day = tomorrow
    clinic.now = city_now()
    return clinic


async def test_a_citizen_books_and_gets_number_code_time_and_qr(client, people):
    clinic = await soon_clinic()
    await client.sign_in("budi@warga.example", PASSWORD)
    page = await client.get(
        f"/simpati-rs/daftar?session={clinic.session.id}&day={clinic.day.isoformat()}"
    )
    assert page.status_code == 200
    assert 'value="3671011203850001"' in page.text, "the citizen's own NIK is filled in"
    answer = await client.post("/simpati-rs/daftar", data=booking_form(clinic))
    assert answer.status_code == 303
    booking = await Booking.get(nik="3671011203850001")
    assert answer.headers["location"].startswith(f"/simpati-rs/b/{booking.code}")
    shown = await client.get(answer.headers["location"])
    text = text_of(shown.text)
    assert booking.code in text
    assert "10:00" in text, "the first patient comes at the session's start"
    assert "<svg" in shown.text
    assert booking.number == 1 and booking.status == Status.BOOKED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"born": "1985-03-13"}, "born", "Tanggal lahir tidak sesuai dengan NIK."),
        ({"nik": "12345"}, "nik", "tepat 16 angka"),
        ({"payer": "jkn", "jkn_number": "0001234567890"}, "referral", "nomor rujukan"),
        ({"payer": "jkn", "jkn_number": "12", "referral": "R-1"}, "jkn_number", "13 angka"),
        ({"patient_name": ""}, "patient_name", "nama lengkap pasien"),
        ({"payer": "cash"}, "payer", "cara pembayaran"),
        ({"day": "2026-13-40"}, "session", "Pilih sesi praktik."),
    ],
)
async def test_bad_details_are_refused_next_to_the_field_and_nothing_is_stored(
    client, people, overrides, field, message
):
    clinic = await soon_clinic()
    await client.sign_in("budi@warga.example", PASSWORD)
    answer = await client.post("/simpati-rs/daftar", data=booking_form(clinic, **overrides))
    assert answer.status_code == 422
    assert f'id="{field}-error"' in answer.text
    assert message.lower() in text_of(answer.text).lower()
    assert await Booking.all().count() == 0
    assert await SessionDay.all().count() == 0


async def test_window_and_cutoff_and_second_booking_are_refused(people, client):
    clinic = await make_clinic(5, 2)
    start = clinic.session.start_on(clinic.day)

    async def refusal(who: int, now, day=None) -> dict:
        with pytest.raises(services.BookingRefused) as refused:
            await services.book(
                clinic.session,
                day or clinic.day,
                patient(who),
                booked_by=people.citizen,
                rules=RULES,
                now=now,
            )
        return refused.value.refusals

    assert await refusal(1, start - timedelta(days=15)) == {"session": Refusal.TOO_EARLY}
    assert await refusal(1, start - timedelta(minutes=30)) == {"session": Refusal.CLOSED}
    assert await refusal(1, start + timedelta(minutes=1)) == {"session": Refusal.PAST}
    await book(clinic, 1, people.citizen)
    assert await refusal(1, clinic.now) == {"nik": Refusal.DUPLICATE}
    wrong_day = clinic.day + timedelta(days=1)
    assert await refusal(2, clinic.now, wrong_day) == {"session": Refusal.NOT_PRACTISING}
    await DoctorLeave.create(doctor=clinic.doctor, starts_on=clinic.day, ends_on=clinic.day)
    assert await refusal(3, clinic.now) == {"session": Refusal.NOT_PRACTISING}
    assert await Booking.all().count() == 1


async def test_priority_lane_for_patients_of_sixty_and_over(people, client):
    clinic = await make_clinic()
    born_sixty_years_before = date(clinic.day.year - 60, clinic.day.month, clinic.day.day)
    elder = await book(clinic, patient(1, born=born_sixty_years_before), people.citizen)
    one_day_younger = patient(2, born=born_sixty_years_before + timedelta(days=1))
    younger = await book(clinic, one_day_younger, people.citizen)
    assert elder.priority and not younger.priority


async def test_a_cancelled_place_returns_to_the_quota_and_keeps_its_number(people, client):
    clinic = await make_clinic(2, 0)
    first = await book(clinic, 1, people.citizen)
    await book(clinic, 2, people.citizen)
    with pytest.raises(services.BookingRefused):
        await book(clinic, 3, people.citizen)
    await services.cancel(first, actor=people.citizen, rules=RULES, now=clinic.now)
    third = await book(clinic, 3, people.citizen)
    assert third.number == 3
    assert (await Booking.get(id=first.id)).number == 1
    assert await SessionDay.get(session_id=clinic.session.id).values_list("booked", flat=True) == 2


async def test_cancelling_after_the_cutoff_is_refused(people, client):
    clinic = await make_clinic()
    booking = await book(clinic, 1, people.citizen)
    late = clinic.session.start_on(clinic.day) - timedelta(minutes=10)
    with pytest.raises(services.BookingRefused):
        await services.cancel(booking, actor=people.citizen, rules=RULES, now=late)
    assert (await Booking.get(id=booking.id)).status == Status.BOOKED


async def test_reschedule_moves_the_place_in_one_step(people, client):
    clinic = await make_clinic(1, 0)
    other_day = clinic.day + timedelta(days=7)
    booking = await book(clinic, 1, people.citizen)
    moved = await services.reschedule(booking, clinic.session, other_day, actor=people.citizen,
                                      rules=RULES, now=clinic.now)  # fmt: skip
    assert (moved.day, moved.number) == (other_day, 1)
    assert (await Booking.get(id=booking.id)).status == Status.CANCELLED
    # The first day's place is free again.
    await book(clinic, 2, people.citizen)


async def test_a_citizen_sees_and_cancels_only_their_own_bookings(client, people):
    clinic = await soon_clinic()
    mine = await book(clinic, 1, people.citizen, now=city_now())
    await client.sign_in("siti@warga.example", PASSWORD)
    assert (await client.get(f"/simpati-rs/b/{mine.code}")).status_code == 404
    assert (await client.get(f"/simpati-rs/b/{mine.code}/live")).status_code == 404
    assert (await client.post(f"/simpati-rs/b/{mine.code}/batal")).status_code == 404
    assert mine.code not in (await client.get("/simpati-rs/saya")).text
    assert (await Booking.get(id=mine.id)).status == Status.BOOKED
    await client.post("/logout")
    await client.sign_in("budi@warga.example", PASSWORD)
    page = await client.get(f"/simpati-rs/b/{mine.code}")
    assert page.status_code == 200 and mine.patient_name in page.text
    cancelled = await client.post(f"/simpati-rs/b/{mine.code}/batal")
    assert cancelled.status_code == 303
    assert (await Booking.get(id=mine.id)).status == Status.CANCELLED


async def test_public_pages_list_sessions_with_places_left(client, people):
    clinic = await soon_clinic(quota=5, jkn_quota=2)
    await book(clinic, 1, people.citizen, now=city_now())
    page = await client.get(f"/simpati-rs/poli/{clinic.polyclinic.id}")
    assert page.status_code == 200
    assert "dr. Rina Kartika" in page.text
    assert "Sisa kuota: 2 umum, 2 JKN" in text_of(page.text)
    assert (await client.get("/simpati-rs/poli/999999")).status_code == 404
    assert (await client.get(f"/simpati-rs/dokter/{clinic.doctor.id}")).status_code == 200


async def test_the_booking_steps_narrow_the_sessions_by_doctor_and_date(client, people):
    clinic = await soon_clinic(quota=5, jkn_quota=2)
    other = await Doctor.create(polyclinic=clinic.polyclinic, name="dr. Yusuf Saputra, Sp.PD")
    await PracticeSession.create(
        polyclinic=clinic.polyclinic, doctor=other, weekday=clinic.day.weekday(),
        starts_minute=13 * 60, ends_minute=16 * 60, quota=5, jkn_quota=2,
    )  # fmt: skip
    url = f"/simpati-rs/poli/{clinic.polyclinic.id}"
    both = text_of((await client.get(url)).text)
    assert "dr. Rina Kartika" in both and "dr. Yusuf Saputra" in both.split("Sesi praktik")[-1]
    narrowed = await client.get(f"{url}?dokter={other.id}&tanggal={clinic.day.isoformat()}")
    listed = narrowed.text.split('id="srs-dates"')[1]
    assert "dr. Yusuf Saputra" in listed and "dr. Rina Kartika" not in listed
    assert listed.count('class="srs-date"') == 1
    assert f'<option value="{other.id}" selected>' in narrowed.text
