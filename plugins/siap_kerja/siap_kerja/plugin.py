"""Hook implementations: how SIAP Kerja plugs into the portal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
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
    city_now,
    city_today,
    declare_access,
    hookimpl,
)

from siap_kerja import access, samples, services
from siap_kerja import search as vacancy_search
from siap_kerja.demo import load_demo
from siap_kerja.forms import EMPLOYER_FIELDS
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


# Who may use each route (``declare_access``): the statuses the portal's route tests expect for
# each role, with the sample whose path parameters they use (``samples``).
PUBLIC = Access.EVERYONE
SEARCH = ("q", "kecamatan", "type", "salary", "education", "posted", "after", "before")
OWNER = Access.CITIZENS.but(neighbour=404)
"""What one citizen owns (an application, a ticket, a company): another citizen is told it does
not exist."""
DISNAKER = Access.OFFICERS.but(officer=403)
"""Holders of SIAP Kerja's permissions in Disnaker: none of the test's officers (their grants
are for other departments), only the admin."""
VACANCY_FIELDS = (
    "title", "description", "kecamatan", "address", "employment_type", "salary_min",
    "salary_max", "negotiable", "education", "experience_years", "skills", "openings",
    "closes_on",
)  # fmt: skip
CARD_FIELDS = ("full_name", "nik", "education", "address", "kecamatan")
FAIR_FIELDS = ("title", "description", "day", "place", "kecamatan", "capacity", "employers")


def _review_route(
    path: str,
    view: Callable[[Request], Awaitable[Response]],
    field: str,
    sample: Callable[[Any], Awaitable[dict[str, Any]]],
) -> Route:
    """A Disnaker review page at ``path/{id}``, named ``officer_<view>``: the record, and a form
    that approves or refuses it with a text; a decision that is neither is a bad request."""
    return declare_access(
        Route(f"{path}/{{id:int}}", view, methods=["GET", "POST"], name=f"officer_{view.__name__}"),
        GET=DISNAKER.but(sample=sample),
        POST=DISNAKER.but(admin=400, params=("decision", field), sample=sample),
    )


@hookimpl
def routes() -> list[Route]:
    return [
        declare_access(Route("/", public.index, name="index"), GET=PUBLIC.but(params=SEARCH)),
        declare_access(
            Route("/v/{id:int}", public.vacancy, name="vacancy"),
            GET=PUBLIC.but(sample=samples.vacancy),
        ),
        declare_access(Route("/sitemap.xml", public.sitemap, name="sitemap"), GET=PUBLIC),
        declare_access(
            Route("/card/check/{token}", public.card_check, name="card_check"),
            GET=PUBLIC.but(sample=samples.card),
        ),
        declare_access(Route("/fairs", public.fairs, name="fairs"), GET=PUBLIC),
        declare_access(
            Route("/fairs/{id:int}", public.fair, name="fair"),
            GET=PUBLIC.but(sample=samples.fair),
        ),
        declare_access(
            Route("/profile", citizen.profile, methods=["GET", "POST"], name="profile"),
            GET=Access.CITIZENS.but(params=("saved",)),
            POST=Access.CITIZENS.but(
                citizen=422, params=("education", "skills", "experience", "kecamatan", "cv")
            ),
        ),
        declare_access(
            Route("/v/{id:int}/apply", citizen.apply, methods=["GET", "POST"], name="apply"),
            GET=Access.CITIZENS.but(sample=samples.vacancy),
            POST=Access.CITIZENS.but(citizen=303, params=("cover_note",), sample=samples.vacancy),
        ),
        declare_access(Route("/mine", citizen.mine, name="mine"), GET=Access.CITIZENS),
        declare_access(
            Route("/applications/{id:int}", citizen.application, name="application"),
            GET=OWNER.but(sample=samples.application),
        ),
        declare_access(
            Route(
                "/applications/{id:int}/withdraw",
                citizen.withdraw,
                methods=["POST"],
                name="withdraw",
            ),
            POST=OWNER.but(citizen=303, sample=samples.application),
        ),
        declare_access(
            Route("/applications/{id:int}/cv", citizen.application_cv, name="application_cv"),
            # Nobody but the seeker and the recruiters learns that the CV exists.
            GET=Access(
                anonymous=404,
                citizen=303,
                neighbour=404,
                officer=404,
                admin=404,
                sample=samples.application,
            ),
        ),  # fmt: skip
        declare_access(
            Route("/card", citizen.card, methods=["GET", "POST"], name="card"),
            GET=Access.CITIZENS,
            POST=Access.CITIZENS.but(citizen=422, params=CARD_FIELDS),
        ),
        declare_access(
            Route("/card/print", citizen.card_print, name="card_print"),
            GET=OWNER.but(sample=samples.card),
        ),
        declare_access(
            Route("/card/report", citizen.card_report, methods=["POST"], name="card_report"),
            POST=OWNER.but(citizen=422, params=("still_looking", "note"), sample=samples.card),
        ),
        declare_access(
            Route(
                "/fairs/{id:int}/register",
                citizen.fair_register,
                methods=["POST"],
                name="fair_register",
            ),
            POST=Access.CITIZENS.but(citizen=303, sample=samples.fair),
        ),
        declare_access(
            Route("/tickets/{id:int}", citizen.ticket, name="ticket"),
            GET=OWNER.but(sample=samples.ticket),
        ),
        declare_access(
            Route(
                "/employer/register",
                employer.register,
                methods=["GET", "POST"],
                name="employer_register",
            ),
            GET=Access.CITIZENS,
            POST=Access.CITIZENS.but(citizen=422, params=EMPLOYER_FIELDS),
        ),
        declare_access(
            Route("/employer/", employer.home, name="employer_home"), GET=Access.CITIZENS
        ),
        declare_access(
            Route(
                "/employer/{id:int}/correct",
                employer.correct,
                methods=["GET", "POST"],
                name="employer_correct",
            ),
            GET=OWNER.but(sample=samples.pending_employer),
            POST=OWNER.but(citizen=422, params=EMPLOYER_FIELDS, sample=samples.pending_employer),
        ),
        declare_access(
            Route(
                "/employer/{id:int}/vacancies/new",
                employer.new_vacancy,
                methods=["GET", "POST"],
                name="vacancy_new",
            ),
            GET=OWNER.but(sample=samples.verified_employer),
            POST=OWNER.but(citizen=422, params=VACANCY_FIELDS, sample=samples.verified_employer),
        ),
        declare_access(
            Route(
                "/employer/vacancies/{id:int}/edit",
                employer.edit_vacancy,
                methods=["GET", "POST"],
                name="vacancy_edit",
            ),
            GET=OWNER.but(sample=samples.own_vacancy),
            POST=OWNER.but(citizen=422, params=VACANCY_FIELDS, sample=samples.own_vacancy),
        ),
        declare_access(
            Route(
                "/employer/vacancies/{id:int}/close",
                employer.close_vacancy,
                methods=["POST"],
                name="vacancy_close",
            ),
            POST=OWNER.but(citizen=303, sample=samples.own_vacancy),
        ),
        declare_access(
            Route("/employer/vacancies/{id:int}", employer.pipeline, name="pipeline"),
            GET=OWNER.but(sample=samples.own_vacancy),
        ),
        declare_access(
            Route(
                "/employer/applications/{id:int}",
                employer.application,
                methods=["GET", "POST"],
                name="employer_application",
            ),
            GET=OWNER.but(sample=samples.received_application),
            POST=OWNER.but(
                citizen=400,
                params=("action", "note", "interview_at", "interview_place"),
                sample=samples.received_application,
            ),
        ),
        declare_access(Route("/officer/", officer.queue, name="queue"), GET=DISNAKER),
        _review_route("/officer/employers", officer.employer, "reason", samples.pending_employer),
        _review_route("/officer/vacancies", officer.vacancy, "note", samples.pending_vacancy),
        _review_route("/officer/cards", officer.card, "reason", samples.card_application),
        declare_access(
            Route("/officer/fairs", officer.fairs, methods=["GET", "POST"], name="officer_fairs"),
            GET=DISNAKER,
            POST=DISNAKER.but(admin=422, params=FAIR_FIELDS),
        ),
        declare_access(
            Route(
                "/officer/check-in/{token}",
                officer.check_in,
                methods=["GET", "POST"],
                name="check_in",
            ),
            GET=DISNAKER.but(sample=samples.ticket),
            POST=DISNAKER.but(sample=samples.ticket),
        ),
        declare_access(Route("/widgets/latest", widgets.latest, name="widget_latest"), GET=PUBLIC),
        declare_access(
            Route("/widgets/mine", widgets.mine, name="widget_mine"),
            # Nothing to show but to a citizen: an empty answer, no refusal.
            GET=Access(anonymous=204, citizen=200, officer=204, admin=204),
        ),
        declare_access(
            Route("/widgets/queue", widgets.queue, name="widget_queue"),
            GET=Access(anonymous=204, citizen=204, officer=204, admin=200),
        ),
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
