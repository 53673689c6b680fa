"""What can change in SIAP Kerja, each in one transaction: employers and their review, vacancies and
theirs, applications through the pipeline, AK/1 cards, and job fairs.

Views decide who may act (:mod:`siap_kerja.access`); these functions check what the state allows,
under a row lock, so two clicks at once cannot both take the last place. Audit entries are written
inside the transaction; notifications are sent after it commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from starlette.datastructures import UploadFile
from tangerang_live import (
    User,
    add_member,
    city_today,
    create_organisation,
    format_datetime,
    in_locale,
    next_number,
    notify,
    record_audit,
    store_document,
)
from tangerang_live import gettext as _
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from siap_kerja import search
from siap_kerja.labels import status_label
from siap_kerja.models import (
    Application,
    ApplicationEvent,
    Card,
    CardReport,
    Employer,
    FairTicket,
    JobFair,
    Seeker,
    Vacancy,
)
from siap_kerja.workflow import (
    Action,
    CardAction,
    CardStatus,
    Education,
    EmployerStatus,
    EmploymentType,
    Status,
    VacancyStatus,
    card_next_status,
    card_valid_until,
    fair_refusal,
    is_active,
    may_hire,
    next_report_due,
    next_status,
    review_employer,
    review_vacancy,
    status_after_edit,
    status_after_hire,
    takes_applications,
    vacancy_is_public,
)

PLUGIN = "siap_kerja"


class RuleError(ValueError):
    """The state forbids the request; ``message`` is for the user, ``code`` for the API."""

    def __init__(self, message: str, code: str = "not_allowed") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def now() -> datetime:
    return datetime.now(UTC)


async def _tell(user_id: int, url: str, title: Callable[[], str], body: Callable[[], str]) -> None:
    """Notify a user in their own language: the texts are made inside that language."""
    user = await User.get(id=user_id)
    with in_locale(user.locale):
        await notify(user, plugin=PLUGIN, title=title(), body=body(), url=url)


# -- employers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerDetails:
    name: str
    nib: str
    npwp: str
    sector: str
    address: str
    kecamatan: str
    contact_name: str
    contact_phone: str


async def register_employer(details: EmployerDetails, *, by: User) -> Employer:
    """A citizen registers a company: an organisation with the citizen as its first recruiter."""
    async with in_transaction():
        if await Employer.exists(nib=details.nib):
            raise RuleError(_("A company with this NIB is already registered."), "nib")
        organisation = await create_organisation(
            PLUGIN, "employer", details.name, code=details.nib, actor=by
        )
        await add_member(organisation, by, role="owner")
        employer = await Employer.create(
            organisation=organisation, registered_by=by, **details.__dict__
        )
        await record_audit("siap_kerja.employer_registered", target=details.nib, actor=by)
    return employer


async def correct_employer(employer: Employer, details: EmployerDetails, *, by: User) -> Employer:
    """A refused (or still pending) employer corrects its details and waits for review again."""
    async with in_transaction():
        current = await Employer.filter(id=employer.id).select_for_update().get()
        if current.status == EmployerStatus.VERIFIED:
            raise RuleError(_("A verified company's details are changed by Disnaker."))
        if details.nib != current.nib and await Employer.exists(nib=details.nib):
            raise RuleError(_("A company with this NIB is already registered."), "nib")
        for name, value in details.__dict__.items():
            setattr(current, name, value)
        current.status = EmployerStatus.PENDING
        await current.save()
        await record_audit("siap_kerja.employer_corrected", target=current.nib, actor=by)
    return current


async def _relist(employer_id: int, verified: bool) -> None:
    """Keep the vacancies' public flag in step with their employer's verification."""
    await Vacancy.filter(
        employer_id=employer_id, status__in=[VacancyStatus.OPEN, VacancyStatus.FILLED]
    ).update(listed=False)
    if verified:
        await Vacancy.filter(employer_id=employer_id, status=VacancyStatus.OPEN).update(listed=True)


async def review_employer_as(
    employer: Employer, *, verify: bool, reason: str, officer: User, url: str
) -> Employer:
    """Disnaker verifies the company, or refuses it with a reason told to its registrant."""
    if not verify and not reason:
        raise RuleError(_("Give the reason for refusing."), "reason")
    async with in_transaction():
        current = await Employer.filter(id=employer.id).select_for_update().get()
        current.status = review_employer(current.status, verify)
        current.refusal_reason = "" if verify else reason
        current.reviewed_at = now()
        await current.save()
        await _relist(current.id, verify)
        await record_audit(
            "siap_kerja.employer_verified" if verify else "siap_kerja.employer_refused",
            target=current.nib,
            actor=officer,
            detail={"reason": reason},
        )
    if current.registered_by_id:
        name = current.name
        await _tell(
            current.registered_by_id,
            url,
            (lambda: _("%(name)s is verified", name=name))
            if verify
            else (lambda: _("%(name)s was not verified", name=name)),
            (lambda: _("You can now post vacancies."))
            if verify
            else (lambda: _("Reason: %(reason)s", reason=reason)),
        )
    return current


# -- vacancies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyDetails:
    title: str
    description: str
    kecamatan: str
    address: str
    employment_type: EmploymentType
    salary_min: int | None
    salary_max: int | None
    education: Education
    experience_years: int
    skills: str
    openings: int
    closes_on: date


def _search_terms(details: VacancyDetails, employer_name: str) -> str:
    return search.index_text(details.title, employer_name, details.skills, details.description)


async def post_vacancy(employer: Employer, details: VacancyDetails, *, by: User) -> Vacancy:
    """A verified employer's new vacancy, waiting in the verification queue."""
    if employer.status != EmployerStatus.VERIFIED:
        raise RuleError(_("Your company must be verified by Disnaker first."), "unverified")
    async with in_transaction():
        vacancy = await Vacancy.create(
            employer=employer,
            status=VacancyStatus.PENDING,
            search_terms=_search_terms(details, employer.name),
            **details.__dict__,
        )
        await record_audit("siap_kerja.vacancy_posted", target=str(vacancy.id), actor=by)
    return vacancy


