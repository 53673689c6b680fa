"""Home-page fragments: newest vacancies (near the citizen's kecamatan), "my applications", and
the officers' queue."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import city_today, current_user, render

from siap_kerja import access
from siap_kerja.labels import status_label
from siap_kerja.models import Application, Card, Employer, Seeker, Vacancy
from siap_kerja.views.common import listed_vacancies
from siap_kerja.workflow import (
    CardStatus,
    EmployerStatus,
    VacancyStatus,
    report_is_due,
)

LATEST = 5


async def latest(request: Request) -> Response:
    """The newest open vacancies, in the signed-in seeker's kecamatan first when they set one."""
    user = await current_user(request)
    today = city_today()
    listed = Vacancy.filter(listed=True, status=VacancyStatus.OPEN, closes_on__gte=today)
    profile = await Seeker.get_or_none(user_id=user.id) if user is not None else None
    nearby = []
    if profile is not None and profile.kecamatan:
        nearby = await listed_vacancies(
            listed.filter(kecamatan=profile.kecamatan).order_by("-id").limit(LATEST)
        )
    rest = await listed_vacancies(
        listed.exclude(id__in=[v.id for v in nearby]).order_by("-id").limit(LATEST - len(nearby))
    )
    rows = [*nearby, *rest]
    return await render(request, "siap_kerja/widgets/latest.html", {"rows": rows})


async def mine(request: Request) -> Response:
    user = await current_user(request)
    if user is None or not access.is_citizen(user):
        return Response(status_code=204)
    applications = (
        await Application.filter(seeker_id=user.id, active=True)
        .select_related("vacancy")
        .order_by("-updated_at")
        .limit(LATEST)
    )
    card = await Card.filter(holder_id=user.id, status=CardStatus.ACTIVE).first()
    context = {
        "applications": applications,
        "status_label": status_label,
        "report_due": card is not None
        and report_is_due(card.status, card.valid_until, card.report_due_on, city_today()),
    }
    return await render(request, "siap_kerja/widgets/mine.html", context)


async def queue(request: Request) -> Response:
    user = await current_user(request)
    if not await access.is_officer(user):
        return Response(status_code=204)
    verifier = await access.verifies(user)
    context = {
        "employers": await Employer.filter(status=EmployerStatus.PENDING).count()
        if verifier
        else 0,
        "vacancies": await Vacancy.filter(
            status=VacancyStatus.PENDING, employer__status=EmployerStatus.VERIFIED
        ).count()
        if verifier
        else 0,
        "cards": await Card.filter(status=CardStatus.APPLIED).count()
        if await access.handles_cards(user)
        else 0,
    }
    return await render(request, "siap_kerja/widgets/queue.html", context)
