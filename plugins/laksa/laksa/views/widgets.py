"""Home-page cards, loaded by htmx after the home page shows: each queries only what it shows."""

from __future__ import annotations

import functools

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    LocalizedText,
    PluginContext,
    Widget,
    current_locale,
    current_user,
    render,
)
from tangerang_live import gettext as _

from laksa import access, services
from laksa.models import Report
from laksa.views.common import badge
from laksa.workflow import OPEN

SHOWN = 5
FIRST = 1
"""The report action leads the home page's cards: filing is what most visitors come for."""


def report_action(plugin: PluginContext) -> Widget:
    """The home page's "Report a problem" button: a card without a query, drawn with the page
    (no fragment to wait for), one tap from the report form."""
    return _report_action(plugin.url("new"), current_locale.get())


@functools.cache
def _report_action(url: str, locale: str) -> Widget:
    """The card reads the same for everyone in a language: built once, not on every home page."""
    html = Markup('<p>{hint}</p><a href="{url}" role="button" class="laksa-action">{label}</a>')
    return Widget(
        LocalizedText("Ada masalah di sekitar Anda?", "A problem near you?"),
        html=html.format(
            hint=_("A photo, what it is about and what is wrong: the place comes from your phone."),
            url=url,
            label=_("Report a problem"),
        ),
        order=FIRST,
    )


async def mine(request: Request) -> Response:
    """A citizen's latest reports with their status colours."""
    user = await current_user(request)
    reports = []
    if user is not None:
        reports = (
            await Report.filter(reporter_id=user.id)
            .select_related("category")
            .order_by("-id")
            .limit(SHOWN)
        )
    context = {"reports": reports, "badges": {r.id: badge(r.status) for r in reports}}
    return await render(request, "laksa/widgets/mine.html", context)


async def queue(request: Request) -> Response:
    """An officer's open reports and how many are overdue."""
    user = await current_user(request)
    reports = await access.workable_reports(user)
    if reports is None:
        raise HTTPException(403)
    waiting = reports.filter(status__in=list(OPEN))
    today = services.city_date(services.now())
    context = {
        "open_count": await waiting.count(),
        "overdue_count": await waiting.filter(due_on__lt=today).count(),
    }
    return await render(request, "laksa/widgets/queue.html", context)


async def latest(request: Request) -> Response:
    """The newest public reports, for visitors who are not signed in."""
    reports = (
        await Report.filter(listed=True).select_related("category").order_by("-id").limit(SHOWN)
    )
    context = {"reports": reports, "badges": {r.id: badge(r.status) for r in reports}}
    return await render(request, "laksa/widgets/latest.html", context)