async def edit_vacancy(vacancy: Vacancy, details: VacancyDetails, *, by: User) -> Vacancy:
    """An edit is verified again: the vacancy leaves the public lists until it is approved."""
    async with in_transaction():
        current = await Vacancy.filter(id=vacancy.id).select_for_update().get()
        current.status = status_after_edit(current.status)
        if details.openings < current.hired:
            raise RuleError(
                _("Openings cannot be fewer than the people already hired."), "openings"
            )
        employer = await Employer.get(id=current.employer_id)
        for name, value in details.__dict__.items():
            setattr(current, name, value)
        current.search_terms = _search_terms(details, employer.name)
        current.listed = False
        await current.save()
        await record_audit("siap_kerja.vacancy_edited", target=str(current.id), actor=by)
    return current


async def review_vacancy_as(
    vacancy: Vacancy, *, approve: bool, note: str, officer: User, url: str
) -> Vacancy:
    """Disnaker approves the vacancy (it becomes public) or sends it back with a note."""
    if not approve and not note:
        raise RuleError(_("Say what the employer should change."), "note")
    async with in_transaction() as connection:
        current = await Vacancy.filter(id=vacancy.id).select_for_update().get()
        employer = await Employer.get(id=current.employer_id)
        current.status = review_vacancy(current.status, approve)
        current.review_note = note
        current.listed = vacancy_is_public(current.status, employer.status) and approve
        if approve:
            current.posted_at = now()
            await search.remember_terms(connection, current.search_terms)
        await current.save()
        await record_audit(
            "siap_kerja.vacancy_approved" if approve else "siap_kerja.vacancy_returned",
            target=str(current.id),
            actor=officer,
            detail={"note": note},
        )
    if employer.registered_by_id:
        title = current.title
        await _tell(
            employer.registered_by_id,
            url,
            (lambda: _("Vacancy approved: %(title)s", title=title))
            if approve
            else (lambda: _("Vacancy sent back: %(title)s", title=title)),
            (lambda: _("It is now public.")) if approve else (lambda: note),
        )
    return current


