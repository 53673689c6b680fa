"""Who may see and do what in Simpati RS: the one place the plugin decides it.

- Anyone sees the polyclinics, doctors, sessions with places left, the queue boards and the beds.
- A citizen sees and cancels only the bookings they made (for themselves or family).
- Registration desk staff of a hospital check patients in there (``simpati_rs.desk``, scoped to
  the hospital); polyclinic staff run the queue of their polyclinics (``simpati_rs.queue``,
  scoped to a hospital or to one polyclinic); bed managers update a hospital's bed board
  (``simpati_rs.beds``, scoped to the hospital).
- Catalogue managers (``simpati_rs.catalogue``) keep the polyclinics, doctors, weekly sessions,
  leave and holidays: a grant for a hospital covers all of it; a grant for one polyclinic covers
  that polyclinic's doctors, sessions and their leave.
"""

from __future__ import annotations

from tangerang_live import (
    Organisation,
    User,
    has_permission,
    permitted_organisations,
    permitted_scopes,
)

from simpati_rs.models import Booking, Polyclinic

DESK = "simpati_rs.desk"
QUEUE = "simpati_rs.queue"
BEDS = "simpati_rs.beds"
CATALOGUE = "simpati_rs.catalogue"
POLYCLINIC_SCOPE = "polyclinic"


def polyclinic_scope(hospital: Organisation, polyclinic: Polyclinic) -> str:
    """The value a ``simpati_rs.queue`` grant carries to cover one polyclinic:
    ``rsud-kota-tangerang/penyakit-dalam`` (polyclinic codes are unique per hospital only)."""
    return f"{hospital.code}/{polyclinic.code}"


async def works_desk(user: User | None, hospital: Organisation) -> bool:
    return await has_permission(user, DESK, organisation=hospital)


async def runs_queue(user: User | None, polyclinic: Polyclinic) -> bool:
    """A queue grant for the whole hospital, or for this one polyclinic."""
    hospital = await polyclinic.hospital
    return await has_permission(user, QUEUE, organisation=hospital) or await has_permission(
        user, QUEUE, scope=polyclinic_scope(hospital, polyclinic)
    )


async def manages_beds(user: User | None, hospital: Organisation | None = None) -> bool:
    """For one hospital, or (``None``) for any."""
    return await has_permission(user, BEDS, organisation=hospital)


async def bed_hospital_ids(user: User | None) -> list[int] | None:
    """Hospitals whose beds ``user`` manages; ``None`` means all."""
    hospitals = await permitted_organisations(user, BEDS)
    return None if hospitals is None else [h.id for h in hospitals]


async def manages_hospital(user: User | None, hospital: Organisation) -> bool:
    """Polyclinics and holidays of ``hospital``: a catalogue grant for the whole hospital."""
    return await has_permission(user, CATALOGUE, organisation=hospital)


async def manages_polyclinic(user: User | None, polyclinic: Polyclinic) -> bool:
    """A polyclinic's doctors, sessions and leave: a grant for its hospital or for it alone."""
    hospital = await polyclinic.hospital
    return await manages_hospital(user, hospital) or await has_permission(
        user, CATALOGUE, scope=polyclinic_scope(hospital, polyclinic)
    )


async def catalogue_polyclinics(user: User | None) -> tuple[list[int] | None, set[str]]:
    """What ``user`` may keep in the catalogue: the ids of hospitals they manage whole (``None``
    for all) and the ``hospital/polyclinic`` scopes of single polyclinics."""
    hospitals = await permitted_organisations(user, CATALOGUE)
    scopes = await permitted_scopes(user, CATALOGUE)
    return (None if hospitals is None else [h.id for h in hospitals]), set(scopes or ())


def made(user: User | None, booking: Booking) -> bool:
    """Whether ``user`` made the booking (for themselves or for a family member)."""
    return user is not None and booking.booked_by_id == user.id


async def sees_booking(user: User | None, booking: Booking) -> bool:
    """The patient's details (NIK, date of birth, JKN) are for the booker and hospital staff."""
    if made(user, booking):
        return True
    polyclinic = await booking.polyclinic
    return await works_desk(user, await polyclinic.hospital) or await runs_queue(user, polyclinic)


async def staff_hospitals(user: User | None) -> list[Organisation] | None:
    """Hospitals where ``user`` works the desk, a queue or the beds; ``None`` means all."""
    found: dict[int, Organisation] = {}
    for code in (DESK, QUEUE, BEDS, CATALOGUE):
        hospitals = await permitted_organisations(user, code)
        if hospitals is None:
            if await has_permission(user, code):
                return None
            continue
        found.update((h.id, h) for h in hospitals)
    return list(found.values())


async def is_staff(user: User | None) -> bool:
    hospitals = await staff_hospitals(user)
    return hospitals is None or bool(hospitals)
