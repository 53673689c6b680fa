"""Who may see and do what with a report: the one place the plugin decides it."""

from __future__ import annotations

import enum

from tangerang_live import Department, User, has_permission, permitted_departments
from tortoise.queryset import QuerySet

from laksa.models import Report

VERIFY = "laksa.verify"
HANDLE = "laksa.handle"
MODERATE = "laksa.moderate"
MANAGE = "laksa.manage"


async def is_live_room(user: User | None) -> bool:
    return await has_permission(user, VERIFY)


async def handles(user: User | None, report: Report) -> bool:
    """Whether ``user`` works the report's current department's queue."""
    department = await Department.get(id=report.department_id)
    return await has_permission(user, HANDLE, department)


async def is_officer_for(user: User | None, report: Report) -> bool:
    """Officers who verify, handle this department's work or moderate see everything of it."""
    return (
        await is_live_room(user)
        or await handles(user, report)
        or await has_permission(user, MODERATE)
    )


def is_reporter(user: User | None, report: Report) -> bool:
    return user is not None and report.reporter_id == user.id


class Sight(enum.IntEnum):
    """How much of one report one viewer may see; every page, fragment, error page and photo link
    of a report is cut to it (``views.common.report_page_context``)."""

    STATUS = 0
    """A stranger to a confidential report, or to one the Live Room has not verified yet: its
    number and status, nothing else."""
    PUBLIC = 1
    """What everybody may read: no hidden text or photos, no internal notes, never the reporter's
    full name (their first name or "Warga <kecamatan>", as they chose, or nothing)."""
    REPORTER = 2
    """Its reporter: the public view plus their own name and the report's privacy."""
    OFFICER = 3
    """Officers who work on it: everything, hidden and internal items included."""


async def sight(user: User | None, report: Report) -> Sight:
    """The one decision of what ``user`` may see of ``report``."""
    if await is_officer_for(user, report):
        return Sight.OFFICER
    if is_reporter(user, report):
        return Sight.REPORTER
    if not report.public:
        return Sight.STATUS
    return Sight.PUBLIC


def photos_bound_to_viewer(report: Report) -> bool:
    """Whether a photo link of ``report`` works only for the signed-in viewer it was made for:
    the photos of a report strangers may not read must not open for whoever the link is passed
    to."""
    return not report.public


async def officer_department_ids(user: User | None) -> list[int] | None:
    """Departments whose queue ``user`` works; ``None`` means every department."""
    departments = await permitted_departments(user, HANDLE)
    return None if departments is None else [d.id for d in departments]


async def is_officer(user: User | None) -> bool:
    return (
        await has_permission(user, VERIFY)
        or await has_permission(user, HANDLE)
        or await has_permission(user, MODERATE)
    )


async def moderates(user: User | None) -> bool:
    return await has_permission(user, MODERATE)


async def workable_reports(user: User | None) -> QuerySet[Report] | None:
    """The reports ``user`` works on: all for the Live Room and moderators, else their
    departments'; ``None`` for users who work on none."""
    if await is_live_room(user) or await moderates(user):
        return Report.all()
    department_ids = await officer_department_ids(user)
    if department_ids is None:
        return Report.all()
    return Report.filter(department_id__in=department_ids) if department_ids else None
