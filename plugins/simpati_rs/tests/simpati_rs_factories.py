"""What Simpati RS's tests build: a hospital with a polyclinic, a doctor and a session, and
patients whose NIK and date of birth agree."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from simpati_rs import services
from simpati_rs.models import HOSPITAL_KIND, BedWard, Booking, Doctor, Polyclinic, PracticeSession
from simpati_rs.services import Rules
from simpati_rs.workflow import BedClass, Patient, Payer
from tangerang_live import CITY_TIMEZONE, Organisation, User, create_organisation

PASSWORD = "rahasia-yang-panjang"
RULES = Rules(window_days=14, cutoff_minutes=60)


@dataclass
class Clinic:
    hospital: Organisation
    polyclinic: Polyclinic
    doctor: Doctor
    session: PracticeSession
    day: date
    """A date the session runs on, a few days ahead."""
    now: datetime
    """A moment well before the session, inside the booking window."""


async def make_clinic(
    quota: int = 10,
    jkn_quota: int = 4,
    *,
    hospital: Organisation | None = None,
    code: str = "penyakit-dalam",
    starts: time = time(8, 0),
) -> Clinic:
    hospital = hospital or await create_organisation(
        "simpati_rs", HOSPITAL_KIND, "RSUD Kota Tangerang", code=f"rsud-{uuid.uuid4().hex[:10]}"
    )
    polyclinic = await Polyclinic.create(
        hospital=hospital, code=code, name_id="Penyakit Dalam", name_en="Internal Medicine"
    )
    doctor = await Doctor.create(polyclinic=polyclinic, name="dr. Rina Kartika, Sp.PD")
    # A Wednesday in a week without public holidays.
    day = date(2026, 12, 9)
    session = await PracticeSession.create(
        polyclinic=polyclinic,
        doctor=doctor,
        weekday=day.weekday(),
        starts_minute=starts.hour * 60 + starts.minute,
        ends_minute=starts.hour * 60 + starts.minute + 240,
        quota=quota,
        jkn_quota=jkn_quota,
    )
    now = datetime.combine(day - timedelta(days=3), time(9, 0), CITY_TIMEZONE)
    return Clinic(hospital, polyclinic, doctor, session, day, now)


def patient(serial: int, *, jkn: bool = False, born: date = date(1985, 3, 12)) -> Patient:
    """A patient with their own NIK (``serial`` tells patients apart)."""
    nik = f"367101{born:%d%m%y}{serial % 9999 + 1:04d}"
    if jkn:
        return Patient(f"Pasien {serial}", nik, born, Payer.JKN, f"{serial:013d}", f"RJK-{serial}")
    return Patient(f"Pasien {serial}", nik, born, Payer.GENERAL)


async def make_wards(hospital: Organisation) -> dict[BedClass, BedWard]:
    return {
        c: await BedWard.create(hospital=hospital, bed_class=c, capacity=5, occupied=2, waiting=0)
        for c in BedClass
    }


async def book(
    clinic: Clinic, who: Patient | int, by: User, *, now: datetime | None = None
) -> Booking:
    """Book ``who`` (a patient, or a patient's serial) into the clinic's session day."""
    return await services.book(
        clinic.session,
        clinic.day,
        patient(who) if isinstance(who, int) else who,
        booked_by=by,
        rules=RULES,
        now=now or clinic.now,
    )
