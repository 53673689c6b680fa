"""What the views of every audience share: settings as rules, looking rows up, refusals."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import Organisation, plugin_context, render

from simpati_rs.labels import (
    bed_class_label,
    payer_label,
    queue_actions,
    refusal_message,
    status_label,
    weekday_label,
)
from simpati_rs.models import HOSPITAL_KIND, Booking, Polyclinic
from simpati_rs.services import BookingRefused, Rules
from simpati_rs.workflow import Refusal, Status

PLUGIN = "simpati_rs"
CODE_LENGTH = 9
CODE_PATTERN = re.compile(rf"[A-Z0-9-]{{1,{CODE_LENGTH}}}")


def rules(request: Request) -> Rules:
    return Rules.of(plugin_context(request).settings)


def booking_link(request: Request) -> Callable[[str], str]:
    """A booking's page from its code, for what its booker is told."""
    plugin = plugin_context(request)
    return lambda code: plugin.url("booking", code=code)


def minutes_per_patient(request: Request) -> int:
    return int(plugin_context(request).settings["minutes_per_patient"])


async def hospitals() -> list[Organisation]:
    """Every active hospital, RSUD Kota Tangerang (the first created) first."""
    found = await Organisation.filter(plugin=PLUGIN, kind=HOSPITAL_KIND, is_active=True).order_by(
        "id"
    )
    return list(found)


MAX_ID = 2**31 - 1


def path_id(request: Request, name: str = "id") -> int:
    """An id from the path, 404 when it is beyond any row's (a database would refuse it)."""
    value = request.path_params[name]
    if not 0 < value <= MAX_ID:
        raise HTTPException(404)
    return value


async def polyclinic_or_404(request: Request) -> Polyclinic:
    polyclinic = await Polyclinic.get_or_none(id=path_id(request), is_active=True).select_related(
        "hospital"
    )
    if polyclinic is None:
        raise HTTPException(404)
    return polyclinic


async def booking_or_404(code: str) -> Booking:
    """The booking with ``code`` (typed in any case), or 404; whether the viewer may see it is
    :mod:`simpati_rs.access`'s to say."""
    code = code.strip().upper()
    booking = None
    # Letters, digits and dashes only: a null byte would make PostgreSQL refuse the query.
    if CODE_PATTERN.fullmatch(code):
        booking = await Booking.get_or_none(code=code).select_related(
            "session__doctor", "polyclinic"
        )
    if booking is None:
        raise HTTPException(404)
    return booking


def refusal_errors(exc: BookingRefused, request: Request) -> dict[str, str]:
    window = rules(request).window_days
    return {field: refusal_message(r, window) for field, r in exc.refusals.items()}


def refusal_text(refusal: Refusal, request: Request) -> str:
    return refusal_message(refusal, rules(request).window_days)


async def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render with the labels every Simpati RS template reads (states, payers, bed classes)."""
    window = rules(request).window_days
    helpers = {
        "status": status_label,
        "statuses": list(Status),
        "payer": payer_label,
        "bed_class": bed_class_label,
        "weekday": weekday_label,
        "queue_actions": queue_actions,
        "refusal": lambda refusal: refusal_message(refusal, window),
    }
    return await render(
        request, template, {**helpers, **context}, status_code=status_code, headers=headers
    )
