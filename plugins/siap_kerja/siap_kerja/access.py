"""Who may see and do what in SIAP Kerja: the one place the plugin decides it."""

from __future__ import annotations

from tangerang_live import Department, Role, User, has_permission, is_member, organisations_of

from siap_kerja.models import Application, Employer, Vacancy
from siap_kerja.workflow import Status, vacancy_is_public

VERIFY = "siap_kerja.verify"
"""Verify employers and vacancies."""
CARDS = "siap_kerja.cards"
"""Approve and refuse AK/1 cards."""
FAIRS = "siap_kerja.fairs"
"""Publish job fairs and scan tickets at the door."""
DEPARTMENT = "disnaker"


async def _disnaker() -> Department | None:
    return await Department.get_or_none(code=DEPARTMENT)


async def _holds(user: User | None, code: str) -> bool:
    if user is None or user.role == Role.CITIZEN:
        return False
    return await has_permission(user, code, await _disnaker())


async def verifies(user: User | None) -> bool:
    return await _holds(user, VERIFY)


async def handles_cards(user: User | None) -> bool:
    return await _holds(user, CARDS)


async def runs_fairs(user: User | None) -> bool:
    return await _holds(user, FAIRS)


async def is_officer(user: User | None) -> bool:
    return await verifies(user) or await handles_cards(user) or await runs_fairs(user)


def is_citizen(user: User | None) -> bool:
    return user is not None and user.role == Role.CITIZEN


async def employers_of(user: User | None) -> list[Employer]:
    """The companies ``user`` recruits for."""
    if not is_citizen(user):
        return []
    organisations = await organisations_of(user, plugin="siap_kerja", kind="employer")
    if not organisations:
        return []
    return await Employer.filter(organisation_id__in=[o.id for o in organisations]).order_by("id")


async def recruits_for(user: User | None, employer: Employer) -> bool:
    if not is_citizen(user):
        return False
    return await is_member(user, await employer.organisation)


async def sees_vacancy(user: User | None, vacancy: Vacancy, employer: Employer) -> bool:
    """The public sees approved vacancies of verified employers; recruiters and the verifying
    officers see the rest too."""
    if vacancy_is_public(vacancy.status, employer.status):
        return True
    return await recruits_for(user, employer) or await verifies(user)


async def sees_application(user: User | None, application: Application) -> bool:
    """The seeker and the vacancy's recruiters, nobody else."""
    if user is None:
        return False
    if application.seeker_id == user.id:
        return True
    vacancy = await Vacancy.get(id=application.vacancy_id)
    return await recruits_for(user, await Employer.get(id=vacancy.employer_id))


async def reads_cv(user: User | None, application: Application) -> bool:
    """The CV sent with an application is read by its seeker and the vacancy's recruiters, until
    the seeker withdraws."""
    if user is not None and application.seeker_id == user.id:
        return True
    return application.status != Status.WITHDRAWN and await sees_application(user, application)
