"""Keeping the catalogue: polyclinics, doctors, weekly sessions, leave and holidays, by the
hospital's keepers only; patients keep what they were told, and a closed day tells them."""

from __future__ import annotations

import pytest
from simpati_rs import access, catalogue, services
from simpati_rs.models import (
    Booking,
    Doctor,
    DoctorLeave,
    HospitalHoliday,
    Polyclinic,
    PracticeSession,
    SessionDay,
)
from simpati_rs.services import BookingRefused
from simpati_rs.workflow import CatalogueProblem, Refusal, SessionPlan, Status
from simpati_rs_factories import PASSWORD, RULES, book, make_clinic, patient
from tangerang_live import AuditEntry, Notification, ensure_officer, grant_permission
from tangerang_live.testing import frozen_city_time, text_of


async def keeper(clinic, *, polyclinic_only: bool = False):
    """A schedule keeper of the clinic's hospital (or of its polyclinic only), signed in."""
    officer = await ensure_officer("jadwal@rsud.example", "Dina Jadwal", password=PASSWORD)
    if polyclinic_only:
        scope = access.polyclinic_scope(clinic.hospital, clinic.polyclinic)
        await grant_permission(officer, access.CATALOGUE, scope=scope)
    else:
        await grant_permission(officer, access.CATALOGUE, organisation=clinic.hospital)
    return officer


def session_form(clinic, **overrides: str) -> dict[str, str]:
    form = {
        "doctor": str(clinic.doctor.id),
        "weekday": str(clinic.session.weekday),
        "starts": "08:00",
        "ends": "12:00",
        "quota": "10",
        "jkn_quota": "4",
        "is_active": "on",
    }
    return form | overrides


async def test_a_keeper_adds_a_polyclinic_a_doctor_and_a_session(client, people):
    clinic = await make_clinic()
    await keeper(clinic)
    await client.sign_in("jadwal@rsud.example", PASSWORD)
    overview = await client.get("/simpati-rs/kelola")
    assert overview.status_code == 200 and "Penyakit Dalam" in overview.text
    made = await client.post(
        f"/simpati-rs/kelola/rs/{clinic.hospital.id}/poli",
        data={"code": "jantung", "name_id": "Jantung", "name_en": "Cardiology", "order": "5",
              "is_active": "on"},
    )  # fmt: skip
    assert made.status_code == 303
    polyclinic = await Polyclinic.get(code="jantung")
    doctor = await client.post(
        f"/simpati-rs/kelola/poli/{polyclinic.id}/dokter",
        data={"name": "dr. Agus Pratama, Sp.JP", "is_active": "on"},
    )
    assert doctor.status_code == 303
    added = await Doctor.get(name="dr. Agus Pratama, Sp.JP")
    session = await client.post(
        f"/simpati-rs/kelola/poli/{polyclinic.id}/sesi",
        data=session_form(clinic, doctor=str(added.id), weekday="1", quota="20", jkn_quota="14"),
    )
    assert session.status_code == 303
    assert await PracticeSession.filter(doctor_id=added.id, weekday=1, quota=20).exists()
    public = await client.get(f"/simpati-rs/poli/{polyclinic.id}")
    assert "dr. Agus Pratama" in public.text
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"simpati_rs.polyclinic", "simpati_rs.doctor", "simpati_rs.session"} <= actions


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends": "07:00"}, "ends", "setelah jam mulai"),
        ({"jkn_quota": "11"}, "jkn_quota", "lebih dari kuota"),
        ({"starts": "25:00"}, "starts", "07:30"),
        ({"quota": "0"}, "quota", "bilangan bulat"),
        ({"doctor": "999999"}, "doctor", "Pilih dokter"),
    ],
)
async def test_a_bad_session_is_refused_next_to_the_field(
    client, people, overrides, field, message
):
    clinic = await make_clinic()
    await keeper(clinic)
    before = await PracticeSession.all().count()
    await client.sign_in("jadwal@rsud.example", PASSWORD)
    answer = await client.post(
        f"/simpati-rs/kelola/poli/{clinic.polyclinic.id}/sesi",
        data=session_form(clinic, **overrides),
    )
    assert answer.status_code == 422
    assert f'id="{field}-error"' in answer.text
    assert message.lower() in text_of(answer.text).lower()
    assert 'value="' + session_form(clinic, **overrides)["starts"] + '"' in answer.text
    assert await PracticeSession.all().count() == before


