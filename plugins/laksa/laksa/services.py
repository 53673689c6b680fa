"""What can happen to a report, each in one transaction: filing, transitions, notes, support,
ratings, moderation and the daily closing of resolved reports.

Views check who may act (permissions, ownership); these functions check that the report's state
allows it, under a row lock, so two officers clicking at once cannot both move the same report.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import UploadFile
from tangerang_live import (
    DEFAULT_LOCALE,
    LOCALES,
    Department,
    PreparedImage,
    User,
    current_locale,
    load_holidays,
    next_number,
    notify,
    prepare_image,
    record_audit,
    save_image,
)
from tangerang_live import gettext as _
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from laksa import tracking
from laksa.labels import status_label
from laksa.models import (
    ApiKey,
    Category,
    EventKind,
    NameShown,
    Photo,
    PhotoKind,
    Privacy,
    Report,
    Source,
    Support,
    TimelineEvent,
)
from laksa.workflow import (
    OPEN,
    Action,
    IllegalTransition,
    Status,
    due_date,
    may_reopen,
    next_status,
    should_close,
)

REPORTS_PER_HOUR = "reports_per_hour"
OPEN311_PER_KEY_PER_HOUR = "open311_per_key_per_hour"
"""Keys of LAKSA's settings (the abuse limits; see ``plugin.settings``)."""
NEARBY_METRES = 250
MAX_PHOTOS = 3
LIVE_ROOM = "Tangerang Live Room"
EARTH_RADIUS_METRES = 6_371_000

PhotoInput = UploadFile | bytes


class RuleError(ValueError):
    """The report's state or its owner forbids the request; ``message`` is for the user."""

    def __init__(self, message: str, code: str = "not_allowed") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class NewReport:
    """A validated report, ready to be stored."""

    category: Category
    title: str
    description: str
    kecamatan: str
    privacy: Privacy
    name_shown: NameShown = NameShown.KECAMATAN
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""


CITY_ZONE = ZoneInfo("Asia/Jakarta")


def now() -> datetime:
    return datetime.now(UTC)


def city_date(moment: datetime) -> date:
    """The date in Kota Tangerang: deadlines and tracking-number years follow the city's clock."""
    return moment.astimezone(CITY_ZONE).date()


async def holidays_near(day: date) -> frozenset[date]:
    """Holidays around ``day``: enough for any deadline the workflow computes from it."""
    return await load_holidays(day - timedelta(days=31), day + timedelta(days=120))


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): exact enough for "within 250 m"."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


async def nearby_open_reports(
    category_id: int, latitude: float, longitude: float, radius: float = NEARBY_METRES
) -> list[Report]:
    """Open, publicly listed reports of the category within ``radius`` metres, nearest first.

    A bounding box narrows the query to the neighbourhood; the exact distance filters the rest.
    Confidential reports are never offered: suggesting one would reveal it.
    """
    dlat = math.degrees(radius / EARTH_RADIUS_METRES)
    dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
    candidates = await Report.filter(
        category_id=category_id,
        listed=True,
        status__in=list(OPEN),
        latitude__gte=latitude - dlat,
        latitude__lte=latitude + dlat,
        longitude__gte=longitude - dlon,
        longitude__lte=longitude + dlon,
    ).limit(50)
    within = [
        (distance_metres(latitude, longitude, r.latitude, r.longitude), r)
        for r in candidates
        if r.latitude is not None and r.longitude is not None
    ]
    return [r for d, r in sorted(within, key=lambda pair: pair[0]) if d <= radius]


async def _prepare_photos(photos: Sequence[PhotoInput]) -> list[PreparedImage]:
    """Check and re-encode photos before the transaction opens: decoding is slow CPU work that
    must not hold the database meanwhile. Raises ``UploadError``."""
    return [await prepare_image(photo) for photo in photos]


async def _store_photos(
    report: Report,
    photos: Sequence[PreparedImage],
    kind: PhotoKind,
    event: TimelineEvent | None = None,
) -> None:
    """Attach prepared photos, inside the caller's transaction."""
    for photo in photos:
        stored = await save_image(photo, owner="laksa")
        await Photo.create(report=report, event=event, file=stored, kind=kind)


async def sent_within_the_hour(
    *, reporter: User | None = None, api_key: ApiKey | None = None
) -> int:
    """Reports a citizen (or an Open311 key) sent in the last hour: the database counts them,
    so the limit holds across every worker and host without a shared cache."""
    since = now() - timedelta(hours=1)
    if reporter is not None:
        return await Report.filter(reporter_id=reporter.id, created_at__gte=since).count()
    assert api_key is not None
    return await Report.filter(api_key_id=api_key.id, created_at__gte=since).count()


