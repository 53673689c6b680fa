"""Hook implementations: how LAKSA plugs into the portal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.routing import Route
from tangerang_live import (
    Access,
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    PluginContext,
    Role,
    SearchResult,
    Setting,
    Task,
    Widget,
    declare_access,
    hookimpl,
)

from laksa import access, open311, samples, services
from laksa.demo import load_demo
from laksa.models import Report
from laksa.services import OPEN311_PER_KEY_PER_HOUR, REPORTS_PER_HOUR
from laksa.views import citizen, manage, officer, public, widgets
from laksa.views.manage import CATEGORY_FIELDS

CLOSE_EVERY = timedelta(minutes=15)


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


# Who may use each route (``declare_access``): the statuses the portal's route tests expect for
# each role, with the sample whose path parameters they use (``samples``).
PUBLIC = Access.EVERYONE
FILTERS = ("colour", "category", "status", "kecamatan", "after", "before")
OWN_REPORT = Access.CITIZENS.but(
    citizen=422, neighbour=403, params=("rating", "comment", "note"), sample=samples.report
)
OFFICER_FORM = Access.OFFICERS.but(
    officer=422, other_officer=403, live_room=422, admin=422, sample=samples.report
)
MANAGERS = Access.ADMINS.but(live_room=200)
"""Holders of laksa.manage: in the test's world, the Live Room officer (city-wide duties)."""


@hookimpl
def routes() -> list[Route]:
    return [
        declare_access(Route("/", public.index, name="index"), GET=PUBLIC.but(params=FILTERS)),
        declare_access(Route("/map", public.map_page, name="map"), GET=PUBLIC.but(params=FILTERS)),
        declare_access(
            Route("/reports.geojson", public.geojson, name="geojson"),
            GET=PUBLIC.but(params=FILTERS),
        ),
        declare_access(
            Route("/track", public.track, name="track"), GET=PUBLIC.but(params=("number",))
        ),
        declare_access(
            Route("/r/{number}", public.report_page, name="report"),
            GET=PUBLIC.but(sample=samples.report),
        ),
        declare_access(
            Route("/new", citizen.new_report, methods=["GET", "POST"], name="new"),
            GET=Access.CITIZENS,
            POST=Access.CITIZENS.but(
                citizen=422,
                params=(
                    "category",
                    "title",
                    "description",
                    "latitude",
                    "longitude",
                    "address",
                    "kecamatan",
                    "privacy",
                    "photos",
                ),
            ),
        ),  # fmt: skip
        declare_access(
            Route("/nearby", citizen.nearby, name="nearby"),
            GET=PUBLIC.but(params=("category", "latitude", "longitude")),
        ),
        declare_access(
            Route("/kecamatan", citizen.kecamatan, name="kecamatan"),
            GET=PUBLIC.but(params=("latitude", "longitude", "kecamatan")),
        ),
        declare_access(
            Route("/mine", citizen.mine, name="mine"),
            GET=Access.CITIZENS.but(params=("after", "before")),
        ),
        declare_access(
            Route("/r/{number}/support", citizen.support, methods=["POST"], name="support"),
            POST=Access.CITIZENS.but(citizen=303, sample=samples.report),
        ),
        declare_access(
            Route("/r/{number}/reopen", citizen.reopen, methods=["POST"], name="reopen"),
            POST=OWN_REPORT,
        ),
        declare_access(
            Route("/r/{number}/rate", citizen.rate, methods=["POST"], name="rate"), POST=OWN_REPORT
        ),
        declare_access(
            Route("/officer/", officer.queue, name="officer_queue"),
            GET=Access.OFFICERS.but(params=(*FILTERS, "overdue", "q", "page")),
        ),
        declare_access(
            Route("/officer/r/{number}", officer.detail, name="officer_report"),
            GET=Access.OFFICERS.but(other_officer=403, sample=samples.report),
        ),
        declare_access(
            Route("/officer/r/{number}/act", officer.act, methods=["POST"], name="officer_act"),
            POST=OFFICER_FORM.but(params=("action", "note", "department", "photos")),
        ),
        declare_access(
            Route("/officer/r/{number}/note", officer.note, methods=["POST"], name="officer_note"),
            POST=OFFICER_FORM.but(params=("note", "visibility", "photos")),
        ),
        declare_access(
            Route("/officer/r/{number}/hide", officer.hide, methods=["POST"], name="officer_hide"),
            # Moderators only: the department's officer is refused.
            POST=OFFICER_FORM.but(officer=403, live_room=422, params=("reason", "target")),
        ),
        declare_access(
            Route("/manage/categories", manage.categories, name="categories"), GET=MANAGERS
        ),
        declare_access(
            Route(
                "/manage/categories/new",
                manage.edit_category,
                methods=["GET", "POST"],
                name="category_new",
            ),
            GET=MANAGERS,
            POST=MANAGERS.but(admin=422, live_room=422, params=CATEGORY_FIELDS),
        ),
        declare_access(
            Route(
                "/manage/categories/{id:int}",
                manage.edit_category,
                methods=["GET", "POST"],
                name="category",
            ),
            GET=MANAGERS.but(sample=samples.category),
            POST=MANAGERS.but(
                admin=422, live_room=422, params=CATEGORY_FIELDS, sample=samples.category
            ),
        ),
        declare_access(
            Route("/manage/keys", manage.keys, methods=["GET", "POST"], name="keys"),
            GET=MANAGERS,
            POST=MANAGERS.but(admin=422, live_room=422, params=("name",)),
        ),
        declare_access(
            Route(
                "/manage/keys/{id:int}/revoke",
                manage.revoke_key,
                methods=["POST"],
                name="revoke_key",
            ),
            POST=MANAGERS.but(admin=303, live_room=303, sample=samples.api_key),
        ),
        declare_access(Route("/widgets/mine", widgets.mine, name="widget_mine"), GET=PUBLIC),
        declare_access(
            Route("/widgets/queue", widgets.queue, name="widget_queue"),
            GET=Access.OFFICERS.but(anonymous=403),
        ),
        declare_access(Route("/widgets/latest", widgets.latest, name="widget_latest"), GET=PUBLIC),
        *open311.routes,
    ]


