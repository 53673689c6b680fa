"""What several LAKSA pages share: finding a report, and showing it to one particular viewer."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import Role, User, config_cached, current_locale, current_user, file_url, render
from tangerang_live import gettext as _

from laksa import access, tracking
from laksa.labels import colour_label, status_label
from laksa.models import (
    KECAMATAN,
    Category,
    EventKind,
    NameShown,
    Photo,
    PhotoKind,
    Privacy,
    Report,
    Support,
    TimelineEvent,
)
from laksa.services import city_date, now
from laksa.workflow import COLOUR, OPEN, Action, Status, is_overdue, may_reopen

MAX_NOTE = 2000


async def report_or_404(typed: str) -> Report:
    """The report a path's tracking number names; 404 for anything that is not one."""
    number = tracking.normalise(typed)
    report = None
    if number is not None:
        report = await Report.get_or_none(tracking_number=number).select_related(
            "category", "department"
        )
    if report is None:
        raise HTTPException(404)
    return report


def form_text(form: FormData, name: str, limit: int = MAX_NOTE) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def form_files(form: FormData, name: str = "photos") -> list[UploadFile]:
    """The files actually chosen in a file field (browsers send an empty part for none)."""
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and (f.filename or f.size)]


def form_strings(form: FormData) -> dict[str, str]:
    """A form's text fields, to fill the form in again after an error."""
    return {k: v for k, v in form.items() if isinstance(v, str)}


@dataclass(frozen=True)
class PhotoView:
    url: str
    thumbnail_url: str
    hidden_reason: str
    id: int


@dataclass(frozen=True)
class EventView:
    event: TimelineEvent
    who: str
    photos: list[PhotoView]


def badge(status: str) -> Markup:
    """A status as a coloured badge, ready to show (``{{ badge }}``): the state's name, with the
    colour's meaning ("menunggu", "proses", "selesai") as its title."""
    return _badge(status, current_locale.get())


@functools.cache
def _badge(status: str, locale: str) -> Markup:
    # Lists show dozens of badges, alike per state and language: each is built once.
    return Markup(
        '<span class="laksa-badge laksa-{0}" title="{1}">'
        '<span class="laksa-dot" aria-hidden="true"></span>{2}</span>'
    ).format(COLOUR[Status(status)], colour_label(status), status_label(status))


class Option(NamedTuple):
    value: str
    label: str
    selected: bool


CITIZEN_COLOURS = ("red", "yellow", "green")
"""The colours citizens filter by: waiting, in process, done (rejected ones only under "all")."""


def filter_options(chosen: dict[str, str], categories: list[Category]) -> dict[str, list[Option]]:
    """The choices of the report filter form (``_filters.html``), the chosen ones selected."""
    locale = current_locale.get()
    return {
        "colour": [
            Option(c, colour_label(_status_of_colour(c)), chosen.get("colour") == c)
            for c in CITIZEN_COLOURS
        ],
        "category": [
            Option(str(c.id), c.name(locale), chosen.get("category") == str(c.id))
            for c in categories
        ],
        "status": [
            Option(value, label, chosen.get("status") == value)
            for value, label in _status_labels(locale)
        ],
        "kecamatan": [Option(k, k, chosen.get("kecamatan") == k) for k in KECAMATAN],
    }


def statuses_of_colour(colour: str) -> list[Status]:
    """The states a status colour stands for (red: received and verified, …)."""
    return [s for s in Status if COLOUR[s] == colour]


def _status_of_colour(colour: str) -> Status:
    return statuses_of_colour(colour)[0]


@functools.cache
def _status_labels(locale: str) -> list[tuple[str, str]]:
    return [(s.value, status_label(s)) for s in Status]


@dataclass(frozen=True)
class Categories:
    """LAKSA's categories in their display order, and by id."""

    all: list[Category]
    active: list[Category]
    by_id: dict[int, Category]


@config_cached
async def categories() -> Categories:
    """The categories, read once per configuration change (a manager's edit calls
    ``config_changed``) instead of on every page that names or filters by them."""
    rows = await Category.all()
    return Categories(rows, [c for c in rows if c.is_active], {c.id: c for c in rows})


def public_name(report: Report, full_name: str) -> str:
    """How the public reads the reporter of a public report: the first name or "Warga
    <kecamatan>", as the reporter chose; never the full name."""
    if report.name_shown == NameShown.FIRST_NAME and full_name.split():
        return full_name.split()[0]
    return _("Warga %(kecamatan)s", kecamatan=report.kecamatan)


