"""Odd input never reaches a 500: ids out of range, wrong types, overlong and hostile text."""

from __future__ import annotations

import siap_kerja_factories as make
from siap_kerja_factories import PASSWORD

HUGE = str(2**63)
PATHS = [
    f"/siap-kerja/v/{HUGE}",
    "/siap-kerja/v/0",
    f"/siap-kerja/fairs/{HUGE}",
    f"/siap-kerja/?after={HUGE}",
    f"/siap-kerja/?before={HUGE}",
    "/siap-kerja/?after=-1&before=x",
    "/siap-kerja/?q=%00%ff%22%27%3B--%20OR%201%3D1&salary=99999999999999999999",
    "/siap-kerja/?q=" + "kata%20" * 50,
    "/siap-kerja/?q=%E2%9C%A8%F0%9F%98%80&education=-1&posted=1e9&type=%00",
    "/siap-kerja/card/check/not-a-token",
    "/siap-kerja/card/check/" + "A" * 2000,
    "/siap-kerja/officer/check-in/..%2F..%2Fetc",
]
SIGNED_IN_PATHS = [
    f"/siap-kerja/applications/{HUGE}",
    f"/siap-kerja/applications/{HUGE}/cv",
    f"/siap-kerja/tickets/{HUGE}",
    f"/siap-kerja/employer/{HUGE}/vacancies/new",
    f"/siap-kerja/employer/vacancies/{HUGE}",
    f"/siap-kerja/employer/applications/{HUGE}",
    f"/siap-kerja/v/{HUGE}/apply",
]


async def test_odd_urls_answer_4xx_or_a_page_never_5xx(client, people):
    owner = await make.employer(people.recruiter, people.officer)
    await make.vacancy(owner, people.recruiter, people.officer)
    for path in PATHS:
        response = await client.get(path)
        assert response.status_code < 500, path
    await client.sign_in(people.seeker.email, PASSWORD)
    for path in PATHS + SIGNED_IN_PATHS:
        response = await client.get(path)
        assert response.status_code < 500, path
    await client.sign_in(people.officer.email, PASSWORD)
    for path in [f"/siap-kerja/officer/employers/{HUGE}", f"/siap-kerja/officer/cards/{HUGE}"]:
        assert (await client.get(path)).status_code == 404, path
    odd_form = {"decision": "\x00", "reason": "x" * 10_000}
    assert (
        await client.post(f"/siap-kerja/officer/employers/{owner.id}", data=odd_form)
    ).status_code == 400
