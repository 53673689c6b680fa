"""HL7 FHIR R4 (4.0.1), read-only JSON: the practice schedules, their slots, a patient's bookings.

- ``GET fhir/metadata``: the CapabilityStatement.
- ``GET fhir/Schedule`` and ``fhir/Schedule/{id}``: one Schedule per weekly practice session.
- ``GET fhir/Slot?schedule=&start=&status=``: one Slot per session date in the booking window,
  ``free`` while places are left, ``busy`` when full.
- ``GET fhir/Appointment`` and ``fhir/Appointment/{id}``: the signed-in patient's own bookings.

Searches answer a ``searchset`` Bundle; errors an OperationOutcome, all as
``application/fhir+json``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tangerang_live import (
    Access,
    absolute_url,
    city_now,
    current_user,
    declare_access,
    plugin_context,
)

from simpati_rs import samples, schedule
from simpati_rs.models import Booking, PracticeSession
from simpati_rs.views.common import minutes_per_patient, rules
from simpati_rs.workflow import FHIR_STATUS, estimated_time

FHIR_JSON = "application/fhir+json"
FHIR_VERSION = "4.0.1"
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
SEARCH_LIMIT = 500


class FhirResponse(Response):
    media_type = FHIR_JSON

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def outcome(status_code: int, code: str, text: str) -> FhirResponse:
    """An OperationOutcome: FHIR's error answer (``code`` from the IssueType value set)."""
    body = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": text}],
    }
    return FhirResponse(body, status_code=status_code)


def _base(request: Request) -> str:
    return absolute_url(plugin_context(request).url("fhir_metadata").rsplit("/", 1)[0])


