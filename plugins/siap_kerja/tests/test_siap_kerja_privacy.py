"""Nothing of an unverified employer is public by any route, and a CV is read only by its seeker
and the employers the seeker applied to."""

from __future__ import annotations

import io

import pytest
import siap_kerja_factories as make
from siap_kerja import services
from siap_kerja.models import Seeker, Vacancy
from siap_kerja.workflow import Action, EmployerStatus, VacancyStatus
from siap_kerja_factories import PASSWORD
from starlette.datastructures import Headers, UploadFile
from tangerang_live.testing import text_of

SECRET_TITLE = "Penyelia Gudang Rahasia"


async def _hidden_and_visible(people):
    """An approved vacancy of a verified employer, and one of an unverified employer that got
    as far as it can (its vacancy row even says open, as after a data slip)."""
    verified = await make.employer(people.recruiter, people.officer)
    visible = await make.vacancy(verified, people.recruiter, people.officer, title="Staf Gudang")
    unverified = await make.employer(people.rival, None, name="PT Belum Diperiksa")
    hidden = await Vacancy.create(
        employer=unverified,
        title=SECRET_TITLE,
        description="Mengawasi gudang rahasia.",
        kecamatan=make.KARAWACI,
        address="Jl. Rahasia",
        employment_type="FULL_TIME",
        openings=1,
        closes_on=make.in_days(10),
        status=VacancyStatus.OPEN,
        search_terms="awas gudang rahasia",
    )
    return visible, hidden


async def test_an_unverified_employers_vacancy_page_is_not_found(client, people):
    visible, hidden = await _hidden_and_visible(people)
    assert (await client.get(f"/siap-kerja/v/{visible.id}")).status_code == 200
    assert (await client.get(f"/siap-kerja/v/{hidden.id}")).status_code == 404
    await client.sign_in(people.seeker.email, PASSWORD)
    assert (await client.get(f"/siap-kerja/v/{hidden.id}")).status_code == 404
    assert (await client.get(f"/siap-kerja/v/{hidden.id}/apply")).status_code == 404


async def test_an_unverified_employers_vacancy_is_not_in_search(client, people):
    await _hidden_and_visible(people)
    for query in ("gudang", "rahasia", ""):
        page = await client.get("/siap-kerja/", params={"q": query})
        assert page.status_code == 200
        assert SECRET_TITLE not in page.text
    assert "Staf Gudang" in (await client.get("/siap-kerja/", params={"q": "gudang"})).text
    portal_search = await client.get("/search", params={"q": "gudang"})
    assert "Staf Gudang" in portal_search.text and SECRET_TITLE not in portal_search.text


async def test_an_unverified_employers_vacancy_is_not_in_the_sitemap(client, people):
    visible, hidden = await _hidden_and_visible(people)
    sitemap = (await client.get("/siap-kerja/sitemap.xml")).text
    assert f"/siap-kerja/v/{visible.id}<" in sitemap
    assert f"/siap-kerja/v/{hidden.id}<" not in sitemap


async def test_an_unverified_employers_vacancy_has_no_json_ld_even_for_its_recruiter(
    client, people
):
    _visible, hidden = await _hidden_and_visible(people)
    await client.sign_in(people.rival.email, PASSWORD)
    page = await client.get(f"/siap-kerja/v/{hidden.id}")
    assert page.status_code == 200  # its own recruiter sees it ...
    assert "application/ld+json" not in page.text  # ... but it is never published


async def test_an_unverified_employers_vacancy_is_not_in_widgets(client, people):
    await _hidden_and_visible(people)
    widget = await client.get("/siap-kerja/widgets/latest")
    assert "Staf Gudang" in widget.text and SECRET_TITLE not in widget.text
    await client.sign_in(people.seeker.email, PASSWORD)
    await services.save_profile(
        people.seeker,
        services.SeekerDetails(education=3, skills="", experience="", kecamatan=make.KARAWACI),
    )
    assert SECRET_TITLE not in (await client.get("/siap-kerja/widgets/latest")).text


async def test_a_refused_employer_cannot_post(client, people):
    pending = await make.employer(people.other_seeker, None, name="PT Ditolak")
    refused = await services.review_employer_as(
        pending, verify=False, reason="NIB tidak cocok", officer=people.officer, url="/"
    )
    assert refused.status == EmployerStatus.REFUSED
    with pytest.raises(services.RuleError) as refusal:
        await services.post_vacancy(refused, make.details(), by=people.other_seeker)
    assert refusal.value.code == "unverified"
    assert not await Vacancy.filter(employer_id=refused.id).exists()


async def _seeker_with_cv(people):
    upload = UploadFile(
        file=io.BytesIO(make.pdf()),
        filename="cv.pdf",
        headers=Headers({"content-type": "application/pdf"}),
    )
    await services.save_profile(
        people.seeker,
        services.SeekerDetails(education=3, skills="", experience="", kecamatan=make.KARAWACI),
        upload,
    )
    return await Seeker.get(user_id=people.seeker.id)


async def test_a_cv_is_read_by_its_seeker_and_the_employer_applied_to_only(client, people):
    await _seeker_with_cv(people)
    owner = await make.employer(people.recruiter, people.officer)
    vacancy = await make.vacancy(owner, people.recruiter, people.officer)
    application = await services.apply(vacancy, people.seeker, cover_note="", url="/")
    cv_url = f"/siap-kerja/applications/{application.id}/cv"
    assert (await client.get(cv_url)).status_code == 404  # anonymous
    for who, expected in [
        (people.seeker, 303),
        (people.recruiter, 303),
        (people.rival, 404),
        (people.other_seeker, 404),
        (people.other_officer, 404),
    ]:
        await client.sign_in(who.email, PASSWORD)
        response = await client.get(cv_url)
        assert response.status_code == expected, who.email
        if expected == 303:
            document = await client.get(response.headers["location"])
            assert document.content.startswith(b"%PDF-")
    await services.move_application(application, Action.WITHDRAW, actor=people.seeker, url="/")
    await client.sign_in(people.recruiter.email, PASSWORD)
    assert (await client.get(cv_url)).status_code == 404


async def test_bad_cvs_are_refused_with_a_message_and_nothing_saved(client, people):
    await client.sign_in(people.seeker.email, PASSWORD)
    form = {"education": "3", "kecamatan": make.KARAWACI, "skills": "", "experience": ""}
    for name, content in [
        ("cv.pdf", b"not a pdf at all"),
        ("cv.pdf", make.pdf() + b"0" * (2 * 1024 * 1024)),
        ("cv.pdf", make.pdf(b"/AA << /O << /S /JavaScript /JS (app.alert(1)) >> >> ")),
    ]:
        response = await client.post(
            "/siap-kerja/profile", data=form, files={"cv": (name, content, "application/pdf")}
        )
        assert response.status_code == 422, name
        assert 'id="cv-error"' in response.text
    assert not await Seeker.exists(user_id=people.seeker.id)
    ok = await client.post(
        "/siap-kerja/profile", data=form, files={"cv": ("cv.pdf", make.pdf(), "application/pdf")}
    )
    assert ok.status_code == 303
    assert (await Seeker.get(user_id=people.seeker.id)).cv_id is not None
    assert "saved" in text_of((await client.get(ok.headers["location"])).text)