async def test_the_quota_keeps_room_for_every_booking_and_booked_sessions_keep_their_day(
    client, people
):
    clinic = await make_clinic(10, 4)
    for serial in range(5):
        await book(clinic, serial + 1, people.citizen)
    await book(clinic, patient(9, jkn=True), people.citizen)
    officer = await keeper(clinic)
    other = await Doctor.create(polyclinic=clinic.polyclinic, name="dr. Yusuf Saputra, Sp.PD")
    url = f"/simpati-rs/kelola/sesi/{clinic.session.id}"
    with frozen_city_time(clinic.now):
        await client.sign_in("jadwal@rsud.example", PASSWORD)
        for overrides, field in [
            ({"quota": "8", "jkn_quota": "4"}, "quota"),  # 4 general places for 5 patients
            ({"jkn_quota": "0"}, "jkn_quota"),
            ({"weekday": str((clinic.session.weekday + 1) % 7)}, "weekday"),
            ({"starts": "09:00", "ends": "13:00"}, "starts"),
            ({"is_active": ""}, "is_active"),
            ({"doctor": str(other.id)}, "doctor"),
        ]:
            answer = await client.post(url, data=session_form(clinic, **overrides))
            assert answer.status_code == 422, overrides
            assert f'id="{field}-error"' in answer.text, overrides
        unchanged = await PracticeSession.get(id=clinic.session.id)
        assert (unchanged.quota, unchanged.jkn_quota, unchanged.is_active) == (10, 4, True)
        # Exactly as many places as are taken is fine, and so is a longer session.
        answer = await client.post(
            url, data=session_form(clinic, quota="6", jkn_quota="1", ends="13:00")
        )
        assert answer.status_code == 303
    # A booking that loaded the session before the change meets the new quota under the lock.
    with pytest.raises(BookingRefused) as refused:
        await book(clinic, 20, people.citizen)
    assert refused.value.refusals == {"session": Refusal.FULL}
    plan = SessionPlan(clinic.doctor.id, clinic.session.weekday, 8 * 60, 13 * 60, 7, 1)
    with frozen_city_time(clinic.now):
        await catalogue.save_session(
            clinic.polyclinic, plan, actor=officer, rules=RULES, session=clinic.session
        )
    assert (await book(clinic, 21, people.citizen)).number == 7


async def test_a_polyclinic_keeper_keeps_only_their_polyclinic(client, people):
    clinic = await make_clinic()
    other = await make_clinic(hospital=clinic.hospital, code="anak")
    await keeper(clinic, polyclinic_only=True)
    await client.sign_in("jadwal@rsud.example", PASSWORD)
    overview = await client.get("/simpati-rs/kelola")
    assert "Penyakit Dalam" in overview.text and f"/kelola/poli/{other.polyclinic.id}" not in (
        overview.text
    )
    assert (await client.get(f"/simpati-rs/kelola/poli/{clinic.polyclinic.id}")).status_code == 200
    assert (await client.get(f"/simpati-rs/kelola/dokter/{clinic.doctor.id}")).status_code == 200
    for url in (
        f"/simpati-rs/kelola/poli/{other.polyclinic.id}",
        f"/simpati-rs/kelola/dokter/{other.doctor.id}",
        f"/simpati-rs/kelola/sesi/{other.session.id}",
        f"/simpati-rs/kelola/rs/{clinic.hospital.id}/poli",
        f"/simpati-rs/kelola/rs/{clinic.hospital.id}/libur",
    ):
        assert (await client.get(url)).status_code == 403, url
    renamed = await client.post(
        f"/simpati-rs/kelola/poli/{clinic.polyclinic.id}",
        data={"code": "x", "name_id": "X", "name_en": "X", "order": "1"},
    )
    assert renamed.status_code == 403
    assert (await Polyclinic.get(id=clinic.polyclinic.id)).name_id == "Penyakit Dalam"
    assert (await client.get(f"/simpati-rs/kelola/poli/{clinic.polyclinic.id}")).status_code == 200
    await client.sign_out()
    await client.sign_in("budi@warga.example", PASSWORD)
    assert (await client.get("/simpati-rs/kelola")).status_code == 403


async def test_leave_closes_the_booked_days_and_tells_each_patient_in_their_language(
    client, people
):
    clinic = await make_clinic(10, 4)
    people.neighbour.locale = "en"
    await people.neighbour.save()
    first = await book(clinic, 1, people.citizen)
    second = await book(clinic, patient(2, jkn=True), people.neighbour)
    await keeper(clinic)
    with frozen_city_time(clinic.now):
        await client.sign_in("jadwal@rsud.example", PASSWORD)
        bad = await client.post(
            f"/simpati-rs/kelola/dokter/{clinic.doctor.id}/cuti",
            data={"starts_on": clinic.day.isoformat(), "ends_on": "2026-12-01", "reason": "Cuti"},
        )
        assert bad.status_code == 422 and 'id="ends_on-error"' in bad.text
        assert await DoctorLeave.all().count() == 0
        answer = await client.post(
            f"/simpati-rs/kelola/dokter/{clinic.doctor.id}/cuti",
            data={"starts_on": clinic.day.isoformat(), "ends_on": clinic.day.isoformat(),
                  "reason": "seminar"},
        )  # fmt: skip
        assert answer.status_code == 303
        shown = await client.get(answer.headers["location"])
        assert "dibatalkan pada hari yang ditutup: 2" in text_of(shown.text)
    for booking in (first, second):
        assert (await Booking.get(id=booking.id)).status == Status.CANCELLED
    counts = await SessionDay.get(session_id=clinic.session.id, day=clinic.day)
    assert (counts.booked, counts.jkn_booked) == (0, 0)
    told = await Notification.get(user_id=people.citizen.id, title__contains=first.code)
    assert "seminar" in told.body and "dibatalkan" in told.body
    told_en = await Notification.get(user_id=people.neighbour.id, title__contains=second.code)
    assert "cancelled" in told_en.body
    with pytest.raises(BookingRefused):
        await book(clinic, 3, people.citizen)


