"""What the person who made a booking is told, under the bell and by email, in their own language.

Services call :func:`tell` inside the transaction of the change it reports, so a change that rolls
back tells nobody, and a change that commits always does.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from tangerang_live import User, format_date, notify
from tangerang_live import gettext as _

from simpati_rs.models import Booking, Doctor, Polyclinic, PracticeSession
from simpati_rs.workflow import estimated_time

PLUGIN = "simpati_rs"

Link = Callable[[str], str]
"""A booking's page in the portal from its code (``plugin.url("booking", code=...)``)."""


class News(StrEnum):
    BOOKED = "booked"
    MOVED = "moved"
    """A new booking replacing one the patient moved; the old code stops working."""
    CANCELLED = "cancelled"
    CLOSED = "closed"
    """The session was closed for that day (the doctor's leave, a holiday): booking cancelled."""
    REMINDER = "reminder"
    """The day before: when to come tomorrow."""


async def tell(
    booking: Booking,
    news: News,
    link: Link,
    *,
    minutes_per_patient: int,
    reason: str = "",
) -> None:
    """Tell the booker about ``booking``: its code, number and when to come once it is booked
    (or moved), or that it is cancelled and why."""
    user = await User.get(id=booking.booked_by_id)
    session = await PracticeSession.get(id=booking.session_id)
    doctor = await Doctor.get(id=session.doctor_id)
    polyclinic = await Polyclinic.get(id=booking.polyclinic_id)
    come = estimated_time(session.start_on(booking.day), booking.number, minutes_per_patient)

    def title(locale: str) -> str:
        values = {"n": booking.number, "poli": polyclinic.name(locale), "code": booking.code}
        return {
            News.BOOKED: _("Queue number %(n)s at %(poli)s", **values),
            News.MOVED: _("Booking moved: queue number %(n)s at %(poli)s", **values),
            News.CANCELLED: _("Booking %(code)s cancelled", **values),
            News.CLOSED: _("Session cancelled: booking %(code)s", **values),
            News.REMINDER: _("Tomorrow: queue number %(n)s at %(poli)s", **values),
        }[news]

    def body(locale: str) -> str:
        values = {
            "code": booking.code,
            "n": booking.number,
            "patient": booking.patient_name,
            "poli": polyclinic.name(locale),
            "doctor": doctor.name,
            "day": format_date(booking.day, "full"),
            "time": come.strftime("%H:%M"),
            "reason": reason or _("leave"),
        }
        if news in (News.BOOKED, News.MOVED):
            return _(
                "Booking code %(code)s, queue number %(n)s for %(patient)s: %(poli)s, %(doctor)s, "
                "%(day)s. Please come at about %(time)s WIB and show the code or the QR code at "
                "the registration desk.",
                **values,
            )
        if news == News.REMINDER:
            return _(
                "A reminder: %(patient)s is expected at %(poli)s tomorrow, %(day)s, at about "
                "%(time)s WIB (%(doctor)s, queue number %(n)s). Show the booking code %(code)s "
                "at the registration desk; if the patient cannot come, please cancel so someone "
                "else can have the place.",
                **values,
            )
        if news == News.CANCELLED:
            return _(
                "The booking %(code)s for %(patient)s at %(poli)s on %(day)s is cancelled.",
                **values,
            )
        return _(
            "%(doctor)s does not practise at %(poli)s on %(day)s (%(reason)s), so the booking "
            "%(code)s for %(patient)s is cancelled. Please choose another session.",
            **values,
        )

    await notify(user, plugin=PLUGIN, title=title, body=body, url=link(booking.code))