async def submit_report(
    new: NewReport,
    *,
    reporter: User | None,
    photos: Sequence[PhotoInput] = (),
    source: Source = Source.WEB,
    contact: dict[str, Any] | None = None,
    api_key: ApiKey | None = None,
    at: datetime | None = None,
) -> Report:
    """Store a report with its photos and first timeline entry; return it once committed.

    Raises ``UploadError`` for a bad photo, in which case nothing is stored.
    """
    if len(photos) > MAX_PHOTOS:
        raise RuleError(_("At most %(n)s photos.", n=MAX_PHOTOS), "too_many_photos")
    at = at or now()
    holidays = await holidays_near(city_date(at))
    department = await new.category.department
    prepared = await _prepare_photos(photos)
    async with in_transaction() as connection:
        year = city_date(at).year
        sequence = await next_number(tracking.SEQUENCE, str(year), connection=connection)
        number = tracking.format_number(year, sequence)
        report = await Report.create(
            tracking_number=number,
            category=new.category,
            department=department,
            reporter=reporter,
            contact=contact or {},
            privacy=new.privacy,
            name_shown=new.name_shown,
            listed=False,  # public only once the Live Room verifies it
            title=new.title,
            description=new.description,
            latitude=new.latitude,
            longitude=new.longitude,
            address=new.address,
            kecamatan=new.kecamatan,
            status=Status.RECEIVED,
            due_on=due_date(Status.RECEIVED, at, None, holidays),
            source=source,
            api_key=api_key,
            created_at=at,
        )
        event = await TimelineEvent.create(
            report=report,
            kind=EventKind.TRANSITION,
            to_status=Status.RECEIVED,
            actor=reporter,
            at=at,
        )
        await _store_photos(report, prepared, PhotoKind.REPORT, event)
    return report


async def _locked(report_id: int) -> Report:
    return await Report.filter(id=report_id).select_for_update().get()


async def _tell_reporter(report: Report, title: Callable[[], str], body: str, url: str) -> None:
    """Notify the reporter (under the bell, and by email), titled in the reporter's language;
    ``url`` is the report's page."""
    if report.reporter_id is None:
        return
    reporter = await User.get(id=report.reporter_id)
    token = current_locale.set(reporter.locale if reporter.locale in LOCALES else DEFAULT_LOCALE)
    try:
        text = title()
    finally:
        current_locale.reset(token)
    await notify(
        reporter,
        plugin="laksa",
        title=text,
        body=body or text,
        url=url,
        channels=("email",),
    )


async def transition(
    report: Report,
    action: Action,
    *,
    actor: User | None,
    actor_label: str = "",
    note: str = "",
    department: Department | None = None,
    photos: Sequence[PhotoInput] = (),
    at: datetime | None = None,
    url: str,
) -> Report:
    """Move ``report`` through ``action``, with a timeline entry and a note to the reporter
    linking to ``url``, the report's page.

    Raises ``IllegalTransition`` when the state (read under a row lock) forbids it, and
    ``UploadError`` for a bad photo; either way nothing changes.
    """
    at = at or now()
    holidays = await holidays_near(city_date(at))
    prepared = await _prepare_photos(photos)
    async with in_transaction():
        current = await _locked(report.id)
        target = next_status(current.status, action)
        if action in (Action.DISPATCH, Action.REROUTE):
            if department is None:
                raise RuleError(_("Choose the department."), "department")
            if action == Action.REROUTE and department.id == current.department_id:
                raise RuleError(_("The report is already with that department."), "department")
            current.department_id = department.id
            current.assignee_id = None
        if action == Action.VERIFY:
            current.verified_at = at
            current.listed = current.public
        if action == Action.START:
            current.assignee_id = actor.id if actor else None
        if action == Action.RESOLVE:
            current.resolved_at = at
        event = await TimelineEvent.create(
            report=current,
            kind=EventKind.TRANSITION,
            action=action,
            from_status=current.status,
            to_status=target,
            actor=actor,
            actor_label=actor_label,
            note=note,
            at=at,
        )
        current.due_on = due_date(target, at, current.due_on, holidays)
        current.status = target
        await current.save()
        await _store_photos(current, prepared, PhotoKind.UPDATE, event)
        await _tell_reporter(
            current,
            lambda: _(
                "Report %(number)s: %(status)s",
                number=current.tracking_number,
                status=status_label(target),
            ),
            note,
            url,
        )
    return current