async def test_a_hospital_holiday_closes_the_day_and_cannot_be_recorded_twice(client, people):
    clinic = await make_clinic()
    booking = await book(clinic, 1, people.citizen)
    officer = await keeper(clinic)
    with frozen_city_time(clinic.now):
        data = catalogue.HolidayData(clinic.day, "Hari jadi RSUD")
        _holiday, cancelled = await catalogue.save_holiday(
            clinic.hospital, data, actor=officer, rules=RULES, link=lambda c: f"/b/{c}",
            holiday=None,
        )  # fmt: skip
        assert cancelled == 1
        with pytest.raises(catalogue.CatalogueRefused) as refused:
            await catalogue.save_holiday(
                clinic.hospital, data, actor=officer, rules=RULES, link=lambda c: f"/b/{c}",
                holiday=None,
            )  # fmt: skip
        assert refused.value.problems == {"day": CatalogueProblem.TAKEN}
    assert await HospitalHoliday.all().count() == 1
    assert (await Booking.get(id=booking.id)).status == Status.CANCELLED


async def test_a_keeper_edits_leave_and_a_closed_day_through_the_same_forms(client, people):
    clinic = await make_clinic()
    await keeper(clinic)
    later = clinic.day.replace(year=clinic.day.year + 1)
    leave = await DoctorLeave.create(
        doctor=clinic.doctor, starts_on=later, ends_on=later, reason="Seminar"
    )
    holiday = await HospitalHoliday.create(hospital=clinic.hospital, day=later, name="Hari jadi")
    with frozen_city_time(clinic.now):
        await client.sign_in("jadwal@rsud.example", PASSWORD)
        new_leave = await client.get(f"/simpati-rs/kelola/dokter/{clinic.doctor.id}/cuti")
        assert (
            new_leave.status_code == 200 and f"/kelola/cuti/{leave.id}/hapus" not in new_leave.text
        )
        shown = await client.get(f"/simpati-rs/kelola/cuti/{leave.id}")
        assert 'value="Seminar"' in shown.text and f"/kelola/cuti/{leave.id}/hapus" in shown.text
        answer = await client.post(
            f"/simpati-rs/kelola/cuti/{leave.id}",
            data={"starts_on": later.isoformat(), "ends_on": later.isoformat(),
                  "reason": "Kongres"},
        )  # fmt: skip
        assert answer.status_code == 303
        assert (await DoctorLeave.get(id=leave.id)).reason == "Kongres"
        assert await DoctorLeave.all().count() == 1

        shown = await client.get(f"/simpati-rs/kelola/libur/{holiday.id}")
        assert (
            'value="Hari jadi"' in shown.text and f"/kelola/libur/{holiday.id}/hapus" in shown.text
        )
        answer = await client.post(
            f"/simpati-rs/kelola/libur/{holiday.id}",
            data={"day": later.isoformat(), "name": "Hari jadi RSUD"},
        )
        assert answer.status_code == 303
        assert (await HospitalHoliday.get(id=holiday.id)).name == "Hari jadi RSUD"
        assert await HospitalHoliday.all().count() == 1


async def test_a_doctor_or_polyclinic_with_bookings_ahead_stays_active(client, people):
    clinic = await make_clinic()
    booking = await book(clinic, 1, people.citizen)
    officer = await keeper(clinic)
    closed_doctor = catalogue.DoctorData(clinic.doctor.name, is_active=False)
    closed_polyclinic = catalogue.PolyclinicData("penyakit-dalam", "Penyakit Dalam", "IM", 1, False)
    with frozen_city_time(clinic.now):
        with pytest.raises(catalogue.CatalogueRefused):
            await catalogue.save_doctor(
                clinic.polyclinic, closed_doctor, actor=officer, rules=RULES, doctor=clinic.doctor
            )
        with pytest.raises(catalogue.CatalogueRefused):
            await catalogue.save_polyclinic(
                clinic.hospital, closed_polyclinic, actor=officer, rules=RULES,
                polyclinic=clinic.polyclinic,
            )  # fmt: skip
        assert (await Doctor.get(id=clinic.doctor.id)).is_active
        assert (await Polyclinic.get(id=clinic.polyclinic.id)).is_active
        # Once nobody is booked, the doctor may stop, and their sessions close with them.
        await services.cancel(booking, actor=people.citizen, rules=RULES, now=clinic.now)
        await catalogue.save_doctor(
            clinic.polyclinic, closed_doctor, actor=officer, rules=RULES, doctor=clinic.doctor
        )
    with pytest.raises(BookingRefused) as refused:
        await book(clinic, 2, people.citizen)
    assert refused.value.refusals == {"session": Refusal.NOT_PRACTISING}
    page = await client.get(f"/simpati-rs/poli/{clinic.polyclinic.id}")
    assert clinic.doctor.name not in page.text
    assert (await client.get(f"/simpati-rs/dokter/{clinic.doctor.id}")).status_code == 404
