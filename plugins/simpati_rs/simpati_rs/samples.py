"""What the host's route checks fill Simpati RS's path parameters with (see ``declare_access`` in
the plugin guide): made for the test's world, never called by the portal itself."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from tangerang_live import CITY_TIMEZONE, Organisation, city_today, create_organisation

from simpati_rs import services
from simpati_rs.models import (
    HOSPITAL_KIND,
    Booking,
    Doctor,
    DoctorLeave,
    HospitalHoliday,
    Polyclinic,
    PracticeSession,
)
from simpati_rs.services import Rules
from simpati_rs.workflow import CUTOFF_MINUTES, WINDOW_DAYS, Patient, Payer

CODE = "contoh"
BORN = date(1985, 3, 12)


def _day() -> date:
    """A day a week ahead: inside the booking window, past the cut-off, on the session's weekday."""
    return city_today() + timedelta(days=7)


async def clinic(world: Any) -> dict[str, Any]:
    """A hospital with a polyclinic, a doctor and a weekly session on :func:`_day`'s weekday."""
    hospital = await Organisation.get_or_none(plugin="simpati_rs", code=CODE)
    if hospital is None:
        hospital = await create_organisation("simpati_rs", HOSPITAL_KIND, "RS Contoh", code=CODE)
    polyclinic, _created = await Polyclinic.get_or_create(
        hospital=hospital, code=CODE, defaults={"name_id": "Poli Contoh", "name_en": "Sample"}
    )
    # Looked up by name and time: the route checks add doctors and sessions through the
    # catalogue's forms beside these.
    doctor, _created = await Doctor.get_or_create(polyclinic=polyclinic, name="dr. Contoh")
    session, _created = await PracticeSession.get_or_create(
        polyclinic=polyclinic,
        doctor=doctor,
        weekday=_day().weekday(),
        starts_minute=8 * 60,
        defaults={"ends_minute": 12 * 60, "quota": 5000, "jkn_quota": 0},
    )
    return {"id": polyclinic.id, "doctor": doctor.id, "session": session.id, "rs": hospital.id}


async def doctor(world: Any) -> dict[str, Any]:
    return {"id": (await clinic(world))["doctor"]}


async def schedule(world: Any) -> dict[str, Any]:
    """A practice session: FHIR's Schedule."""
    return {"id": (await clinic(world))["session"]}


async def booking(world: Any) -> dict[str, Any]:
    """A booking ``world.citizen`` made for a family member a week ahead: the one a stranger must
    not read, and the one its booker may move or cancel."""
    made = await clinic(world)
    session = await PracticeSession.get(id=made["session"])
    serial = await Booking.all().count() + 1
    patient = Patient(
        f"Pasien Rahasia {serial:04d}", f"367101{BORN:%d%m%y}{serial:04d}", BORN, Payer.GENERAL
    )
    now = datetime.combine(_day() - timedelta(days=3), time(9, 0), CITY_TIMEZONE)
    rules = Rules(window_days=WINDOW_DAYS, cutoff_minutes=CUTOFF_MINUTES)
    found = await services.book(
        session, _day(), patient, booked_by=world.citizen, rules=rules, now=now
    )
    return {
        "code": found.code,
        "id": found.id,
        "action": "serve",
        "private_text": [patient.name, patient.nik],
    }


async def queue_call(world: Any) -> dict[str, Any]:
    """A polyclinic and its session, for calling the next patient."""
    made = await clinic(world)
    return {"id": made["id"], "session": made["session"]}


async def unknown(world: Any) -> dict[str, Any]:
    """A resource the FHIR API does not have."""
    return {"rest": "Patient"}


async def hospital(world: Any) -> dict[str, Any]:
    return {"id": (await clinic(world))["rs"]}


async def leave(world: Any) -> dict[str, Any]:
    """A leave of the sample doctor, past the booking window (it closes nobody's booking)."""
    made = await clinic(world)
    first = city_today() + timedelta(days=40)
    found = await DoctorLeave.create(
        doctor_id=made["doctor"], starts_on=first, ends_on=first + timedelta(days=2)
    )
    return {"id": found.id}


async def holiday(world: Any) -> dict[str, Any]:
    """A day the sample hospital is closed, past the booking window, a new one each time."""
    made = await clinic(world)
    serial = await HospitalHoliday.filter(hospital_id=made["rs"]).count()
    found = await HospitalHoliday.create(
        hospital_id=made["rs"],
        day=city_today() + timedelta(days=40 + serial),
        name="Hari jadi rumah sakit",
    )
    return {"id": found.id}
