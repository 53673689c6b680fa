"""Hook implementations: how SIAP Kerja plugs into the portal."""

from __future__ import annotations

from datetime import time
from typing import Any

from starlette.routing import Route
from tangerang_live import (
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
    city_now,
    city_today,
    hookimpl,
)

from siap_kerja import access, services
from siap_kerja import search as vacancy_search
from siap_kerja.demo import load_demo
from siap_kerja.models import Vacancy
from siap_kerja.views import citizen, employer, officer, public, widgets

CARD_VALIDITY = "card_validity_months"
REPORTING_INTERVAL = "reporting_interval_months"


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="siap_kerja",
        title=LocalizedText("SIAP Kerja", "SIAP Kerja"),
        description=LocalizedText(
            "Lowongan dari perusahaan terverifikasi Disnaker, lamaran kerja, kartu kuning AK/1 "
            "dan job fair.",
            "Vacancies from employers verified by Disnaker, job applications, the AK/1 card and "
            "job fairs.",
        ),
        url_prefix="/siap-kerja",
        icon="icon.svg",
        host_api=">=1.1,<2.0",
    )


@hookimpl
def routes() -> list[Route]:
    return [
        Route("/", public.index, name="index"),
        Route("/v/{id:int}", public.vacancy, name="vacancy"),
        Route("/sitemap.xml", public.sitemap, name="sitemap"),
        Route("/card/check/{token}", public.card_check, name="card_check"),
        Route("/fairs", public.fairs, name="fairs"),
        Route("/fairs/{id:int}", public.fair, name="fair"),
        Route("/profile", citizen.profile, methods=["GET", "POST"], name="profile"),
        Route("/v/{id:int}/apply", citizen.apply, methods=["GET", "POST"], name="apply"),
        Route("/mine", citizen.mine, name="mine"),
        Route("/applications/{id:int}", citizen.application, name="application"),
        Route(
            "/applications/{id:int}/withdraw",
            citizen.withdraw,
            methods=["POST"],
            name="withdraw",
        ),
        Route("/applications/{id:int}/cv", citizen.application_cv, name="application_cv"),
        Route("/card", citizen.card, methods=["GET", "POST"], name="card"),
        Route("/card/print", citizen.card_print, name="card_print"),
        Route("/card/report", citizen.card_report, methods=["POST"], name="card_report"),
        Route(
            "/fairs/{id:int}/register",
            citizen.fair_register,
            methods=["POST"],
            name="fair_register",
        ),
        Route("/tickets/{id:int}", citizen.ticket, name="ticket"),
        Route(
            "/employer/register",
            employer.register,
            methods=["GET", "POST"],
            name="employer_register",
        ),
        Route("/employer/", employer.home, name="employer_home"),
        Route(
            "/employer/{id:int}/correct",
            employer.correct,
            methods=["GET", "POST"],
            name="employer_correct",
        ),
        Route(
            "/employer/{id:int}/vacancies/new",
            employer.new_vacancy,
            methods=["GET", "POST"],
            name="vacancy_new",
        ),
        Route(
            "/employer/vacancies/{id:int}/edit",
            employer.edit_vacancy,
            methods=["GET", "POST"],
            name="vacancy_edit",
        ),
        Route(
            "/employer/vacancies/{id:int}/close",
            employer.close_vacancy,
            methods=["POST"],
            name="vacancy_close",
        ),
        Route("/employer/vacancies/{id:int}", employer.pipeline, name="pipeline"),
        Route(
            "/employer/applications/{id:int}",
            employer.application,
            methods=["GET", "POST"],
            name="employer_application",
        ),
        Route("/officer/", officer.queue, name="queue"),
        Route(
            "/officer/employers/{id:int}",
            officer.employer,
            methods=["GET", "POST"],
            name="officer_employer",
        ),
        Route(
            "/officer/vacancies/{id:int}",
            officer.vacancy,
            methods=["GET", "POST"],
            name="officer_vacancy",
        ),
        Route(
            "/officer/cards/{id:int}", officer.card, methods=["GET", "POST"], name="officer_card"
        ),
        Route("/officer/fairs", officer.fairs, methods=["GET", "POST"], name="officer_fairs"),
        Route(
            "/officer/check-in/{token}",
            officer.check_in,
            methods=["GET", "POST"],
            name="check_in",
        ),
        Route("/widgets/latest", widgets.latest, name="widget_latest"),
        Route("/widgets/mine", widgets.mine, name="widget_mine"),
        Route("/widgets/queue", widgets.queue, name="widget_queue"),
    ]


