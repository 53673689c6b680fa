"""Pages for everyone: polyclinics, doctors and their sessions, the queue boards and the beds."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import city_now, city_today

from simpati_rs import schedule
from simpati_rs.forms import parse_day, parse_int
from simpati_rs.models import BedWard, Doctor, Polyclinic, PracticeSession
from simpati_rs.views.common import hospitals, page, path_id, polyclinic_or_404, rules
from simpati_rs.workflow import BedClass

BOARD_POLL_SECONDS = 2


async def _hospital_or_404(request: Request):  # noqa: ANN202 - an Organisation
    """The hospital chosen by ``?rs=<id>``, or the first one."""
    found = await hospitals()
    if not found:
        raise HTTPException(404)
    wanted = request.query_params.get("rs", "")
    if not wanted:
        return found[0], found
    chosen = next((h for h in found if str(h.id) == wanted), None)
    if chosen is None:
        raise HTTPException(404)
    return chosen, found


async def index(request: Request) -> Response:
    """The hospital's polyclinics, with links to each one's doctors and its queue board."""
    hospital, all_hospitals = await _hospital_or_404(request)
    polyclinics = await Polyclinic.filter(hospital_id=hospital.id, is_active=True)
    context = {"hospital": hospital, "hospitals": all_hospitals, "polyclinics": polyclinics}
    return await page(request, "simpati_rs/index.html", context)


async def _sessions_context(request: Request, sessions: list[PracticeSession]) -> list:
    chosen = rules(request)
    return await schedule.session_dates(
        sessions,
        city_now(),
        window_days=chosen.window_days,
        cutoff_minutes=chosen.cutoff_minutes,
    )


async def polyclinic(request: Request) -> Response:
    """A polyclinic's doctors and their sessions for the booking window, with places left:
    the booking's steps (doctor, then date, then session), narrowed by ``?dokter=&tanggal=``
    (with htmx only the list of sessions is replaced)."""
    found = await polyclinic_or_404(request)
    sessions = await PracticeSession.open().filter(polyclinic_id=found.id).select_related("doctor")
    doctor_id = parse_int(request.query_params.get("dokter"), 1)
    day = parse_day(request.query_params.get("tanggal", ""))
    dates = await _sessions_context(request, sessions)
    context = {
        "polyclinic": found,
        "doctors": await Doctor.filter(polyclinic_id=found.id, is_active=True),
        "days": sorted({d.day for d in dates}),
        "chosen": {"doctor": doctor_id, "day": day},
        "dates": [
            d for d in dates if doctor_id in (None, d.session.doctor_id) and day in (None, d.day)
        ],
    }
    return await page(request, "simpati_rs/polyclinic.html", context)


async def doctor(request: Request) -> Response:
    found = await Doctor.get_or_none(
        id=path_id(request), is_active=True, polyclinic__is_active=True
    ).select_related("polyclinic")
    if found is None:
        raise HTTPException(404)
    sessions = await PracticeSession.open().filter(doctor_id=found.id).select_related("doctor")
    context = {
        "doctor": found,
        "polyclinic": found.polyclinic,
        "weekly": sessions,
        "dates": await _sessions_context(request, sessions),
    }
    return await page(request, "simpati_rs/doctor.html", context)


async def _board_context(request: Request) -> dict:
    found = await polyclinic_or_404(request)
    return {
        "polyclinic": found,
        "lanes": await schedule.board(found, city_today()),
        "updated": city_now(),
        "poll_seconds": BOARD_POLL_SECONDS,
    }


async def board(request: Request) -> Response:
    """The waiting-room screen: the number called now and the next ones, per doctor.

    Without JavaScript the page refreshes itself; with htmx only the board fragment is fetched.
    """
    context = await _board_context(request)
    return await page(request, "simpati_rs/board.html", context)


async def board_live(request: Request) -> Response:
    """The board alone, for the screen's polling: every worker reads the same rows, so a call on
    any worker shows on every screen at the next poll."""
    context = await _board_context(request)
    return await page(
        request,
        "simpati_rs/_board.html",
        context,
        headers={"Cache-Control": "no-store"},
    )


async def beds(request: Request) -> Response:
    """Bed availability per class (SIRANAP's board): capacity, occupied, free, waiting."""
    hospital, all_hospitals = await _hospital_or_404(request)
    wards = {w.bed_class: w for w in await BedWard.filter(hospital_id=hospital.id)}
    context = {
        "hospital": hospital,
        "hospitals": all_hospitals,
        "wards": [wards[c] for c in BedClass if c in wards],
    }
    return await page(request, "simpati_rs/beds.html", context)
