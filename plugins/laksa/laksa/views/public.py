"""Pages for everyone: the list and map of public reports, a report's page, tracking by number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from tangerang_live import (
    current_locale,
    cursor_param,
    paginate_keyset,
    parse_id,
    plugin_context,
    render,
)
from tortoise.queryset import QuerySet

from laksa import tracking
from laksa.models import KECAMATAN, Category, Report
from laksa.views.common import (
    CITIZEN_COLOURS,
    badge,
    categories,
    filter_options,
    render_report,
    report_or_404,
    statuses_of_colour,
)
from laksa.workflow import COLOUR, Status

PER_PAGE = 20
MAP_POINTS = 1000
MAP_COLOUR = {"red": "red", "yellow": "yellow", "green": "green", "grey": "blue"}
"""The map component knows red, yellow, green and blue; rejected reports show blue."""
"""The map shows at most this many reports (the newest matching the filters)."""


async def _public_filters(request: Request) -> tuple[QuerySet[Report], dict[str, str]]:
    """Listed reports narrowed by the ``colour``, ``category``, ``status`` and ``kecamatan``
    parameters."""
    params = request.query_params
    chosen: dict[str, str] = {}
    reports = Report.filter(listed=True)
    if params.get("colour") in CITIZEN_COLOURS:
        chosen["colour"] = params["colour"]
        reports = reports.filter(status__in=statuses_of_colour(params["colour"]))
    if params.get("status") in set(Status):
        chosen["status"] = params["status"]
        reports = reports.filter(status=params["status"])
    category_id = parse_id(params.get("category"))
    if category_id is not None:
        chosen["category"] = params["category"]
        reports = reports.filter(category_id=category_id)
    if params.get("kecamatan") in KECAMATAN:
        chosen["kecamatan"] = params["kecamatan"]
        reports = reports.filter(kecamatan=params["kecamatan"])
    return reports, chosen


async def index(request: Request) -> Response:
    """Public reports, newest first, a keyset page at a time."""
    context = await _list_context(request)
    return await render(request, "laksa/index.html", context, fragment="laksa/_list.html")


@dataclass(frozen=True, slots=True)
class ListedReport:
    """A report as a public list row shows it: no reporter, no description."""

    id: int
    tracking_number: str
    title: str
    text_hidden: bool
    kecamatan: str
    status: str
    created_at: datetime
    category: Category


LISTED_FIELDS = (
    "id", "tracking_number", "title", "text_hidden_reason", "kecamatan", "status", "created_at",
    "category_id",
)  # fmt: skip


async def _list_context(request: Request) -> dict[str, Any]:
    """One keyset page of the filtered public reports, with what the filter form needs."""
    reports, chosen = await _public_filters(request)
    page = await paginate_keyset(
        reports,
        after=cursor_param(request, "after"),
        before=cursor_param(request, "before"),
        per_page=PER_PAGE,
        fields=LISTED_FIELDS,
    )
    known = await categories()
    if any(row["category_id"] not in known.by_id for row in page.items):
        categories.forget()  # made by another worker a moment ago, before our poll saw it
        known = await categories()
    page.items = [
        ListedReport(
            id=row["id"],
            tracking_number=row["tracking_number"],
            title=row["title"],
            text_hidden=bool(row["text_hidden_reason"]),
            kecamatan=row["kecamatan"],
            status=row["status"],
            created_at=row["created_at"],
            category=known.by_id[row["category_id"]],
        )
        for row in page.items
    ]
    return {
        "page": page,
        "chosen": chosen,
        "badges": {r.id: badge(r.status) for r in page.items},
        "options": filter_options(chosen, known.active),
    }


async def map_page(request: Request) -> Response:
    """The map, with the same reports listed beside it (a map alone is not accessible)."""
    query = str(request.url.query)
    context = {
        "points_url": plugin_context(request).url("geojson") + (f"?{query}" if query else ""),
        **await _list_context(request),
    }
    return await render(request, "laksa/map.html", context)


async def geojson(request: Request) -> Response:
    """Public reports with a pin, as GeoJSON for the map: no reporter, no hidden text."""
    reports, _chosen = await _public_filters(request)
    rows = (
        await reports.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("-id")
        .limit(MAP_POINTS)
        .values(
            "tracking_number",
            "title",
            "status",
            "latitude",
            "longitude",
            "kecamatan",
            "text_hidden_reason",
            "category__name_id",
            "category__name_en",
        )
    )
    english = current_locale.get() == "en"
    plugin = plugin_context(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": {
                "id": r["tracking_number"],
                "title": "" if r["text_hidden_reason"] else r["title"],
                "status": r["status"],
                "color": MAP_COLOUR[COLOUR[r["status"]]],
                "category": r["category__name_en" if english else "category__name_id"],
                "kecamatan": r["kecamatan"],
                "url": plugin.url("report", number=r["tracking_number"]),
            },
        }
        for r in rows
    ]
    return JSONResponse({"type": "FeatureCollection", "features": features})


async def report_page(request: Request) -> Response:
    """A report and its timeline; a confidential one shows strangers its status only."""
    number = tracking.normalise(request.path_params["number"])
    if number is None:
        return await render(request, "laksa/track.html", {"not_found": True}, status_code=404)
    return await render_report(request, await report_or_404(number))


async def track(request: Request) -> Response:
    """Find a report by its tracking number, without signing in."""
    typed = request.query_params.get("number", "").strip()
    if not typed:
        return await render(request, "laksa/track.html", {"number": ""})
    number = tracking.normalise(typed)
    if number and await Report.exists(tracking_number=number):
        return RedirectResponse(
            plugin_context(request).url("report", number=number), status_code=303
        )
    return await render(
        request, "laksa/track.html", {"number": typed, "not_found": True}, status_code=404
    )