@hookimpl
def model_modules() -> list[str]:
    return ["siap_kerja.models"]


@hookimpl
def nav_items(plugin: PluginContext) -> list[NavItem]:
    return [
        NavItem(LocalizedText("Lowongan kerja", "Jobs"), plugin.url("index"), order=20),
        NavItem(
            LocalizedText("Lamaran saya", "My applications"),
            plugin.url("mine"),
            "citizen",
            order=21,
        ),
        NavItem(
            LocalizedText("Perusahaan saya", "My company"),
            plugin.url("employer_home"),
            "citizen",
            order=22,
        ),
        NavItem(
            LocalizedText("Antrean Disnaker", "Disnaker queue"),
            plugin.url("queue"),
            "officer",
            order=23,
        ),
    ]


@hookimpl
async def home_widgets(user: Any, plugin: PluginContext) -> list[Widget]:
    found = [
        Widget(
            LocalizedText("Lowongan terbaru", "Newest vacancies"),
            url=plugin.url("widget_latest"),
            order=25,
        )
    ]
    if user is not None and user.role == Role.CITIZEN:
        found.append(
            Widget(LocalizedText("Lamaran saya", "My applications"), url=plugin.url("widget_mine"))
        )
    elif await access.is_officer(user):
        found.append(
            Widget(
                LocalizedText("Antrean verifikasi Disnaker", "Disnaker verification queue"),
                url=plugin.url("widget_queue"),
            )
        )
    return found


@hookimpl
async def search(query: str, limit: int, plugin: PluginContext) -> list[SearchResult]:
    """Open, listed vacancies matching ``query`` (never an unverified employer's)."""
    words = " ".join(query.split()[: vacancy_search.MAX_QUERY_WORDS])
    filters = vacancy_search.Filters(q=words[:100])
    results = await vacancy_search.search(
        filters, today=city_today(), now=city_now(), per_page=limit
    )
    vacancies = await Vacancy.filter(id__in=results.ids).select_related("employer")
    by_id = {v.id: v for v in vacancies}
    return [
        SearchResult(
            title=f"{v.title} · {v.employer.name}",
            url=plugin.url("vacancy", id=v.id),
            snippet=v.description[:160],
            kind="SIAP Kerja",
        )
        for v in (by_id[i] for i in results.ids if i in by_id)
    ]


@hookimpl
def permissions() -> list[Permission]:
    return [
        Permission(
            access.VERIFY,
            LocalizedText(
                "Verifikasi perusahaan dan lowongan (Disnaker)",
                "Verify employers and vacancies (Disnaker)",
            ),
        ),
        Permission(
            access.CARDS,
            LocalizedText("Setujui kartu kuning AK/1", "Approve AK/1 job-seeker cards"),
        ),
        Permission(
            access.FAIRS,
            LocalizedText(
                "Kelola job fair dan pindai tiket di pintu",
                "Run job fairs and scan tickets at the door",
            ),
        ),
    ]


@hookimpl
def settings() -> list[Setting]:
    return [
        Setting(
            CARD_VALIDITY,
            LocalizedText("Masa berlaku kartu AK/1 (bulan)", "AK/1 card validity (months)"),
            24,
            minimum=1,
            maximum=60,
        ),
        Setting(
            REPORTING_INTERVAL,
            LocalizedText("Lapor diri setiap (bulan)", "Holders report every (months)"),
            6,
            minimum=1,
            maximum=24,
        ),
    ]


async def _remind_card_reports(plugin: PluginContext) -> int:
    return await services.remind_card_reports(plugin.url("card"))


@hookimpl
def tasks() -> list[Task]:
    return [
        Task(
            "remind_card_reports",
            _remind_card_reports,
            at=time(8, 0),
            description=LocalizedText(
                "Ingatkan pemegang kartu AK/1 untuk lapor diri",
                "Remind AK/1 card holders to report",
            ),
        )
    ]


@hookimpl
async def demo_data(demo: Any) -> None:
    await load_demo(demo)
