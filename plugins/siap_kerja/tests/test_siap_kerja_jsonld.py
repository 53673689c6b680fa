"""schema.org JobPosting on every public vacancy page, and the sitemap of open vacancies."""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, time
from xml.etree import ElementTree

import siap_kerja_factories as make
from siap_kerja import services
from siap_kerja.demo import load_demo
from siap_kerja.models import Vacancy
from siap_kerja.workflow import Action, VacancyStatus
from tangerang_live import CITY_TIMEZONE, DemoContext

REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
RECOMMENDED = {"validThrough", "employmentType", "directApply", "identifier"}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _job_posting(html: str) -> dict:
    blocks = SCRIPT.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


async def test_every_public_vacancy_page_carries_a_complete_job_posting(client, people):
    await load_demo(DemoContext(random=random.Random(1), now=datetime.now().astimezone()))
    public = await Vacancy.filter(listed=True).values_list("id", flat=True)
    assert len(public) > 100
    for vacancy_id in public:
        page = await client.get(f"/siap-kerja/v/{vacancy_id}")
        assert page.status_code == 200
        data = _job_posting(page.text)
        assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
        assert data.keys() >= REQUIRED | RECOMMENDED
        assert data["hiringOrganization"]["name"]
        address = data["jobLocation"]["address"]
        assert address["addressCountry"] == "ID" and address["addressLocality"]
        assert data["employmentType"] in {
            "FULL_TIME", "PART_TIME", "CONTRACTOR", "INTERN", "PER_DIEM"
        }  # fmt: skip
        assert data["directApply"] is True
        datetime.fromisoformat(data["validThrough"])
        if "baseSalary" in data:
            salary = data["baseSalary"]
            assert salary["currency"] == "IDR"
            assert salary["value"]["unitText"] == "MONTH"
            assert salary["value"]["minValue"] <= salary["value"]["maxValue"]
    unlisted = await Vacancy.filter(listed=False, status=VacancyStatus.PENDING).first()
    assert (await client.get(f"/siap-kerja/v/{unlisted.id}")).status_code == 404


async def test_salary_and_text_are_carried_exactly(client, people):
    owner = await make.employer(people.recruiter, people.officer)
    vacancy = await make.vacancy(
        owner,
        people.recruiter,
        people.officer,
        title="Kasir </script><b>",
        salary_min=4_901_117,
        salary_max=5_000_000,
    )
    data = _job_posting((await client.get(f"/siap-kerja/v/{vacancy.id}")).text)
    assert data["title"] == "Kasir </script><b>"
    assert data["baseSalary"]["value"]["minValue"] == 4_901_117
    assert data["url"].endswith(f"/siap-kerja/v/{vacancy.id}")
    negotiable = await make.vacancy(
        owner, people.recruiter, people.officer, salary_min=None, salary_max=None
    )
    assert "baseSalary" not in _job_posting(
        (await client.get(f"/siap-kerja/v/{negotiable.id}")).text
    )


async def test_a_filled_vacancy_says_so_and_leaves_the_sitemap(client, people):
    owner = await make.employer(people.recruiter, people.officer)
    vacancy = await make.vacancy(owner, people.recruiter, people.officer, openings=1)
    application = await services.apply(vacancy, people.seeker, cover_note="", url="/")
    when = datetime.combine(make.in_days(2), time(9), CITY_TIMEZONE)
    for action in (Action.SHORTLIST, Action.INVITE, Action.HIRE):
        application = await services.move_application(
            application, action, actor=people.recruiter, url="/", interview_at=when,
            interview_place="Kantor",
        )  # fmt: skip
    page = await client.get(f"/siap-kerja/v/{vacancy.id}")
    assert "This vacancy is filled" in page.text or "Lowongan ini sudah terisi" in page.text
    data = _job_posting(page.text)
    assert datetime.fromisoformat(data["validThrough"]) <= datetime.now().astimezone()
    sitemap = ElementTree.fromstring((await client.get("/siap-kerja/sitemap.xml")).content)
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert not any(loc.endswith(f"/v/{vacancy.id}") for loc in locations)
