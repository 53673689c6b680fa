"""A confidential report is seen whole by its reporter and the officers who work on it, and by
nobody else: not through the report page, nor through the error page of a form posted to it, nor
through the links of its photos."""

from __future__ import annotations

import re

from laksa import services
from laksa.models import Report
from laksa.workflow import Action
from laksa_factories import PASSWORD, jpeg, report_form
from tangerang_live import Department

SECRET_TITLE = "Pungutan liar di kantor kelurahan"
SECRET_TEXT = "Oknum meminta uang tunai setiap Senin pagi"
SECRET_ADDRESS = "Jl. Rahasia No. 7"
PHOTO_LINK = re.compile(r'(/files/[^"\s]+)"')


async def _confidential_resolved_report(client, people) -> Report:
    """A confidential report by ``people.citizen``, with a photo, resolved by the department."""
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(
        people.categories["jalan-rusak"],
        title=SECRET_TITLE,
        description=SECRET_TEXT,
        address=SECRET_ADDRESS,
        privacy="confidential",
    )
    files = [("photos", ("bukti.jpg", jpeg(), "image/jpeg"))]
    assert (await client.post("/laksa/new", data=form, files=files)).status_code == 303
    report = await Report.get(title=SECRET_TITLE)
    department = await Department.get(code="pupr")
    for action in (Action.VERIFY, Action.DISPATCH, Action.START, Action.RESOLVE):
        report = await services.transition(
            report, action, actor=None, department=department, note="Sudah ditangani", url="/"
        )
    return report


def _shows_secrets(text: str) -> bool:
    return any(s in text for s in (SECRET_TITLE, SECRET_TEXT, SECRET_ADDRESS, "-6.1767"))


async def test_error_pages_of_a_confidential_report_show_a_stranger_nothing(client, people):
    report = await _confidential_resolved_report(client, people)
    await client.post("/logout")
    await client.sign_in(people.neighbour.email, PASSWORD)
    base = f"/laksa/r/{report.tracking_number}"
    answers = [
        await client.post(f"{base}/rate", data={"rating": "9"}),
        await client.post(f"{base}/rate", data={"rating": "5"}),
        await client.post(f"{base}/reopen", data={"note": ""}),
        await client.post(f"{base}/reopen", data={"note": "Belum beres"}),
        await client.post(f"{base}/rate", data={"rating": "9"}, headers={"HX-Request": "true"}),
        await client.get(base),
        await client.get(base, headers={"HX-Request": "true"}),
    ]
    for answer in answers:
        assert not _shows_secrets(answer.text), (answer.request.url, answer.status_code)
        assert "/files/" not in answer.text
    # Nothing the stranger sent changed the report.
    unchanged = await Report.get(id=report.id)
    assert unchanged.rating is None and unchanged.status == report.status


async def test_the_reporter_still_sees_the_error_beside_the_form(client, people):
    report = await _confidential_resolved_report(client, people)
    answer = await client.post(f"/laksa/r/{report.tracking_number}/rate", data={"rating": "9"})
    assert answer.status_code == 422
    assert SECRET_TITLE in answer.text and 'id="rating-error"' in answer.text


async def test_photo_links_of_a_confidential_report_work_only_for_those_who_may_see_it(
    client, people
):
    report = await _confidential_resolved_report(client, people)
    page = await client.get(f"/laksa/r/{report.tracking_number}")
    links = [link.replace("&amp;", "&") for link in PHOTO_LINK.findall(page.text)]
    assert links, "the reporter sees the photo"
    for link in links:
        assert (await client.get(link)).status_code == 200
    await client.post("/logout")
    for link in links:
        assert (await client.get(link)).status_code == 404, "anonymous visitor"
    await client.sign_in(people.neighbour.email, PASSWORD)
    for link in links:
        assert (await client.get(link)).status_code == 404, "another citizen"
    await client.post("/logout")
    await client.sign_in(people.pupr.email, PASSWORD)
    officer_page = await client.get(f"/laksa/officer/r/{report.tracking_number}")
    officer_links = [link.replace("&amp;", "&") for link in PHOTO_LINK.findall(officer_page.text)]
    assert officer_links
    for link in officer_links:
        assert (await client.get(link)).status_code == 200