def reporter_name(report: Report, reporter: User | None, private: bool) -> str:
    """What the viewer reads as the reporter: the full name only for the reporter and officers
    (``private``); the public reads ``public_name`` of a public report, else "Anonymous"."""
    if reporter is None:
        return _("Anonymous")
    if private:
        return reporter.full_name
    if report.privacy == Privacy.PUBLIC:
        return public_name(report, reporter.full_name)
    return _("Anonymous")


def _photo_view(photo: Photo, viewer: User | None) -> PhotoView:
    return PhotoView(
        url=file_url(photo.file, viewer=viewer),
        thumbnail_url=file_url(photo.file, thumbnail=True, viewer=viewer),
        hidden_reason=photo.hidden_reason,
        id=photo.id,
    )


def _event_who(event: TimelineEvent, officer: bool) -> str:
    """Who acted, as the viewer may read it: officers also see the officer's own name."""
    if event.action == Action.CLOSE:
        return _("System")
    by_reporter = event.kind == EventKind.RATING or (
        event.kind == EventKind.TRANSITION and event.action in ("", Action.REOPEN)
    )
    if by_reporter:
        return _("Reporter")
    if officer and event.actor is not None:
        return f"{event.actor_label} ({event.actor.full_name})"
    return event.actor_label


async def render_report(
    request: Request,
    report: Report,
    template: str = "laksa/report.html",
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """A report's page (or its htmx fragment), with the errors of a form sent from it: the only
    way a report is shown, so what it shows is always cut to the viewer's ``access.sight``.

    A stranger to a confidential report gets its status only, whatever the page asked for.
    """
    user = await current_user(request)
    status_code = 422 if errors else 200
    seen = await access.sight(user, report)
    if seen == access.Sight.STATUS:
        context: dict[str, Any] = {"number": report.tracking_number, "badge": badge(report.status)}
        return await render(request, "laksa/status_only.html", context, status_code=status_code)
    context = await _report_context(report, user, seen)
    context.update(extra or {})
    context.update(errors=errors or {}, values=values or {})
    return await render(request, template, context, status_code=status_code)


async def _report_context(report: Report, user: User | None, seen: access.Sight) -> dict[str, Any]:
    """Everything the report page shows, cut to ``seen``."""
    officer = seen == access.Sight.OFFICER
    private = seen >= access.Sight.REPORTER
    # An unfetched relation is awaitable, which tortoise's types do not say.
    reporter = await report.reporter if report.reporter_id else None  # type: ignore[misc]
    events = await TimelineEvent.filter(report_id=report.id).select_related("actor")
    photos = await Photo.filter(report_id=report.id).select_related("file")
    viewer = user if access.photos_bound_to_viewer(report) else None
    report_photos: list[PhotoView] = []
    by_event: dict[int | None, list[PhotoView]] = {}
    for photo in photos:
        if photo.hidden_reason and not officer:
            continue
        if photo.kind == PhotoKind.REPORT:
            report_photos.append(_photo_view(photo, viewer))
        else:
            by_event.setdefault(photo.event_id, []).append(_photo_view(photo, viewer))
    timeline = [
        EventView(e, _event_who(e, officer), by_event.get(e.id, []))
        for e in events
        if officer or not e.internal
    ]
    today = city_date(now())
    reporter_viewing = access.is_reporter(user, report)
    return {
        "can_support": user is not None
        and user.role == Role.CITIZEN
        and not reporter_viewing
        and report.listed
        and report.status in OPEN
        and not await Support.exists(report_id=report.id, user_id=user.id),
        "can_reopen": reporter_viewing and may_reopen(report.status, report.due_on, today),
        "can_rate": reporter_viewing
        and report.status in (Status.RESOLVED, Status.CLOSED)
        and report.rating is None,
        "event_labels": {s.value: status_label(s) for s in Status},
        "report": report,
        "badge": badge(report.status),
        "reporter_name": reporter_name(report, reporter, private),
        "public_reporter_name": reporter_name(report, reporter, private=False),
        "reporter": reporter if private else None,
        "private": private,
        "officer": officer,
        "text_visible": officer or not report.text_hidden,
        "timeline": timeline,
        "report_photos": report_photos,
        "overdue": is_overdue(report.status, report.due_on, today),
        "today": today,
    }


def overdue_flag(report: Report, today: date) -> bool:
    return is_overdue(report.status, report.due_on, today)
