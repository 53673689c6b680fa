"""Employers and vacancies through the pages: registration, verification by Disnaker, posting,
approval, and bad input refused next to its field with nothing stored."""

from __future__ import annotations

import siap_kerja_factories as make
from siap_kerja.models import Card, Employer, Vacancy
from siap_kerja.workflow import CardStatus, EmployerStatus, VacancyStatus
from siap_kerja_factories import PASSWORD
from tangerang_live import is_member
from tangerang_live.testing import text_of


async def test_register_verify_post_approve(client, people):
    await client.sign_in(people.recruiter.email, PASSWORD)
    response = await client.post("/siap-kerja/employer/register", data=make.employer_form())
    assert response.status_code == 303
    employer = await Employer.get()
    assert employer.status == EmployerStatus.PENDING and employer.npwp == "012345678901000"
    assert await is_member(people.recruiter, await employer.organisation)
    assert (
        await client.get(f"/siap-kerja/employer/{employer.id}/vacancies/new")
    ).status_code == 403
    # Only Disnaker verifies.
    assert (await client.get(f"/siap-kerja/officer/employers/{employer.id}")).status_code == 403
    await client.sign_in(people.other_officer.email, PASSWORD)
    assert (await client.get(f"/siap-kerja/officer/employers/{employer.id}")).status_code == 403
    await client.sign_in(people.officer.email, PASSWORD)
    assert "PT Maju Jaya Tangerang" in (await client.get("/siap-kerja/officer/")).text
    no_reason = await client.post(
        f"/siap-kerja/officer/employers/{employer.id}", data={"decision": "refuse"}
    )
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.text
    verified = await client.post(
        f"/siap-kerja/officer/employers/{employer.id}", data={"decision": "approve"}
    )
    assert verified.status_code == 303
    await client.sign_in(people.recruiter.email, PASSWORD)
    posted = await client.post(
        f"/siap-kerja/employer/{employer.id}/vacancies/new", data=make.vacancy_form()
    )
    assert posted.status_code == 303
    vacancy = await Vacancy.get()
    assert vacancy.status == VacancyStatus.PENDING and not vacancy.listed
    assert vacancy.salary_min == 4_900_000
    assert (await client.get(f"/siap-kerja/v/{vacancy.id}")).status_code == 200  # its recruiter
    await client.post("/logout")
    assert (await client.get(f"/siap-kerja/v/{vacancy.id}")).status_code == 404
    await client.sign_in(people.officer.email, PASSWORD)
    approved = await client.post(
        f"/siap-kerja/officer/vacancies/{vacancy.id}", data={"decision": "approve"}
    )
    assert approved.status_code == 303
    await client.post("/logout")
    assert "Operator Produksi" in text_of((await client.get(f"/siap-kerja/v/{vacancy.id}")).text)
    # An edit goes back to the queue and off the public pages.
    await client.sign_in(people.recruiter.email, PASSWORD)
    edited = await client.post(
        f"/siap-kerja/employer/vacancies/{vacancy.id}/edit",
        data=make.vacancy_form(title="Operator Produksi Senior"),
    )
    assert edited.status_code == 303
    assert (await Vacancy.get(id=vacancy.id)).status == VacancyStatus.PENDING
    await client.post("/logout")
    assert (await client.get(f"/siap-kerja/v/{vacancy.id}")).status_code == 404


