"""The Live Room and the departments at work: the whole workflow through the officer pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from laksa import services
from laksa.models import Photo, PhotoKind, Report, TimelineEvent
from laksa_factories import PASSWORD, jpeg, report_form, verified
from tangerang_live import Department, Notification, ensure_default_holidays
from tangerang_live.testing import text_of


async def _filed(client, people, category="jalan-rusak", **overrides):
    await client.sign_in(people.citizen.email, PASSWORD)
    response = await client.post(
        "/laksa/new", data=report_form(people.categories[category], **overrides)
    )
    assert response.status_code == 303
    await client.post("/logout")
    return await Report.filter().order_by("-id").first()


async def _act(client, report, action, **data):
    return await client.post(
        f"/laksa/officer/r/{report.tracking_number}/act", data={"action": action, **data}
    )


async def test_live_room_verifies_and_dispatches_then_department_resolves(client, people):
    report = await _filed(client, people)
    await client.sign_in(people.live_room.email, PASSWORD)
    queue = await client.get("/laksa/officer/")
    assert report.tracking_number in queue.text
    assert (await _act(client, report, "verify")).status_code == 303
    pupr = (await report.department).id
    assert (await _act(client, report, "dispatch", department=str(pupr))).status_code == 303
    await client.post("/logout")

    await client.sign_in(people.pupr.email, PASSWORD)
    assert report.tracking_number in (await client.get("/laksa/officer/")).text
    assert (await _act(client, report, "start")).status_code == 303
    response = await client.post(
        f"/laksa/officer/r/{report.tracking_number}/act",
        data={"action": "resolve", "note": "Lubang sudah ditambal."},
        files=[("photos", ("after.jpg", jpeg(), "image/jpeg"))],
    )
    assert response.status_code == 303
    await report.refresh_from_db()
    assert report.status == "resolved"
    assert report.assignee_id == people.pupr.id
    assert await Photo.filter(report_id=report.id, kind=PhotoKind.UPDATE).count() == 1
    events = await TimelineEvent.filter(report_id=report.id).order_by("id")
    assert [e.to_status for e in events] == [
        "received",
        "verified",
        "dispatched",
        "in_progress",
        "resolved",
    ]
    assert events[-1].actor_id == people.pupr.id and events[-1].note == "Lubang sudah ditambal."
    # The reporter was told at every change: four notifications under the bell.
    assert await Notification.filter(user_id=people.citizen.id).count() == 4
    await client.post("/logout")
    page = text_of((await client.get(f"/laksa/r/{report.tracking_number}")).text)
    assert "Lubang sudah ditambal." in page
    assert "Agus PUPR" not in page  # the public sees the department, not the officer


async def test_another_department_can_neither_see_nor_act(client, people):
    report = await _filed(client, people)
    await client.sign_in(people.live_room.email, PASSWORD)
    await _act(client, report, "verify")
    await _act(client, report, "dispatch", department=str(report.department_id))
    await client.post("/logout")
    await client.sign_in(people.dishub.email, PASSWORD)
    assert report.tracking_number not in (await client.get("/laksa/officer/")).text
    assert (await client.get(f"/laksa/officer/r/{report.tracking_number}")).status_code == 403
    assert (await _act(client, report, "start")).status_code == 403
    await report.refresh_from_db()
    assert report.status == "dispatched"


async def test_departments_cannot_verify_and_citizens_cannot_reach_queues(client, people):
    report = await _filed(client, people)
    await client.sign_in(people.pupr.email, PASSWORD)
    assert (await _act(client, report, "verify")).status_code == 403
    await client.post("/logout")
    await client.sign_in(people.citizen.email, PASSWORD)
    assert (await client.get("/laksa/officer/")).status_code == 403
    assert (await _act(client, report, "verify")).status_code == 403
    await report.refresh_from_db()
    assert report.status == "received"


async def test_reject_needs_a_reason_and_is_final(client, people):
    report = await _filed(client, people)
    await client.sign_in(people.live_room.email, PASSWORD)
    response = await _act(client, report, "reject")
    assert response.status_code == 422 and 'id="note-error"' in response.text
    await report.refresh_from_db()
    assert report.status == "received"
    assert (await _act(client, report, "reject", note="Di luar wilayah kota.")).status_code == 303
    await report.refresh_from_db()
    assert report.status == "rejected" and report.due_on is None
    assert (await _act(client, report, "verify")).status_code == 403


async def test_reroute_moves_the_report_to_another_queue(client, people):
    report = await _filed(client, people, category="pju")
    await client.sign_in(people.live_room.email, PASSWORD)
    await _act(client, report, "verify")
    await _act(client, report, "dispatch", department=str(report.department_id))
    department = await Department.get(code="pupr")
    response = await _act(client, report, "reroute", department=str(department.id), note="PUPR")
    assert response.status_code == 303
    await report.refresh_from_db()
    assert report.department_id == department.id and report.status == "dispatched"
    await client.post("/logout")
    await client.sign_in(people.pupr.email, PASSWORD)
    assert report.tracking_number in (await client.get("/laksa/officer/")).text


async def test_internal_notes_stay_with_officers(client, people):
    report = await verified(await _filed(client, people))
    await client.sign_in(people.live_room.email, PASSWORD)
    url = f"/laksa/officer/r/{report.tracking_number}/note"
    await client.post(url, data={"note": "Cek dulu ke lurah setempat.", "visibility": "internal"})
    await client.post(url, data={"note": "Kami sedang memeriksa laporan.", "visibility": "public"})
    officer_page = text_of((await client.get(f"/laksa/officer/r/{report.tracking_number}")).text)
    assert "Cek dulu ke lurah setempat." in officer_page
    await client.post("/logout")
    public = text_of((await client.get(f"/laksa/r/{report.tracking_number}")).text)
    assert "Kami sedang memeriksa laporan." in public
    assert "Cek dulu ke lurah setempat." not in public


async def test_overdue_reports_are_flagged_and_sorted_first(client, people):
    fresh = await _filed(client, people)
    old = await _filed(client, people, title="Laporan lama yang terlewat")
    await Report.filter(id=old.id).update(due_on=(datetime.now(UTC) - timedelta(days=3)).date())
    await client.sign_in(people.live_room.email, PASSWORD)
    html = (await client.get("/laksa/officer/")).text
    assert html.index(old.tracking_number) < html.index(fresh.tracking_number)
    assert "laksa-overdue-row" in html
    only = (await client.get("/laksa/officer/", params={"overdue": "1"})).text
    assert old.tracking_number in only and fresh.tracking_number not in only
    widget = text_of((await client.get("/laksa/widgets/queue")).text)
    assert widget.startswith("2 ")
    assert "1 " in widget


async def test_moderator_hides_text_with_a_reason_in_the_audit_trail(client, people):
    from tangerang_live import AuditEntry

    report = await _filed(client, people, title="Judul kasar sekali")
    await client.sign_in(people.live_room.email, PASSWORD)
    url = f"/laksa/officer/r/{report.tracking_number}/hide"
    assert (await client.post(url, data={"target": "text", "reason": ""})).status_code == 422
    hidden = await client.post(url, data={"target": "text", "reason": "Kata-kata kasar"})
    assert hidden.status_code == 303
    entry = await AuditEntry.get(action="laksa.hide_text")
    assert entry.target == report.tracking_number
    assert entry.detail["reason"] == "Kata-kata kasar"
    await client.post("/logout")
    assert "Judul kasar sekali" not in (await client.get(f"/laksa/r/{report.tracking_number}")).text
    assert "Judul kasar sekali" not in (await client.get("/laksa/")).text


async def test_reporter_reopens_then_rates(client, people):
    report = await _filed(client, people)
    dept = await report.department
    for action in ("verify", "dispatch", "start", "resolve"):
        await services.transition(
            report, services.Action(action), actor=None, department=dept, note="ok", url="/"
        )
    await client.sign_in(people.neighbour.email, PASSWORD)
    url = f"/laksa/r/{report.tracking_number}"
    assert (await client.post(f"{url}/reopen", data={"note": "Belum"})).status_code == 403
    assert (await client.post(f"{url}/rate", data={"rating": "1"})).status_code == 403
    await report.refresh_from_db()
    assert report.status == "resolved" and report.rating is None
    await client.post("/logout")
    await client.sign_in(people.citizen.email, PASSWORD)
    assert (await client.post(f"{url}/reopen", data={"note": ""})).status_code == 422
    assert (await client.post(f"{url}/reopen", data={"note": "Masih bocor."})).status_code == 303
    await report.refresh_from_db()
    assert report.status == "reopened"
    for action in ("start", "resolve"):
        await services.transition(report, services.Action(action), actor=None, note="ok", url="/")
    assert (await client.post(f"{url}/rate", data={"rating": "9"})).status_code == 422
    response = await client.post(f"{url}/rate", data={"rating": "5", "comment": "Mantap"})
    assert response.status_code == 303
    await report.refresh_from_db()
    assert report.rating == 5 and report.rating_comment == "Mantap"
    assert (await client.post(f"{url}/rate", data={"rating": "1"})).status_code == 422
    await report.refresh_from_db()
    assert report.rating == 5


async def test_resolved_reports_close_after_ten_working_days(client, people):
    await ensure_default_holidays()
    report = await _filed(client, people)
    start = datetime(2026, 8, 3, 3, tzinfo=UTC)  # a Monday
    for action in ("verify", "dispatch", "start", "resolve"):
        report = await services.transition(
            report,
            services.Action(action),
            actor=None,
            department=await report.department,
            at=start,
            url="/",
        )
    # Ten working days after Monday 3 August, skipping 17 August (a holiday in the table), is
    # Tuesday 18 August: the reporter may reopen until then, and it closes the day after.
    assert report.due_on == date(2026, 8, 18)
    laksa = client.portal.registry.context("laksa")

    def report_url(number):
        return laksa.url("report", number=number)

    assert await services.close_expired(report_url, datetime(2026, 8, 18, 3, tzinfo=UTC)) == 0
    assert await services.close_expired(report_url, datetime(2026, 8, 19, 3, tzinfo=UTC)) == 1
    await report.refresh_from_db()
    assert report.status == "closed"
    # The reporter's note about the closing links to the report's page.
    closing = await Notification.filter(user_id=people.citizen.id).order_by("-id").first()
    assert closing.url == f"/laksa/r/{report.tracking_number}"
    await client.sign_in(people.citizen.email, PASSWORD)
    response = await client.post(f"/laksa/r/{report.tracking_number}/reopen", data={"note": "Lagi"})
    assert response.status_code == 422


async def test_the_scheduled_task_closes_expired_reports_every_quarter_hour(client, people):
    await ensure_default_holidays()
    expired, fresh = await _filed(client, people), await _filed(client, people)
    now = datetime.now(UTC)
    for report, resolved_at in ((expired, now - timedelta(days=40)), (fresh, now)):
        for action in ("verify", "dispatch", "start", "resolve"):
            await services.transition(
                report,
                services.Action(action),
                actor=None,
                department=await report.department,
                at=resolved_at,
                url="/",
            )
    runner = client.app.state.task_runner  # the portal's own (tests never start its loop)
    assert "laksa.close_resolved" in await runner.tick(now)
    await expired.refresh_from_db()
    await fresh.refresh_from_db()
    assert (expired.status, fresh.status) == ("closed", "resolved")
    closing = await Notification.filter(user_id=people.citizen.id).order_by("-id").first()
    assert closing.url == f"/laksa/r/{expired.tracking_number}"
    # Due again a quarter of an hour after it started, not before.
    assert "laksa.close_resolved" not in await runner.tick(now + timedelta(minutes=14))
    assert "laksa.close_resolved" in await runner.tick(now + timedelta(minutes=15))


async def test_the_reporter_is_notified_in_their_own_language(client, people):
    from tangerang_live import OutboxMessage

    report = await _filed(client, people)
    english = await _filed(client, people, title="Another broken road here")
    await Report.filter(id=english.id).update(reporter_id=people.neighbour.id)
    people.neighbour.locale = "en"
    await people.neighbour.save(update_fields=["locale"])
    await client.sign_in(people.live_room.email, PASSWORD)
    await _act(client, report, "verify")
    await _act(client, english, "verify")
    [indonesian] = await Notification.filter(user_id=people.citizen.id)
    assert indonesian.title == f"Laporan {report.tracking_number}: Terverifikasi"
    assert indonesian.url == f"/laksa/r/{report.tracking_number}"
    [in_english] = await Notification.filter(user_id=people.neighbour.id)
    assert in_english.title == f"Report {english.tracking_number}: Verified"
    mail = await OutboxMessage.get(recipient=people.citizen.email)
    assert mail.subject == indonesian.title and report.tracking_number in mail.body


async def test_moderator_hides_an_abusive_reopening_note(client, people):
    from tangerang_live import AuditEntry

    report = await _filed(client, people)
    dept = await report.department
    for action in ("verify", "dispatch", "start", "resolve"):
        await services.transition(
            report, services.Action(action), actor=None, department=dept, url="/"
        )
    await services.reopen(report, reporter=people.citizen, note="Petugasnya bodoh semua!", url="/")
    event = await TimelineEvent.get(report_id=report.id, action="reopen")
    await client.sign_in(people.dishub.email, PASSWORD)  # not a moderator
    url = f"/laksa/officer/r/{report.tracking_number}/hide"
    denied = await client.post(url, data={"target": f"note-{event.id}", "reason": "Kasar"})
    assert denied.status_code == 403
    await client.post("/logout")
    await client.sign_in(people.live_room.email, PASSWORD)
    response = await client.post(url, data={"target": f"note-{event.id}", "reason": "Kasar"})
    assert response.status_code == 303
    entry = await AuditEntry.get(action="laksa.hide_note")
    assert entry.detail["reason"] == "Kasar" and entry.target == report.tracking_number
    officer_page = (await client.get(f"/laksa/officer/r/{report.tracking_number}")).text
    assert "Petugasnya bodoh semua!" in officer_page
    await client.post("/logout")
    public = (await client.get(f"/laksa/r/{report.tracking_number}")).text
    assert "Petugasnya bodoh semua!" not in public
    assert "disembunyikan oleh moderator" in public
