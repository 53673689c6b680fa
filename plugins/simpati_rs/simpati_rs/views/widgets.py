"""Home-page cards: a citizen's next booking with its live position; staff's counts today."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import city_today, current_user
from tortoise.functions import Count

from simpati_rs import access, schedule
from simpati_rs.models import Booking
from simpati_rs.views.common import minutes_per_patient, page
from simpati_rs.workflow import TO_SEE, Status


async def next_booking(request: Request) -> Response:
    user = await current_user(request)
    upcoming = None
    position = None
    if user is not None:
        upcoming = (
            await Booking.filter(
                booked_by_id=user.id, day__gte=city_today(), status__in=sorted(TO_SEE)
            )
            .select_related("session__doctor", "polyclinic")
            .order_by("day", "session__starts_minute")
            .first()
        )
    if upcoming is not None and upcoming.day == city_today():
        position = await schedule.position(upcoming, minutes_per_patient(request))
    context = {"booking": upcoming, "position": position}
    return await page(request, "simpati_rs/widgets/next.html", context)


async def today(request: Request) -> Response:
    """Today's bookings per state at the hospitals the staff member works for."""
    user = await current_user(request)
    hospitals = await access.staff_hospitals(user)
    if hospitals is not None and not hospitals:
        raise HTTPException(403)
    bookings = Booking.filter(day=city_today())
    if hospitals is not None:
        bookings = bookings.filter(polyclinic__hospital_id__in=[h.id for h in hospitals])
    rows = await bookings.annotate(n=Count("id")).group_by("status").values("status", "n")
    counts = {Status(r["status"]): r["n"] for r in rows}
    return await page(request, "simpati_rs/widgets/today.html", {"counts": counts})
