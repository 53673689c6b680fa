"""A report is public only once the Live Room verifies it, and the public never reads its reporter's
full name; the officer's page says where the report is and why no step can be taken yet."""

from __future__ import annotations

from importlib import import_module

from laksa import services
from laksa.models import Report, TimelineEvent
from laksa.workflow import Action, Actor, Status, waiting_for
from laksa_factories import PASSWORD, report_form, verified
from tangerang_live import Department
from tangerang_live.testing import text_of
from tortoise import Tortoise


async def _file(client, people, **overrides) -> Report:
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["pju"], **overrides)
    assert (await client.post("/laksa/new", data=form)).status_code == 303
    await client.post("/logout")
    return await Report.all().order_by("-id").first()


async def test_a_report_waits_for_the_live_room_before_the_public_sees_it(client, people):
    report = await _file(client, people, title="Lampu jalan padam di Jl. Mawar")
    assert not report.listed and report.verified_at is None
    for url in ("/laksa/", "/laksa/reports.geojson", "/laksa/widgets/latest"):
        assert "Lampu jalan padam" not in (await client.get(url)).text, url
    stranger = text_of((await client.get(f"/laksa/r/{report.tracking_number}")).text)
    assert "Lampu jalan padam" not in stranger and "Diterima" in stranger

    await client.sign_in(people.citizen.email, PASSWORD)
    own = text_of((await client.get(f"/laksa/r/{report.tracking_number}")).text)
    assert "Lampu jalan padam" in own
    assert "Hanya Anda dan petugas, sampai Live Room memverifikasinya" in own
    await client.post("/logout")
    await client.sign_in(people.dishub.email, PASSWORD)
    officer = (await client.get(f"/laksa/r/{report.tracking_number}")).text
    assert "Lampu jalan padam" in officer
    await client.post("/logout")

    await verified(report)
    assert "Lampu jalan padam" in (await client.get("/laksa/")).text
    page = text_of((await client.get(f"/laksa/r/{report.tracking_number}")).text)
    assert "Lampu jalan padam" in page


async def test_the_public_reads_warga_kecamatan_or_the_first_name_never_the_full_name(
    client, people
):
    full = people.citizen.full_name
    by_area = await verified(await _file(client, people, kecamatan="Cibodas"))
    by_name = await verified(await _file(client, people, name_shown="first_name"))
    area_page = text_of((await client.get(f"/laksa/r/{by_area.tracking_number}")).text)
    name_page = text_of((await client.get(f"/laksa/r/{by_name.tracking_number}")).text)
    assert "Warga Cibodas" in area_page and full not in area_page
    assert full.split()[0] in name_page and full not in name_page
    await client.sign_in(people.citizen.email, PASSWORD)
    own = text_of((await client.get(f"/laksa/r/{by_area.tracking_number}")).text)
    assert full in own and "Pelapor menurut orang lain Warga Cibodas" in own


async def test_a_name_choice_that_is_not_offered_is_refused_on_its_field(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["pju"], name_shown="full_name")
    response = await client.post("/laksa/new", data=form)
    assert response.status_code == 422
    assert 'id="name_shown-error"' in response.text
    assert not await Report.exists()


async def test_existing_reports_the_live_room_handled_stay_public(client, people):
    """The data migration: reports past "received" (or rejected after verifying) count as
    verified; the others leave the public lists until the Live Room verifies them."""
    waiting = await _file(client, people, title="Menunggu verifikasi")
    handled = await _file(client, people, title="Sudah diteruskan")
    rejected_late = await _file(client, people, title="Ditolak setelah verifikasi")
    rejected_early = await _file(client, people, title="Ditolak langsung")
    department = await Department.get(id=handled.department_id)
    for report, actions in (
        (handled, [Action.VERIFY, Action.DISPATCH]),
        (rejected_late, [Action.VERIFY, Action.REJECT]),
        (rejected_early, [Action.REJECT]),
    ):
        for action in actions:
            await services.transition(
                report, action, actor=None, department=department, note="x", url="/"
            )
    # As the database looked before the migration: everything listed, nothing verified.
    await Report.all().update(listed=True, verified_at=None)
    migration = import_module("laksa.migrations.0004_verified_reports_and_reporter_names")

    class Apps:
        def get_model(self, app: str, name: str):
            return Tortoise.apps[app][name]

    await migration.mark_triaged_reports_verified(Apps(), None)
    rows = {r.title: (r.listed, r.verified_at is not None) for r in await Report.all()}
    assert rows == {
        waiting.title: (False, False),
        handled.title: (True, True),
        rejected_late.title: (True, True),
        rejected_early.title: (False, False),
    }
    assert await TimelineEvent.filter(action="verify").count() == 2


def test_whose_turn_it_is_in_each_state():
    assert waiting_for(Status.RECEIVED) == waiting_for(Status.VERIFIED) == Actor.LIVE_ROOM
    for status in (Status.DISPATCHED, Status.IN_PROGRESS, Status.REOPENED):
        assert waiting_for(status) == Actor.DEPARTMENT
    assert waiting_for(Status.RESOLVED) == Actor.REPORTER
    assert waiting_for(Status.CLOSED) is waiting_for(Status.REJECTED) is None


async def test_the_officer_page_shows_where_and_why_no_step_yet(client, people):
    report = await _file(client, people, latitude="-6.17670", longitude="106.64050")
    await client.sign_in(people.dishub.email, PASSWORD)
    page = await client.get(f"/laksa/officer/r/{report.tracking_number}")
    assert 'href="geo:-6.176700,106.640500"' in page.text
    assert "openstreetmap.org/?mlat=-6.176700&amp;mlon=106.640500" in page.text
    assert 'data-map="show"' in page.text
    words = text_of(page.text)
    assert "Menunggu Live Room memverifikasi dan meneruskannya ke dinas." in words
    # The department may only add a note until the Live Room dispatches it: one form, one choice.
    assert page.text.count('name="action"') == 1 and 'value="note"' in page.text
    assert page.text.count("<form") - page.text.count('action="/logout"') <= 2  # + moderation
    noted = await client.post(
        f"/laksa/officer/r/{report.tracking_number}/act",
        data={"action": "note", "note": "Kami cek ke lokasi besok.", "visibility": "internal"},
    )
    assert noted.status_code == 303
    assert await TimelineEvent.exists(report_id=report.id, note="Kami cek ke lokasi besok.")
    empty = await client.post(
        f"/laksa/officer/r/{report.tracking_number}/act", data={"action": "note", "note": ""}
    )
    assert empty.status_code == 422 and 'id="note-error"' in empty.text


async def test_resolving_without_a_note_is_refused_next_to_the_note(client, people):
    report = await verified(await _file(client, people))
    department = await Department.get(id=report.department_id)
    for action in (Action.DISPATCH, Action.START):
        report = await services.transition(
            report, action, actor=None, department=department, url="/"
        )
    await client.sign_in(people.dishub.email, PASSWORD)
    refused = await client.post(
        f"/laksa/officer/r/{report.tracking_number}/act", data={"action": "resolve", "note": ""}
    )
    assert refused.status_code == 422
    assert 'aria-describedby="note-error"' in refused.text and 'id="note-error"' in refused.text
    assert (await Report.get(id=report.id)).status == Status.IN_PROGRESS
