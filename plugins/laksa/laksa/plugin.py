"""Hook implementations: how LAKSA plugs into the portal."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from starlette.routing import Route
from tangerang_live import (
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    Role,
    SearchResult,
    Widget,
    hookimpl,
)

from laksa import access, open311, services
from laksa.demo import load_demo
from laksa.models import Report
from laksa.views import citizen, manage, officer, public, widgets

log = logging.getLogger(__name__)
CLOSE_EVERY_SECONDS = 15 * 60
_closer: asyncio.Task[None] | None = None


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="laksa",
        title=LocalizedText("LAKSA", "LAKSA"),
        description=LocalizedText(
            "Laporkan jalan rusak, lampu mati, sampah menumpuk, dan pantau sampai selesai.",
            "Report broken roads, dark street lights, piling rubbish, and follow them to the fix.",
        ),
        url_prefix="/laksa",
        icon="icon.svg",
        host_api=">=1.0,<2.0",
        api_prefixes=("/open311/",),
    )


@hookimpl
def routes() -> list[Route]:
    return [
        Route("/", public.index),
        Route("/map", public.map_page),
        Route("/reports.geojson", public.geojson),
        Route("/track", public.track),
        Route("/r/{number}", public.report_page),
        Route("/new", citizen.new_report, methods=["GET", "POST"]),
        Route("/nearby", citizen.nearby),
        Route("/mine", citizen.mine),
        Route("/r/{number}/support", citizen.support, methods=["POST"]),
        Route("/r/{number}/reopen", citizen.reopen, methods=["POST"]),
        Route("/r/{number}/rate", citizen.rate, methods=["POST"]),
        Route("/officer/", officer.queue),
        Route("/officer/r/{number}", officer.detail),
        Route("/officer/r/{number}/act", officer.act, methods=["POST"]),
        Route("/officer/r/{number}/note", officer.note, methods=["POST"]),
        Route("/officer/r/{number}/hide", officer.hide, methods=["POST"]),
        Route("/manage/categories", manage.categories),
        Route("/manage/categories/new", manage.edit_category, methods=["GET", "POST"]),
        Route("/manage/categories/{id:int}", manage.edit_category, methods=["GET", "POST"]),
        Route("/manage/keys", manage.keys, methods=["GET", "POST"]),
        Route("/manage/keys/{id:int}/revoke", manage.revoke_key, methods=["POST"]),
        Route("/widgets/mine", widgets.mine),
        Route("/widgets/queue", widgets.queue),
        Route("/widgets/latest", widgets.latest),
        *open311.routes,
    ]


@hookimpl
def model_modules() -> list[str]:
    return ["laksa.models"]


@hookimpl
def nav_items() -> list[NavItem]:
    return [
        NavItem(LocalizedText("LAKSA", "LAKSA"), "/laksa/", order=10),
        NavItem(LocalizedText("Laporan saya", "My reports"), "/laksa/mine", "citizen", order=11),
        NavItem(
            LocalizedText("Antrean LAKSA", "LAKSA queue"), "/laksa/officer/", "officer", order=12
        ),
        NavItem(
            LocalizedText("Kelola LAKSA", "Manage LAKSA"),
            "/laksa/manage/categories",
            "officer",
            permission="laksa.manage",
            order=13,
        ),
    ]


@hookimpl
async def home_widgets(user: Any) -> list[Widget]:
    if user is None:
        title = LocalizedText("Laporan warga terbaru", "Latest citizen reports")
        return [Widget(title, url="/laksa/widgets/latest", order=20)]
    if user.role == Role.CITIZEN:
        return [Widget(LocalizedText("Laporan saya", "My reports"), url="/laksa/widgets/mine")]
    if await access.is_officer(user):
        return [Widget(LocalizedText("Antrean saya", "My queue"), url="/laksa/widgets/queue")]
    return []


@hookimpl
async def search(query: str, limit: int) -> list[SearchResult]:
    """Public reports whose title or description mentions ``query`` (hidden text never)."""
    reports = await (
        Report.filter(listed=True, text_hidden_reason="")
        .filter(title__icontains=query)
        .order_by("-id")
        .limit(limit)
    )
    if len(reports) < limit:
        seen = [r.id for r in reports]
        reports += await (
            Report.filter(listed=True, text_hidden_reason="", description__icontains=query)
            .exclude(id__in=seen)
            .order_by("-id")
            .limit(limit - len(reports))
        )
    return [
        SearchResult(
            title=f"{r.tracking_number}: {r.title}",
            url=f"/laksa/r/{r.tracking_number}",
            snippet=r.description[:160],
            kind="LAKSA",
        )
        for r in reports
    ]


@hookimpl
def permissions() -> list[Permission]:
    return [
        Permission(
            "laksa.verify",
            LocalizedText(
                "Tangerang Live Room: verifikasi, tolak, teruskan dan alihkan laporan",
                "Tangerang Live Room: verify, reject, dispatch and re-route reports",
            ),
            scopes=(),
        ),
        Permission(
            "laksa.handle",
            LocalizedText(
                "Tindak lanjuti laporan dinas: ambil, catat, proses, selesaikan",
                "Handle a department's reports: take, note, progress, resolve",
            ),
        ),
        Permission(
            "laksa.moderate",
            LocalizedText(
                "Sembunyikan teks atau foto yang kasar, dengan alasan",
                "Hide abusive text or photos, with a reason",
            ),
            scopes=(),
        ),
        Permission(
            "laksa.manage",
            LocalizedText(
                "Kelola kategori LAKSA dan kunci API Open311",
                "Manage LAKSA categories and Open311 API keys",
            ),
            scopes=(),
        ),
    ]


async def _close_resolved_forever() -> None:
    """Close resolved reports whose reopening window has passed, now and every 15 minutes.

    Every worker runs this; a report closes once because each close locks its row and re-checks
    its state.
    """
    while True:
        try:
            closed = await services.close_expired()
            if closed:
                log.info("closed %d resolved reports", closed)
        except Exception:  # a database hiccup must not stop the closing for good
            log.exception("could not close resolved reports")
        await asyncio.sleep(CLOSE_EVERY_SECONDS)


@hookimpl
def startup() -> None:
    global _closer
    _closer = asyncio.get_running_loop().create_task(_close_resolved_forever())


@hookimpl
async def shutdown() -> None:
    global _closer
    if _closer is not None:
        _closer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await _closer
        _closer = None


@hookimpl
async def demo_data(demo: Any) -> None:
    await load_demo(demo)