@hookimpl
def settings() -> list[Setting]:
    """The abuse limits, shown to admins on LAKSA's page of the plugin admin and changed there."""
    return [
        Setting(
            REPORTS_PER_HOUR,
            LocalizedText("Laporan per warga per jam", "Reports per citizen per hour"),
            default=10,
            minimum=1,
            maximum=1000,
            help=LocalizedText(
                "Laporan berikutnya ditolak sampai satu jam sejak laporan terlama berlalu.",
                "Further reports are refused until an hour has passed since the oldest of them.",
            ),
        ),
        Setting(
            OPEN311_PER_KEY_PER_HOUR,
            LocalizedText(
                "Laporan Open311 per kunci API per jam", "Open311 requests per API key per hour"
            ),
            default=500,
            minimum=1,
            maximum=100_000,
        ),
    ]


@hookimpl
def model_modules() -> list[str]:
    return ["laksa.models"]


@hookimpl
def nav_items(plugin: PluginContext) -> list[NavItem]:
    return [
        NavItem(LocalizedText("LAKSA", "LAKSA"), plugin.url("index"), order=10),
        NavItem(
            LocalizedText("Laporan saya", "My reports"), plugin.url("mine"), "citizen", order=11
        ),
        NavItem(
            LocalizedText("Antrean LAKSA", "LAKSA queue"),
            plugin.url("officer_queue"),
            "officer",
            order=12,
        ),
        NavItem(
            LocalizedText("Kelola LAKSA", "Manage LAKSA"),
            plugin.url("categories"),
            "officer",
            permission="laksa.manage",
            order=13,
        ),
    ]


@hookimpl
async def home_widgets(user: Any, plugin: PluginContext) -> list[Widget]:
    if user is None:
        title = LocalizedText("Laporan warga terbaru", "Latest citizen reports")
        return [
            widgets.report_action(plugin),
            Widget(title, url=plugin.url("widget_latest"), order=20),
        ]
    if user.role == Role.CITIZEN:
        return [
            widgets.report_action(plugin),
            Widget(LocalizedText("Laporan saya", "My reports"), url=plugin.url("widget_mine")),
        ]
    if await access.is_officer(user):
        return [Widget(LocalizedText("Antrean saya", "My queue"), url=plugin.url("widget_queue"))]
    return []


@hookimpl
async def search(query: str, limit: int, plugin: PluginContext) -> list[SearchResult]:
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
            url=plugin.url("report", number=r.tracking_number),
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


async def close_resolved(plugin: PluginContext) -> None:
    """Close resolved reports whose reopening window has passed.

    A report closes once even if two runs overlap: each close locks its row and re-checks its
    state.
    """
    closed = await services.close_expired(lambda number: plugin.url("report", number=number))
    if closed:
        plugin.logger.info("closed %d resolved reports", closed)


@hookimpl
def tasks() -> list[Task]:
    return [
        Task(
            "close_resolved",
            close_resolved,
            every=CLOSE_EVERY,
            description=LocalizedText(
                "Tutup laporan selesai yang masa pembukaan kembalinya sudah lewat",
                "Close resolved reports whose reopening window has passed",
            ),
        )
    ]


@hookimpl
async def demo_data(demo: Any, plugin: PluginContext) -> None:
    await load_demo(demo, plugin)