async def add_note(
    report: Report,
    *,
    actor: User,
    actor_label: str,
    note: str,
    internal: bool,
    photos: Sequence[PhotoInput] = (),
    url: str,
) -> TimelineEvent:
    prepared = await _prepare_photos(photos)
    async with in_transaction():
        event = await TimelineEvent.create(
            report=report,
            kind=EventKind.NOTE,
            actor=actor,
            actor_label=actor_label,
            note=note,
            internal=internal,
        )
        await _store_photos(report, prepared, PhotoKind.UPDATE, event)
        if not internal:
            await _tell_reporter(
                report,
                lambda: _("New note on report %(number)s", number=report.tracking_number),
                note,
                url,
            )
    return event


async def reopen(report: Report, *, reporter: User, note: str, url: str) -> Report:
    """The reporter is not satisfied: back to the department, within the reopening window."""
    if report.reporter_id != reporter.id:
        raise RuleError(_("Only the reporter may reopen this report."))
    if report.status == Status.RESOLVED and not may_reopen(
        report.status, report.due_on, city_date(now())
    ):
        raise RuleError(_("The time to reopen this report has passed."), "too_late")
    return await transition(
        report, Action.REOPEN, actor=reporter, actor_label=_("Reporter"), note=note, url=url
    )


async def support(report: Report, user: User) -> bool:
    """Add ``user``'s "me too"; ``False`` when they had already supported it (or filed it)."""
    if report.reporter_id == user.id or report.status not in OPEN or not report.listed:
        return False
    async with in_transaction():
        _support, created = await Support.get_or_create(report_id=report.id, user_id=user.id)
        if created:
            await Report.filter(id=report.id).update(supporters=F("supporters") + 1)
    return created


async def rate(report: Report, *, reporter: User, rating: int, comment: str) -> Report:
    """The reporter rates the resolution once, 1 to 5, with an optional comment."""
    if report.reporter_id != reporter.id:
        raise RuleError(_("Only the reporter may rate this report."))
    if report.status not in (Status.RESOLVED, Status.CLOSED):
        raise RuleError(_("A report can be rated once it is resolved."), "not_resolved")
    if report.rating is not None:
        raise RuleError(_("You have already rated this report."), "already_rated")
    async with in_transaction():
        current = await _locked(report.id)
        if current.rating is not None:
            raise RuleError(_("You have already rated this report."), "already_rated")
        current.rating = rating
        current.rating_comment = comment
        await current.save(update_fields=["rating", "rating_comment", "updated_at"])
        await TimelineEvent.create(
            report=current,
            kind=EventKind.RATING,
            actor=reporter,
            actor_label=_("Reporter"),
            note=comment,
        )
    return current


async def hide_text(report: Report, *, moderator: User, reason: str) -> None:
    async with in_transaction():
        await Report.filter(id=report.id).update(text_hidden_reason=reason)
        await record_audit(
            "laksa.hide_text",
            target=report.tracking_number,
            actor=moderator,
            detail={"reason": reason, "title": report.title},
        )


async def hide_photo(photo: Photo, report: Report, *, moderator: User, reason: str) -> None:
    async with in_transaction():
        await Photo.filter(id=photo.id).update(hidden_reason=reason)
        await record_audit(
            "laksa.hide_photo",
            target=report.tracking_number,
            actor=moderator,
            detail={"reason": reason, "photo": photo.id},
        )


async def hide_note(event: TimelineEvent, report: Report, *, moderator: User, reason: str) -> None:
    """Hide a timeline note (a reopening reason, a rating comment) from the public."""
    async with in_transaction():
        await TimelineEvent.filter(id=event.id).update(hidden_reason=reason)
        await record_audit(
            "laksa.hide_note",
            target=report.tracking_number,
            actor=moderator,
            detail={"reason": reason, "event": event.id, "note": event.note},
        )


async def close_expired(report_url: Callable[[str], str], at: datetime | None = None) -> int:
    """Close every resolved report whose reopening window has passed; return how many.

    ``report_url`` gives a report's page from its tracking number, for the reporter's note.
    """
    at = at or now()
    today = city_date(at)
    candidates = await Report.filter(status=Status.RESOLVED, due_on__lt=today).only("id")
    closed = 0
    for candidate in candidates:
        report = await Report.get(id=candidate.id)
        if not should_close(report.status, report.due_on, today):
            continue
        try:
            await transition(
                report,
                Action.CLOSE,
                actor=None,
                actor_label=_("System"),
                at=at,
                url=report_url(report.tracking_number),
            )
        except IllegalTransition:
            continue  # reopened by its reporter a moment ago
        closed += 1
    return closed