async def close_vacancy(vacancy: Vacancy, *, by: User) -> Vacancy:
    async with in_transaction():
        current = await Vacancy.filter(id=vacancy.id).select_for_update().get()
        if current.status not in (
            VacancyStatus.OPEN,
            VacancyStatus.PENDING,
            VacancyStatus.RETURNED,
        ):
            raise RuleError(_("This vacancy is already closed."))
        current.status = VacancyStatus.CLOSED
        current.listed = False
        await current.save()
        await record_audit("siap_kerja.vacancy_closed", target=str(current.id), actor=by)
    return current


# -- seekers and applications --------------------------------------------------------------------


@dataclass(frozen=True)
class SeekerDetails:
    education: Education
    skills: str
    experience: str
    kecamatan: str


async def save_profile(user: User, details: SeekerDetails, cv: UploadFile | None = None) -> Seeker:
    """Save the seeker's profile; a new CV (a PDF, checked by the host) replaces the old one.

    Raises ``UploadError`` for a bad CV, in which case nothing is saved.
    """
    async with in_transaction():
        seeker, _created = await Seeker.get_or_create(user=user)
        for name, value in details.__dict__.items():
            setattr(seeker, name, value)
        if cv is not None:
            seeker.cv = await store_document(cv, owner=user, plugin=PLUGIN)
        await seeker.save()
    return seeker


def application_number(year: int, sequence: int) -> str:
    return f"SKL-{year:04d}-{sequence:06d}"


async def apply(vacancy: Vacancy, seeker: User, *, cover_note: str, url: str) -> Application:
    """Send an application; refused after the closing date, when full, or when one is active."""
    today = city_today()
    async with in_transaction() as connection:
        current = await Vacancy.filter(id=vacancy.id).select_for_update().get()
        employer = await Employer.get(id=current.employer_id)
        if not vacancy_is_public(current.status, employer.status) or not takes_applications(
            current.status, current.closes_on, current.hired, current.openings, today
        ):
            raise RuleError(_("This vacancy no longer takes applications."), "closed")
        if await Application.exists(vacancy_id=current.id, seeker_id=seeker.id, active=True):
            raise RuleError(_("You have already applied for this vacancy."), "duplicate")
        profile = await Seeker.get_or_none(user_id=seeker.id)
        sequence = await next_number(
            "siap_kerja.application", str(today.year), connection=connection
        )
        try:
            application = await Application.create(
                number=application_number(today.year, sequence),
                vacancy=current,
                seeker=seeker,
                cover_note=cover_note,
                cv_id=profile.cv_id if profile else None,
            )
        except IntegrityError as exc:
            # Another request of the same seeker won the race between the check and the insert.
            raise RuleError(_("You have already applied for this vacancy."), "duplicate") from exc
        await ApplicationEvent.create(application=application, to_status=Status.SENT, actor=seeker)
    number = application.number
    await _tell(
        seeker.id,
        url,
        lambda: _("Application %(number)s sent", number=number),
        lambda: _("The employer will see it in their list."),
    )
    return application


async def _tell_seeker(application: Application, target: Status, url: str, note: str) -> None:
    number = application.number
    place = application.interview_place
    when = application.interview_at

    def body() -> str:
        if target == Status.INTERVIEW and when is not None:
            return _("Interview on %(when)s at %(place)s.", when=format_datetime(when), place=place)
        return note or _("Open the application to see it.")

    await _tell(
        application.seeker_id,
        url,
        lambda: _("Application %(number)s: %(status)s", number=number, status=status_label(target)),
        body,
    )


