"""Applying and the pipeline: one active application each, none after closing, hires never past
the openings (also under concurrency, on SQLite and PostgreSQL), and the seeker told each step."""

from __future__ import annotations

import asyncio
from datetime import datetime, time

import pytest
import siap_kerja_factories as make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from siap_kerja import services
from siap_kerja.models import Application, Vacancy
from siap_kerja.services import RuleError
from siap_kerja.workflow import Action, Status, VacancyStatus
from siap_kerja_factories import PASSWORD
from tangerang_live import CITY_TIMEZONE, Notification, User
from tangerang_live.testing import create_user, text_of

CONCURRENT = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
INTERVIEW = datetime.combine(make.in_days(3), time(10), CITY_TIMEZONE)


async def _open_vacancy(people, **overrides):
    owner = await make.employer(people.recruiter, people.officer)
    return await make.vacancy(owner, people.recruiter, people.officer, **overrides)


async def _to_interview(application, recruiter):
    for action in (Action.SHORTLIST, Action.INVITE):
        application = await services.move_application(
            application,
            action,
            actor=recruiter,
            url="/",
            interview_at=INTERVIEW,
            interview_place="Kantor HRD",
        )
    return application


async def test_a_seeker_applies_through_the_page_and_sees_the_number(client, people):
    vacancy = await _open_vacancy(people)
    await client.sign_in(people.seeker.email, PASSWORD)
    response = await client.post(
        f"/siap-kerja/v/{vacancy.id}/apply", data={"cover_note": "Saya berpengalaman dua tahun."}
    )
    assert response.status_code == 303
    application = await Application.get()
    assert application.number.startswith("SKL-") and application.status == Status.SENT
    page = text_of((await client.get(response.headers["location"])).text)
    assert application.number in page
    again = await client.post(f"/siap-kerja/v/{vacancy.id}/apply", data={"cover_note": ""})
    assert again.status_code == 422
    assert "already applied" in text_of(again.text)
    assert await Application.all().count() == 1


async def test_no_application_after_the_closing_date_or_when_filled(client, people):
    vacancy = await _open_vacancy(people, openings=1)
    await Vacancy.filter(id=vacancy.id).update(closes_on=make.in_days(-1))
    with pytest.raises(RuleError) as closed:
        await services.apply(vacancy, people.seeker, cover_note="", url="/")
    assert closed.value.code == "closed"
    await Vacancy.filter(id=vacancy.id).update(closes_on=make.in_days(5))
    first = await services.apply(vacancy, people.seeker, cover_note="", url="/")
    first = await _to_interview(first, people.recruiter)
    await services.move_application(first, Action.HIRE, actor=people.recruiter, url="/")
    with pytest.raises(RuleError):
        await services.apply(vacancy, people.other_seeker, cover_note="", url="/")
    assert (await Vacancy.get(id=vacancy.id)).status == VacancyStatus.FILLED


async def test_withdrawing_frees_the_place_for_a_new_application(client, people):
    vacancy = await _open_vacancy(people)
    first = await services.apply(vacancy, people.seeker, cover_note="", url="/")
    await services.move_application(first, Action.WITHDRAW, actor=people.seeker, url="/")
    second = await services.apply(vacancy, people.seeker, cover_note="lagi", url="/")
    assert second.number != first.number
    states = (
        await Application.filter(vacancy_id=vacancy.id)
        .order_by("id")
        .values_list("status", flat=True)
    )
    assert states == [Status.WITHDRAWN, Status.SENT]


@CONCURRENT
@given(st.integers(2, 8))
async def test_simultaneous_applies_by_one_seeker_give_one_application(client, people, clicks):
    vacancy = await _open_vacancy(people)

    async def click() -> str:
        try:
            await services.apply(vacancy, people.seeker, cover_note="", url="/")
        except RuleError as exc:
            return exc.code
        return "sent"

    outcomes = await asyncio.gather(*(click() for _ in range(clicks)))
    assert outcomes.count("sent") == 1
    assert set(outcomes) <= {"sent", "duplicate"}
    assert await Application.filter(vacancy_id=vacancy.id, seeker_id=people.seeker.id).count() == 1