async def test_bad_vacancies_are_refused_next_to_the_field(client, people):
    employer = await make.employer(people.recruiter, people.officer)
    await client.sign_in(people.recruiter.email, PASSWORD)
    url = f"/siap-kerja/employer/{employer.id}/vacancies/new"
    for overrides, field in [
        ({"salary_min": "6000000", "salary_max": "5000000"}, "salary_max"),
        ({"closes_on": make.in_days(-1).isoformat()}, "closes_on"),
        ({"closes_on": "besok"}, "closes_on"),
        ({"openings": "0"}, "openings"),
        ({"openings": "-3"}, "openings"),
        ({"salary_min": "lima juta"}, "salary_min"),
        ({"employment_type": "SLAVE"}, "employment_type"),
        ({"kecamatan": "Jakarta"}, "kecamatan"),
        ({"title": "abc"}, "title"),
    ]:
        response = await client.post(url, data=make.vacancy_form(**overrides))
        assert response.status_code == 422, overrides
        assert f'id="{field}-error"' in response.text, overrides
        assert 'aria-invalid="true"' in response.text
    assert not await Vacancy.exists()
    negotiable = await client.post(
        url, data=make.vacancy_form(negotiable="1", salary_min="", salary_max="")
    )
    assert negotiable.status_code == 303
    assert (await Vacancy.get()).salary_min is None


async def test_bad_employer_details_and_duplicate_nib(client, people):
    await client.sign_in(people.recruiter.email, PASSWORD)
    bad = await client.post(
        "/siap-kerja/employer/register",
        data=make.employer_form(nib="123", npwp="abc", contact_phone="999", sector="x"),
    )
    assert bad.status_code == 422
    for field in ("nib", "npwp", "contact_phone", "sector"):
        assert f'id="{field}-error"' in bad.text
    assert await client.post("/siap-kerja/employer/register", data=make.employer_form())
    await client.sign_in(people.rival.email, PASSWORD)
    twin = await client.post("/siap-kerja/employer/register", data=make.employer_form())
    assert twin.status_code == 422 and 'id="nib-error"' in twin.text
    assert await Employer.all().count() == 1


async def test_htmx_form_errors_answer_422_with_the_form(client, people):
    await client.sign_in(people.recruiter.email, PASSWORD)
    response = await client.post(
        "/siap-kerja/employer/register",
        data=make.employer_form(nib="1"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and 'id="nib-error"' in response.text
    ok = await client.post(
        "/siap-kerja/employer/register", data=make.employer_form(), headers={"HX-Request": "true"}
    )
    assert ok.status_code == 200 and ok.headers["HX-Redirect"] == "/siap-kerja/employer/"


async def test_a_decision_on_a_record_already_reviewed_keeps_the_text_typed(client, people):
    employer = await make.employer(people.recruiter, people.officer)  # verified already
    pending = await make.vacancy(employer, people.recruiter, None)
    await client.sign_in(people.seeker.email, PASSWORD)
    await client.post(
        "/siap-kerja/card",
        data={
            "full_name": "Budi Santoso",
            "nik": "3671011203980001",
            "education": "3",
            "address": "Jl. Merdeka No. 1",
            "kecamatan": make.KARAWACI,
        },
    )
    card = await Card.get(holder_id=people.seeker.id)
    await client.sign_in(people.officer.email, PASSWORD)
    approved = await client.post(
        f"/siap-kerja/officer/vacancies/{pending.id}", data={"decision": "approve"}
    )
    assert approved.status_code == 303
    await client.post(f"/siap-kerja/officer/cards/{card.id}", data={"decision": "approve"})
    for path, field in [
        (f"/siap-kerja/officer/employers/{employer.id}", "reason"),
        (f"/siap-kerja/officer/vacancies/{pending.id}", "note"),
        (f"/siap-kerja/officer/cards/{card.id}", "reason"),
    ]:
        late = await client.post(
            path,
            data={"decision": "refuse", field: "Alamat <tidak> lengkap"},
            headers={"HX-Request": "true"},
        )
        assert late.status_code == 422, path
        assert f'id="{field}-error"' in late.text and "sudah diperiksa" in text_of(late.text)
        assert ">Alamat &lt;tidak&gt; lengkap</textarea>" in late.text
    assert (await Employer.get(id=employer.id)).status == EmployerStatus.VERIFIED
    assert (await Vacancy.get(id=pending.id)).status == VacancyStatus.OPEN
    assert (await Card.get(id=card.id)).status == CardStatus.ACTIVE