async def move_application(
    application: Application,
    action: Action,
    *,
    actor: User,
    url: str,
    note: str = "",
    interview_at: datetime | None = None,
    interview_place: str = "",
) -> Application:
    """Move an application one step through the pipeline, telling the seeker.

    A hire takes a place of the vacancy under its row lock: when the hires meet the openings the
    vacancy is filled and closes itself, and no further hire gets through. A hired seeker's active
    AK/1 card is marked placed.
    """
    if action == Action.INVITE and (interview_at is None or not interview_place):
        raise RuleError(_("Give the interview's date and place."), "interview")
    async with in_transaction():
        if action == Action.HIRE:
            vacancy = await Vacancy.filter(id=application.vacancy_id).select_for_update().get()
        current = await Application.filter(id=application.id).select_for_update().get()
        target = next_status(current.status, action)
        if action == Action.HIRE:
            if not may_hire(vacancy.status, vacancy.hired, vacancy.openings):
                raise RuleError(_("Every opening of this vacancy is already filled."), "full")
            vacancy.hired += 1
            vacancy.status = status_after_hire(vacancy.hired, vacancy.openings)
            vacancy.listed = vacancy.listed and vacancy.status == VacancyStatus.OPEN
            await vacancy.save(update_fields=["hired", "status", "listed", "updated_at"])
            await _place_card(current.seeker_id)
        if action == Action.INVITE:
            current.interview_at = interview_at
            current.interview_place = interview_place
        await ApplicationEvent.create(
            application=current,
            from_status=current.status,
            to_status=target,
            note=note,
            actor=actor,
        )
        current.status = target
        current.active = True if is_active(target) else None
        await current.save()
    await _tell_seeker(current, target, url, note)
    return current


async def _place_card(holder_id: int) -> None:
    card = await Card.filter(holder_id=holder_id, status=CardStatus.ACTIVE).first()
    if card is not None:
        card.status = card_next_status(card.status, CardAction.PLACE)
        await card.save(update_fields=["status"])


async def mark_seen(application: Application, *, actor: User, url: str) -> Application:
    """The employer opened a sent application: the seeker sees it was read."""
    if application.status != Status.SENT:
        return application
    return await move_application(application, Action.SEE, actor=actor, url=url)


# -- AK/1 cards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardRequest:
    full_name: str
    nik: str
    birth_date: date
    education: Education
    address: str
    kecamatan: str


async def apply_for_card(holder: User, details: CardRequest) -> Card:
    async with in_transaction():
        existing = (
            await Card.filter(
                holder_id=holder.id, status__in=[CardStatus.APPLIED, CardStatus.ACTIVE]
            )
            .select_for_update()
            .first()
        )
        if existing is not None and existing.status == CardStatus.APPLIED:
            raise RuleError(_("Your application for a card is already waiting."), "duplicate")
        if existing is not None and (existing.valid_until or date.max) >= city_today():
            raise RuleError(_("You already hold a valid card."), "duplicate")
        return await Card.create(holder=holder, **details.__dict__)


def card_number(year: int, sequence: int) -> str:
    return f"AK1-3671-{year:04d}-{sequence:06d}"


async def review_card(
    card: Card,
    *,
    approve: bool,
    reason: str,
    officer: User,
    validity_months: int,
    interval_months: int,
    url: str,
) -> Card:
    """Disnaker approves (the card is numbered and valid from today) or refuses with a reason."""
    if not approve and not reason:
        raise RuleError(_("Give the reason for refusing."), "reason")
    today = city_today()
    async with in_transaction() as connection:
        current = await Card.filter(id=card.id).select_for_update().get()
        current.status = card_next_status(
            current.status, CardAction.APPROVE if approve else CardAction.REFUSE
        )
        if approve:
            sequence = await next_number("siap_kerja.card", str(today.year), connection=connection)
            current.number = card_number(today.year, sequence)
            current.issued_on = today
            current.valid_until = card_valid_until(today, validity_months)
            current.report_due_on = next_report_due(today, None, interval_months)
        else:
            current.refusal_reason = reason
        await current.save()
        await record_audit(
            "siap_kerja.card_approved" if approve else "siap_kerja.card_refused",
            target=current.number or str(current.id),
            actor=officer,
            detail={"reason": reason},
        )
    await _tell(
        current.holder_id,
        url,
        (lambda: _("Your AK/1 card is ready"))
        if approve
        else (lambda: _("Your AK/1 card was refused")),
        (lambda: _("Print it from the portal.")) if approve else (lambda: reason),
    )
    return current


