"""HL7 FHIR R4: each resource carries R4's required elements and codes from its value sets."""

from __future__ import annotations

from datetime import time, timedelta

from simpati_rs import services
from simpati_rs_factories import PASSWORD, RULES, book, make_clinic
from tangerang_live import city_now, city_today

FHIR = "application/fhir+json"
SLOT_STATUS = {"busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"}
APPOINTMENT_STATUS = {
    "proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
    "entered-in-error", "checked-in", "waitlist",
}  # fmt: skip
PARTICIPATION_STATUS = {"accepted", "declined", "tentative", "needs-action"}
ISSUE_TYPES = {"invalid", "not-found", "not-supported", "login", "forbidden", "exception"}


async def clinic_tomorrow(quota: int = 2):
    tomorrow = city_today() + timedelta(days=1)
    clinic = await make_clinic(quota, 0, code="urologi", starts=time(10, 0))
    clinic.session.weekday = tomorrow.weekday()
    await clinic.session.save()
    clinic.day = tomorrow
    return clinic


def assert_searchset(body: dict, resource_type: str) -> list[dict]:
    assert body["resourceType"] == "Bundle" and body["type"] == "searchset"
    assert body["total"] == len(body["entry"])
    for entry in body["entry"]:
        assert entry["fullUrl"].startswith("http")
        assert entry["fullUrl"].endswith(f"/{resource_type}/{entry['resource']['id']}")
        assert entry["search"]["mode"] == "match"
        assert entry["resource"]["resourceType"] == resource_type
    return [e["resource"] for e in body["entry"]]


async def test_metadata_is_a_capability_statement(client):
    answer = await client.get("/simpati-rs/fhir/metadata")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(FHIR)
    body = answer.json()
    assert body["resourceType"] == "CapabilityStatement"
    # R4 required: status, date, kind, fhirVersion, format; cpb-1: rest, messaging or document.
    assert body["status"] in {"draft", "active", "retired", "unknown"}
    assert body["kind"] in {"instance", "capability", "requirements"}
    assert body["fhirVersion"] == "4.0.1" and body["date"]
    assert FHIR in body["format"]
    types = {r["type"] for r in body["rest"][0]["resource"]}
    assert types == {"Schedule", "Slot", "Appointment"}


async def test_schedules_and_slots(client, people):
    clinic = await clinic_tomorrow(quota=1)
    schedules = assert_searchset((await client.get("/simpati-rs/fhir/Schedule")).json(), "Schedule")
    schedule = next(s for s in schedules if s["id"] == str(clinic.session.id))
    assert schedule["actor"], "Schedule.actor is required (1..*)"
    assert all("reference" in a or "display" in a for a in schedule["actor"])
    read = await client.get(f"/simpati-rs/fhir/Schedule/{clinic.session.id}")
    assert read.json() == schedule

    url = f"/simpati-rs/fhir/Slot?schedule={clinic.session.id}&start={clinic.day.isoformat()}"
    slots = assert_searchset((await client.get(url)).json(), "Slot")
    assert len(slots) == 1
    slot = slots[0]
    for required in ("schedule", "status", "start", "end"):
        assert required in slot
    assert slot["status"] == "free" and slot["status"] in SLOT_STATUS
    assert slot["start"] < slot["end"]
    assert slot["schedule"]["reference"] == f"Schedule/{clinic.session.id}"

    await book(clinic, 1, people.citizen, now=city_now())
    busy = assert_searchset((await client.get(url + "&status=busy")).json(), "Slot")
    assert [s["status"] for s in busy] == ["busy"]
    assert assert_searchset((await client.get(url + "&status=free")).json(), "Slot") == []


async def test_appointments_are_the_patients_own(client, people):
    clinic = await clinic_tomorrow()
    booking = await book(clinic, 1, people.citizen, now=city_now())
    anonymous = await client.get("/simpati-rs/fhir/Appointment")
    assert anonymous.status_code == 401
    assert anonymous.json()["resourceType"] == "OperationOutcome"
    await client.sign_in("siti@warga.example", PASSWORD)
    assert assert_searchset((await client.get("/simpati-rs/fhir/Appointment")).json(), "x") == []
    stranger = await client.get(f"/simpati-rs/fhir/Appointment/{booking.id}")
    assert stranger.status_code == 404
    await client.post("/logout")
    await client.sign_in("budi@warga.example", PASSWORD)
    mine = assert_searchset(
        (await client.get("/simpati-rs/fhir/Appointment")).json(), "Appointment"
    )
    assert [a["id"] for a in mine] == [str(booking.id)]
    appointment = mine[0]
    assert appointment["status"] == "booked" and appointment["status"] in APPOINTMENT_STATUS
    assert appointment["participant"], "Appointment.participant is required (1..*)"
    for participant in appointment["participant"]:
        assert participant["status"] in PARTICIPATION_STATUS
    # app-2/app-3: a booked appointment has both start and end.
    assert appointment["start"] < appointment["end"]
    assert appointment["identifier"][0]["value"] == booking.code
    await services.cancel(booking, actor=people.citizen, rules=RULES, now=city_now())
    read = await client.get(f"/simpati-rs/fhir/Appointment/{booking.id}")
    assert read.json()["status"] == "cancelled"


async def test_errors_are_operation_outcomes(client):
    for url, status in (
        ("/simpati-rs/fhir/Schedule/999999", 404),
        ("/simpati-rs/fhir/Schedule/abc", 404),
        ("/simpati-rs/fhir/Slot?start=yesterday", 400),
        ("/simpati-rs/fhir/Slot?status=maybe", 400),
        ("/simpati-rs/fhir/Slot?schedule=Schedule/x", 400),
        ("/simpati-rs/fhir/Slot?start=lt0001-01-01", 200),
        ("/simpati-rs/fhir/Slot?colour=red", 400),
        ("/simpati-rs/fhir/Patient", 404),
    ):
        answer = await client.get(url)
        assert answer.status_code == status, url
        assert answer.headers["content-type"].startswith(FHIR)
        body = answer.json()
        if status != 200:
            assert body["resourceType"] == "OperationOutcome"
            assert body["issue"][0]["severity"] == "error"
            assert body["issue"][0]["code"] in ISSUE_TYPES