@CONCURRENT
@given(st.integers(1, 3), st.integers(2, 6))
async def test_simultaneous_hires_never_exceed_openings(client, people, openings, candidates):
    vacancy = await _open_vacancy(people, openings=openings)
    applications = []
    for index in range(candidates):
        seeker = await create_user(f"pencari{vacancy.id}-{index}@warga.example", PASSWORD)
        application = await services.apply(vacancy, seeker, cover_note="", url="/")
        applications.append(await _to_interview(application, people.recruiter))

    async def hire(application: Application) -> bool:
        try:
            await services.move_application(
                application, Action.HIRE, actor=people.recruiter, url="/"
            )
        except RuleError:
            return False
        return True

    results = await asyncio.gather(*(hire(a) for a in applications))
    stored = await Vacancy.get(id=vacancy.id)
    hired = await Application.filter(vacancy_id=vacancy.id, status=Status.HIRED).count()
    assert results.count(True) == hired == stored.hired == min(openings, candidates)
    assert stored.status == (VacancyStatus.FILLED if candidates >= openings else VacancyStatus.OPEN)
    assert stored.listed == (stored.status == VacancyStatus.OPEN)


async def test_concurrent_applies_after_closing_are_all_refused(client, people):
    vacancy = await _open_vacancy(people)
    await Vacancy.filter(id=vacancy.id).update(closes_on=make.in_days(-1))
    seekers = [await create_user(f"telat{i}@warga.example", PASSWORD) for i in range(5)]

    async def apply(seeker: User) -> str:
        try:
            await services.apply(vacancy, seeker, cover_note="", url="/")
        except RuleError as exc:
            return exc.code
        return "sent"

    assert set(await asyncio.gather(*(apply(s) for s in seekers))) == {"closed"}
    assert await Application.filter(vacancy_id=vacancy.id).count() == 0


async def test_the_seeker_is_told_each_step_in_their_own_language(client, people):
    vacancy = await _open_vacancy(people)
    application = await services.apply(vacancy, people.seeker, cover_note="", url="/")
    application = await _to_interview(application, people.recruiter)
    notes = await Notification.filter(user_id=people.seeker.id).order_by("id")
    # The seeker reads English (their account's language), whoever acted.
    assert [n.title for n in notes] == [
        f"Application {application.number} sent",
        f"Application {application.number}: Shortlisted",
        f"Application {application.number}: Interview",
    ]
    assert "Kantor HRD" in notes[-1].body


async def test_the_employer_moves_an_application_and_opening_it_marks_it_seen(client, people):
    vacancy = await _open_vacancy(people)
    application = await services.apply(vacancy, people.seeker, cover_note="Halo", url="/")
    await client.sign_in(people.recruiter.email, PASSWORD)
    page = await client.get(f"/siap-kerja/employer/applications/{application.id}")
    assert page.status_code == 200 and "Budi Santoso" in text_of(page.text)
    assert (await Application.get(id=application.id)).status == Status.SEEN
    missing_date = await client.post(
        f"/siap-kerja/employer/applications/{application.id}",
        data={"action": "invite", "interview_place": "Kantor"},
    )
    assert missing_date.status_code == 422
    assert 'id="interview_at-error"' in missing_date.text
    shortlist = await client.post(
        f"/siap-kerja/employer/applications/{application.id}", data={"action": "shortlist"}
    )
    assert shortlist.status_code == 303
    assert (await Application.get(id=application.id)).status == Status.SHORTLISTED
    # Another company's recruiter never reaches it.
    await client.sign_in(people.rival.email, PASSWORD)
    assert (
        await client.get(f"/siap-kerja/employer/applications/{application.id}")
    ).status_code == 404
