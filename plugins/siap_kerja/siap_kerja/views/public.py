"""Pages for everyone: vacancy search, a vacancy's page, the sitemap, card checks, job fairs."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    InvalidToken,
    KeysetPage,
    city_now,
    city_today,
    cursor_param,
    plugin_context,
    render,
    verify_token,
)

from siap_kerja import access, jsonld, search
from siap_kerja.forms import search_filters
from siap_kerja.labels import card_status_label
from siap_kerja.models import Application, Card, JobFair, Vacancy
from siap_kerja.views.common import (
    choices,
    kecamatan_name,
    listed_vacancies,
    path_id,
    vacancy_for,
    vacancy_view,
)
from siap_kerja.workflow import (
    VacancyStatus,
    effective_card_status,
    takes_applications,
    vacancy_is_public,
)

PER_PAGE = 20
SITEMAP_LIMIT = 50_000
"""The most URLs one sitemap file may hold."""
CARD_TOKEN = "siap_kerja.card"


async def index(request: Request) -> Response:
    """The search: words and filters, newest first; with htmx only the results are swapped."""
    filters, errors = search_filters(request.query_params)
    today = city_today()
    results = await search.search(
        filters,
        today=today,
        now=city_now(),
        after=cursor_param(request, "after"),
        before=cursor_param(request, "before"),
        per_page=PER_PAGE,
    )
    page = KeysetPage(
        items=await listed_vacancies(Vacancy.filter(id__in=results.ids), results.ids),
        per_page=PER_PAGE,
        has_next=results.has_next,
        has_previous=results.has_previous,
        next_cursor=results.next_cursor,
        previous_cursor=results.previous_cursor,
    )
    context = {
        "page": page,
        "filters": filters,
        "values": dict(request.query_params),
        "errors": errors,
        "corrections": results.corrections,
        **choices(),
    }
    return await render(
        request,
        "siap_kerja/index.html",
        context,
        fragment="siap_kerja/_results.html",
        status_code=400 if errors else 200,
    )


async def vacancy(request: Request) -> Response:
    """A vacancy's page with its JobPosting data; 404 for anyone who may not see it."""
    found, employer, user = await vacancy_for(request, path_id(request))
    plugin = plugin_context(request)
    today = city_today()
    public = vacancy_is_public(found.status, employer.status)
    mine = None
    if user is not None:
        mine = await Application.filter(vacancy_id=found.id, seeker_id=user.id, active=True).first()
    context = {
        "v": vacancy_view(found, employer, today),
        "jsonld": jsonld.script(
            jsonld.job_posting(found, employer, plugin.absolute_url("vacancy", id=found.id))
        )
        if public
        else "",
        "takes_applications": takes_applications(
            found.status, found.closes_on, found.hired, found.openings, today
        )
        and found.listed,
        "mine": mine,
        "recruiter": await access.recruits_for(user, employer),
        "officer": await access.verifies(user),
    }
    return await render(request, "siap_kerja/vacancy.html", context)


async def sitemap(request: Request) -> Response:
    """Every open vacancy's page, for search engines."""
    plugin = plugin_context(request)
    rows = (
        await Vacancy.filter(listed=True, status=VacancyStatus.OPEN, closes_on__gte=city_today())
        .order_by("-id")
        .limit(SITEMAP_LIMIT)
        .values_list("id", "updated_at")
    )
    body = jsonld.sitemap([(plugin.absolute_url("vacancy", id=i), at) for i, at in rows])
    return Response(body, media_type="application/xml")


async def card_check(request: Request) -> Response:
    """What the card's QR code opens: name, number, validity and status, nothing more."""
    try:
        payload = verify_token(request.path_params["token"], purpose=CARD_TOKEN)
        card = await Card.get_or_none(id=int(payload["card"]))
    except (InvalidToken, KeyError, TypeError, ValueError):
        card = None
    if card is None or card.number is None:
        raise HTTPException(404)
    status = effective_card_status(card.status, card.valid_until, city_today())
    context = {"card": card, "status": status, "status_label": card_status_label(status)}
    return await render(request, "siap_kerja/card_check.html", context)


async def fairs(request: Request) -> Response:
    upcoming = await JobFair.filter(day__gte=city_today()).prefetch_related("employers")
    context = {"fairs": upcoming, "kecamatan_name": kecamatan_name}
    return await render(request, "siap_kerja/fairs.html", context)


async def fair(request: Request) -> Response:
    found = await JobFair.get_or_none(id=path_id(request))
    if found is None:
        raise HTTPException(404)
    employers = await found.employers.filter(status="verified").order_by("name")
    context = {
        "fair": found,
        "employers": employers,
        "kecamatan_name": kecamatan_name,
        "places_left": max(found.capacity - found.registered, 0),
        "past": found.day < city_today(),
    }
    return await render(request, "siap_kerja/fair.html", context)