def _instant(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def bundle(request: Request, resources: list[dict[str, Any]]) -> dict[str, Any]:
    base = _base(request)
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [
            {"relation": "self", "url": absolute_url(str(request.url.path)) + _query(request)}
        ],
        "entry": [
            {
                "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }


def _query(request: Request) -> str:
    return f"?{request.url.query}" if request.url.query else ""


def schedule_resource(session: PracticeSession, now: datetime, window_days: int) -> dict:
    polyclinic = session.polyclinic
    return {
        "resourceType": "Schedule",
        "id": str(session.id),
        "active": session.is_active,
        "serviceType": [{"text": polyclinic.name_id}],
        "actor": [
            {"reference": f"Practitioner/{session.doctor_id}", "display": session.doctor.name},
            {"display": f"Poliklinik {polyclinic.name_id}"},
        ],
        "planningHorizon": {
            "start": now.date().isoformat(),
            "end": (now.date() + timedelta(days=window_days)).isoformat(),
        },
        "comment": f"{WEEKDAYS[session.weekday]} {session.starts:%H:%M}-{session.ends:%H:%M}",
    }


def slot_resource(found: schedule.SessionDate) -> dict:
    left = found.general_left + found.jkn_left
    return {
        "resourceType": "Slot",
        "id": found.slot_id,
        "schedule": {"reference": f"Schedule/{found.session.id}"},
        "status": "free" if left > 0 else "busy",
        "start": _instant(found.start),
        "end": _instant(found.session.end_on(found.day)),
        "comment": f"{left} places left",
    }


def appointment_resource(booking: Booking, minutes: int) -> dict:
    session = booking.session
    start = estimated_time(session.start_on(booking.day), booking.number, minutes)
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": str(booking.id),
        "identifier": [{"system": "urn:simpati-rs:booking-code", "value": booking.code}],
        "status": FHIR_STATUS[booking.status],
        "serviceType": [{"text": booking.polyclinic.name_id}],
        "description": f"Nomor antrean {booking.number}",
        "start": _instant(start),
        "end": _instant(start + timedelta(minutes=minutes)),
        "slot": [{"reference": f"Slot/{session.id}-{booking.day:%Y%m%d}"}],
        "created": _instant(booking.created_at),
        "participant": [
            {"actor": {"display": booking.patient_name}, "status": "accepted"},
            {
                "actor": {
                    "reference": f"Practitioner/{session.doctor_id}",
                    "display": session.doctor.name,
                },
                "status": "accepted",
            },
        ],
    }
    if booking.priority:
        resource["priority"] = 1
    return resource


async def metadata(request: Request) -> Response:
    now = city_now()
    search_type = [{"code": "read"}, {"code": "search-type"}]
    return FhirResponse(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": now.date().isoformat(),
            "publisher": "RSUD Kota Tangerang",
            "kind": "instance",
            "software": {"name": "Simpati RS"},
            "implementation": {"description": "Simpati RS", "url": _base(request)},
            "fhirVersion": FHIR_VERSION,
            "format": [FHIR_JSON],
            "rest": [
                {
                    "mode": "server",
                    "resource": [
                        {"type": "Schedule", "interaction": search_type},
                        {
                            "type": "Slot",
                            "interaction": [{"code": "search-type"}],
                            "searchParam": [
                                {"name": "schedule", "type": "reference"},
                                {"name": "start", "type": "date"},
                                {"name": "status", "type": "token"},
                            ],
                        },
                        {"type": "Appointment", "interaction": search_type},
                    ],
                }
            ],
        }
    )


async def _schedules(**filters: Any) -> list[PracticeSession]:
    return await PracticeSession.open().filter(**filters).select_related("doctor", "polyclinic")


async def schedules(request: Request) -> Response:
    window = rules(request).window_days
    now = city_now()
    found = await _schedules()
    return FhirResponse(bundle(request, [schedule_resource(s, now, window) for s in found]))


def _int_id(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


async def schedule_read(request: Request) -> Response:
    session_id = _int_id(request.path_params["id"])
    found = await _schedules(id=session_id) if session_id is not None else []
    if not found:
        return outcome(404, "not-found", "No Schedule has this id.")
    return FhirResponse(schedule_resource(found[0], city_now(), rules(request).window_days))


def _start_range(text: str) -> tuple[date, date] | None:
    """FHIR date search on ``start``: ``2026-12-02`` (that day), ``ge``/``le``/``gt``/``lt``."""
    prefix, value = (
        (text[:2], text[2:]) if text[:2] in ("eq", "ge", "le", "gt", "lt") else ("", text)
    )
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    try:
        return {
            "": (day, day),
            "eq": (day, day),
            "ge": (day, date.max),
            "gt": (day + timedelta(days=1), date.max),
            "le": (date.min, day),
            "lt": (date.min, day - timedelta(days=1)),
        }[prefix]
    except OverflowError:  # gt9999-12-31, lt0001-01-01: nothing can match
        return (date.max, date.min)


async def slots(request: Request) -> Response:
    params = request.query_params
    allowed = {"schedule", "start", "status", "_count"}
    unknown = set(params) - allowed
    if unknown:
        return outcome(400, "not-supported", f"Unknown search parameter: {sorted(unknown)[0]}.")
    filters: dict[str, Any] = {}
    if "schedule" in params:
        session_id = _int_id(params["schedule"].removeprefix("Schedule/"))
        if session_id is None:
            return outcome(400, "invalid", "schedule must be a Schedule id.")
        filters["id"] = session_id
    span = (date.min, date.max)
    if "start" in params:
        parsed = _start_range(params["start"])
        if parsed is None:
            return outcome(
                400, "invalid", "start must be a date such as 2026-12-02 or ge2026-12-02."
            )
        span = parsed
    status = params.get("status", "")
    if status not in ("", "free", "busy"):
        return outcome(400, "invalid", "status must be free or busy.")
    chosen = rules(request)
    dates = await schedule.session_dates(
        await _schedules(**filters),
        city_now(),
        window_days=chosen.window_days,
        cutoff_minutes=chosen.cutoff_minutes,
    )
    resources = [slot_resource(d) for d in dates if span[0] <= d.day <= span[1]]
    if status:
        resources = [r for r in resources if r["status"] == status]
    return FhirResponse(bundle(request, resources[:SEARCH_LIMIT]))


async def _own_bookings(request: Request, **filters: Any) -> list[Booking] | None:
    user = await current_user(request)
    if user is None:
        return None
    return (
        await Booking.filter(booked_by_id=user.id, **filters)
        .select_related("session__doctor", "polyclinic")
        .order_by("-day", "-id")
        .limit(SEARCH_LIMIT)
    )


async def appointments(request: Request) -> Response:
    found = await _own_bookings(request)
    if found is None:
        return outcome(401, "login", "Sign in to see your appointments.")
    minutes = minutes_per_patient(request)
    return FhirResponse(bundle(request, [appointment_resource(b, minutes) for b in found]))


async def appointment_read(request: Request) -> Response:
    booking_id = _int_id(request.path_params["id"])
    found = await _own_bookings(request, id=booking_id or 0)
    if found is None:
        return outcome(401, "login", "Sign in to see your appointments.")
    if booking_id is None or not found:
        # Someone else's booking is "not found" too: its existence is not for strangers.
        return outcome(404, "not-found", "No Appointment of yours has this id.")
    return FhirResponse(appointment_resource(found[0], minutes_per_patient(request)))


async def unknown(request: Request) -> Response:
    return outcome(404, "not-supported", "This server offers Schedule, Slot and Appointment.")


# Who may read what (``declare_access``, see the plugin guide): schedules and slots are public;
# appointments are the signed-in patient's own, anyone else's is "not found".
PUBLIC = Access.EVERYONE
OWN = Access.SIGNED_IN.but(anonymous=401)

routes = [
    declare_access(Route("/fhir/metadata", metadata, name="fhir_metadata"), GET=PUBLIC),
    declare_access(Route("/fhir/Schedule", schedules, name="fhir_schedules"), GET=PUBLIC),
    declare_access(
        Route("/fhir/Schedule/{id}", schedule_read, name="fhir_schedule"),
        GET=PUBLIC.but(sample=samples.schedule),
    ),
    declare_access(
        Route("/fhir/Slot", slots, name="fhir_slots"),
        GET=PUBLIC.but(params=("schedule", "start", "status", "_count")),
    ),
    declare_access(Route("/fhir/Appointment", appointments, name="fhir_appointments"), GET=OWN),
    declare_access(
        Route("/fhir/Appointment/{id}", appointment_read, name="fhir_appointment"),
        GET=OWN.but(neighbour=404, officer=404, admin=404, sample=samples.booking),
    ),
    declare_access(
        Route("/fhir/{rest:path}", unknown, name="fhir_unknown"),
        GET=Access(anonymous=404, citizen=404, officer=404, admin=404, sample=samples.unknown),
    ),
]