async def report_on_card(
    card: Card, *, still_looking: bool, note: str, interval_months: int
) -> Card:
    """The holder's six-monthly report; "working now" marks the card placed."""
    today = city_today()
    async with in_transaction():
        current = await Card.filter(id=card.id).select_for_update().get()
        if current.status != CardStatus.ACTIVE or (current.valid_until or today) < today:
            raise RuleError(_("Only an active, valid card is reported on."))
        await CardReport.create(
            card=current, still_looking=still_looking, note=note, reported_on=today
        )
        current.last_reported_on = today
        current.report_due_on = next_report_due(current.issued_on or today, today, interval_months)
        if not still_looking:
            current.status = card_next_status(current.status, CardAction.PLACE)
        await current.save()
    return current


async def remind_card_reports(url: str) -> int:
    """Remind every holder whose report day has come, once per report day; return how many."""
    today = city_today()
    due = await Card.filter(
        status=CardStatus.ACTIVE, report_due_on__lte=today, valid_until__gte=today
    )
    reminded = 0
    for card in due:
        if card.reminded_for == card.report_due_on:
            continue
        updated = await Card.filter(id=card.id, reminded_for=card.reminded_for).update(
            reminded_for=card.report_due_on
        )
        if not updated:
            continue  # another run reminded this holder a moment ago
        await _tell(
            card.holder_id,
            url,
            lambda: _("Time to report on your AK/1 card"),
            lambda: _("Tell Disnaker whether you are still looking for work."),
        )
        reminded += 1
    return reminded


# -- job fairs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FairDetails:
    title: str
    description: str
    day: date
    place: str
    kecamatan: str
    capacity: int


async def publish_fair(
    details: FairDetails, employers: list[Employer], *, officer: User | None
) -> JobFair:
    async with in_transaction():
        fair = await JobFair.create(**details.__dict__)
        if employers:
            await fair.employers.add(*employers)
        await record_audit("siap_kerja.fair_published", target=str(fair.id), actor=officer)
    return fair


async def register_for_fair(fair: JobFair, user: User) -> FairTicket:
    """A ticket for ``user``, while places last; the count is raised under the fair's row lock."""
    today = city_today()
    async with in_transaction() as connection:
        current = await JobFair.filter(id=fair.id).select_for_update().get()
        already = await FairTicket.exists(fair_id=current.id, holder_id=user.id)
        refusal = fair_refusal(current.registered, current.capacity, already, current.day, today)
        if refusal is not None:
            messages = {
                "full": _("The job fair is full."),
                "started": _("Registration for this job fair has closed."),
                "already": _("You are already registered for this job fair."),
            }
            raise RuleError(messages[refusal], refusal)
        sequence = await next_number("siap_kerja.ticket", str(current.id), connection=connection)
        await JobFair.filter(id=current.id).update(registered=F("registered") + 1)
        return await FairTicket.create(
            fair=current, holder=user, number=f"JF{current.id}-{sequence:05d}"
        )


async def check_in(ticket_id: int, fair: JobFair, *, officer: User) -> FairTicket:
    """Scan a ticket at the door: once only, and only for this fair."""
    async with in_transaction():
        ticket = await FairTicket.filter(id=ticket_id).select_for_update().first()
        if ticket is None or ticket.fair_id != fair.id:
            raise RuleError(_("This ticket is not for this job fair."), "wrong_fair")
        if ticket.checked_in_at is not None:
            raise RuleError(_("This ticket was already used."), "used")
        ticket.checked_in_at = now()
        await ticket.save(update_fields=["checked_in_at"])
        await record_audit("siap_kerja.fair_check_in", target=ticket.number, actor=officer)
    return ticket
