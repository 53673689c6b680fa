"""The AK/1 card: applying, approval with a number and validity, the printable card whose QR
opens a public check page, six-monthly reports with a reminder task, and placement on hire."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import siap_kerja_factories as make
from siap_kerja import services
from siap_kerja.models import Card
from siap_kerja.workflow import Action, CardStatus
from siap_kerja_factories import PASSWORD
from tangerang_live import CITY_TIMEZONE, Notification, city_today
from tangerang_live.testing import text_of

FORM = {
    "full_name": "Budi Santoso",
    "nik": "3671011203980001",
    "education": "3",
    "address": "Jl. Merdeka No. 1",
    "kecamatan": make.KARAWACI,
}


async def _approved(client, people) -> Card:
    await client.sign_in(people.seeker.email, PASSWORD)
    assert (await client.post("/siap-kerja/card", data=FORM)).status_code == 303
    card = await Card.get(holder_id=people.seeker.id)
    await client.sign_in(people.officer.email, PASSWORD)
    decided = await client.post(
        f"/siap-kerja/officer/cards/{card.id}", data={"decision": "approve"}
    )
    assert decided.status_code == 303
    return await Card.get(id=card.id)


async def test_only_city_residents_apply_and_errors_sit_by_the_field(client, people):
    await client.sign_in(people.seeker.email, PASSWORD)
    outside = await client.post("/siap-kerja/card", data={**FORM, "nik": "3603011203980001"})
    assert outside.status_code == 422 and 'id="nik-error"' in outside.text
    bad = await client.post("/siap-kerja/card", data={**FORM, "nik": "123", "kecamatan": "X"})
    assert 'id="nik-error"' in bad.text and 'id="kecamatan-error"' in bad.text
    assert not await Card.exists()


async def test_an_approved_card_is_numbered_valid_two_years_and_printable(client, people):
    card = await _approved(client, people)
    today = city_today()
    assert card.status == CardStatus.ACTIVE and card.number.startswith("AK1-3671-")
    assert card.issued_on == today
    assert card.valid_until.year == today.year + 2 and card.valid_until < today.replace(
        year=today.year + 2
    ) + timedelta(days=1)
    assert card.report_due_on is not None and card.report_due_on > today
    await client.sign_in(people.seeker.email, PASSWORD)
    printable = await client.get("/siap-kerja/card/print")
    assert printable.status_code == 200
    assert card.number in printable.text and "<svg" in printable.text
    assert "siap_kerja_print.css" in printable.text  # the A6 print sheet
    check_path = re.search(r"https?://[^/\"]+(/siap-kerja/card/check/[^\"<\s]+)", printable.text)[1]
    await client.post("/logout")
    check = await client.get(check_path)
    assert check.status_code == 200
    text = text_of(check.text)
    assert card.number in text and "Budi Santoso" in text
    assert "3671011203980001" not in text and "Merdeka" not in text  # nothing but the four facts
    tampered = check_path[:-3] + ("AAA" if not check_path.endswith("AAA") else "BBB")
    assert (await client.get(tampered)).status_code == 404


async def test_a_hire_through_the_portal_marks_the_card_placed(client, people):
    card = await _approved(client, people)
    owner = await make.employer(people.recruiter, people.officer)
    vacancy = await make.vacancy(owner, people.recruiter, people.officer, openings=1)
    application = await services.apply(vacancy, people.seeker, cover_note="", url="/")
    when = datetime.combine(make.in_days(2), time(9), CITY_TIMEZONE)
    for action in (Action.SHORTLIST, Action.INVITE, Action.HIRE):
        application = await services.move_application(
            application, action, actor=people.recruiter, url="/", interview_at=when,
            interview_place="Kantor",
        )  # fmt: skip
    assert (await Card.get(id=card.id)).status == CardStatus.PLACED


async def test_the_reminder_task_tells_each_holder_once_per_report_day(client, people):
    card = await _approved(client, people)
    assert await services.remind_card_reports("/siap-kerja/card") == 0  # not due yet
    await Card.filter(id=card.id).update(report_due_on=city_today())
    assert await services.remind_card_reports("/siap-kerja/card") == 1
    assert await services.remind_card_reports("/siap-kerja/card") == 0
    titles = await Notification.filter(user_id=people.seeker.id).values_list("title", flat=True)
    assert titles.count("Time to report on your AK/1 card") == 1
    await client.sign_in(people.seeker.email, PASSWORD)
    assert "report is due" in (await client.get("/siap-kerja/widgets/mine")).text
    reported = await client.post("/siap-kerja/card/report", data={"still_looking": "yes"})
    assert reported.status_code == 303
    after = await Card.get(id=card.id)
    assert after.last_reported_on == city_today() and after.report_due_on > city_today()
    missing = await client.post("/siap-kerja/card/report", data={})
    assert missing.status_code == 422 and 'id="still_looking-error"' in missing.text
