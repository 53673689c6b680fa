"""LAKSA inside the portal: navigation, home widgets, federated search, permissions, demo data."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from laksa.demo import CITIZENS, DEMO_PASSWORD, OFFICERS, load_demo
from laksa.models import Category, Photo, Report, TimelineEvent
from laksa.workflow import Status
from laksa_factories import PASSWORD, report_form, verified
from tangerang_live import DemoContext, Permission, Role, ensure_officer
from tangerang_live.testing import create_user, text_of


async def _file(client, people, **overrides):
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["pju"], **overrides)
    assert (await client.post("/laksa/new", data=form)).status_code == 303
    await client.post("/logout")
    await verified()


async def _sign_in_manager(client):
    await ensure_officer(
        "manager@kominfo.example",
        "Manajer LAKSA",
        departments=["diskominfo"],
        permissions=["laksa.manage"],
        password=PASSWORD,
    )
    await client.sign_in("manager@kominfo.example", PASSWORD)


async def test_home_shows_the_right_widget_to_each_visitor(client, people):
    await _file(client, people, title="Lampu padam di gang Mawar")
    home = (await client.get("/")).text
    assert 'hx-get="/laksa/widgets/latest"' in home
    latest = text_of((await client.get("/laksa/widgets/latest")).text)
    assert "Lampu padam di gang Mawar" in latest

    await client.sign_in(people.citizen.email, PASSWORD)
    home = (await client.get("/")).text
    assert 'hx-get="/laksa/widgets/mine"' in home
    mine = (await client.get("/laksa/widgets/mine")).text
    assert "Lampu padam di gang Mawar" in mine and "laksa-red" in mine
    await client.post("/logout")

    await client.sign_in(people.dishub.email, PASSWORD)
    assert 'hx-get="/laksa/widgets/queue"' in (await client.get("/")).text
    assert text_of((await client.get("/laksa/widgets/queue")).text).startswith("1 ")


async def test_navigation_follows_roles(client, people):
    anonymous = (await client.get("/")).text
    assert 'href="/laksa/"' in anonymous and 'href="/laksa/officer/"' not in anonymous
    await client.sign_in(people.pupr.email, PASSWORD)
    officer = (await client.get("/")).text
    assert 'href="/laksa/officer/"' in officer
    assert 'href="/laksa/manage/categories"' not in officer  # laksa.manage not granted
    assert (await client.get("/laksa/manage/categories")).status_code == 403


async def test_federated_search_finds_public_reports_only(client, people):
    await _file(client, people, title="Lampu taman kota padam")
    await _file(client, people, title="Lampu rahasia padam", privacy="confidential")
    results = text_of((await client.get("/search", params={"q": "padam"})).text)
    assert "Lampu taman kota padam" in results
    assert "Lampu rahasia padam" not in results


async def test_public_list_filters_and_pages(client, people):
    # One citizen files two dozen reports here: more than an hour's default allowance.
    await create_user("admin@kota.example", PASSWORD, role=Role.ADMIN)
    await client.sign_in("admin@kota.example", PASSWORD)
    limits = {"reports_per_hour": "100", "open311_per_key_per_hour": "500"}
    assert (await client.post("/admin/plugins/laksa/settings", data=limits)).status_code == 303
    await client.post("/logout")
    for i in range(23):
        await _file(client, people, title=f"Laporan nomor {i:02d}", kecamatan="Ciledug")
    await _file(client, people, title="Laporan di Benda", kecamatan="Benda")
    first = (await client.get("/laksa/")).text
    assert "Laporan di Benda" in first and "Laporan nomor 00" not in first
    assert 'rel="next"' in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = (await client.get(next_url.replace("&amp;", "&"))).text
    assert "Laporan nomor 00" in second and "Laporan di Benda" not in second
    benda = (await client.get("/laksa/", params={"kecamatan": "Benda"})).text
    assert "Laporan di Benda" in benda and "Laporan nomor" not in benda
    none = (await client.get("/laksa/", params={"status": "resolved"})).text
    assert "Laporan nomor" not in none and "Laporan di Benda" not in none
    geo = (await client.get("/laksa/reports.geojson", params={"kecamatan": "Benda"})).json()
    assert [f["properties"]["title"] for f in geo["features"]] == ["Laporan di Benda"]
    assert geo["features"][0]["properties"]["color"] == "red"


async def test_permissions_are_declared(client):
    permissions = [
        hit
        for _plugin, hits in await client.portal.registry.call("permissions")
        for hit in hits
        if isinstance(hit, Permission)
    ]
    codes = {p.code for p in permissions}
    assert {"laksa.verify", "laksa.handle", "laksa.moderate", "laksa.manage"} <= codes


async def test_manager_edits_categories_and_api_keys(client, people):
    await _sign_in_manager(client)
    pupr = (await people.categories["jalan-rusak"].department).id
    bad = await client.post(
        "/laksa/manage/categories/new",
        data={"code": "Bad Code", "name_id": "x", "name_en": "Pavement", "department": ""},
    )
    assert bad.status_code == 422 and 'id="code-error"' in bad.text and "Pavement" in bad.text
    good = await client.post(
        "/laksa/manage/categories/new",
        data={
            "code": "trotoar",
            "name_id": "Trotoar rusak",
            "name_en": "Broken pavement",
            "department": str(pupr),
            "order": "5",
            "is_active": "1",
        },
    )
    assert good.status_code == 303
    assert (await Category.get(code="trotoar")).department_id == pupr
    page = await client.post("/laksa/manage/keys", data={"name": "Aplikasi Kelurahan"})
    key = page.text.split('class="laksa-key">')[1].split("<")[0]
    response = await client.post(
        "/laksa/open311/v2/requests.json",
        data={
            "api_key": key,
            "service_code": "trotoar",
            "address_string": "Jl. Sudirman",
            "attribute[kecamatan]": "Tangerang",
        },
    )
    assert response.status_code == 201


async def test_a_report_in_a_category_this_worker_has_not_seen_yet_is_listed(client, people):
    """Another worker (or the demo command) created the category a moment ago, before this
    worker's once-a-second poll noticed: the list reads the categories again instead of failing."""
    assert (await client.get("/laksa/")).status_code == 200  # the cache is filled
    pju = people.categories["pju"]
    newer = await Category.create(
        code="jembatan", name_id="Jembatan rusak", name_en="Broken bridge",
        department_id=pju.department_id,
    )  # fmt: skip
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(newer, title="Jembatan gantung miring")
    assert (await client.post("/laksa/new", data=form)).status_code == 303
    await verified()
    page = await client.get("/laksa/")
    assert page.status_code == 200
    assert "Jembatan gantung miring" in page.text and "Jembatan rusak" in text_of(page.text)


async def test_category_edits_reach_the_public_filters_at_once(client, people):
    """Categories are cached per worker; a manager's edit must not wait for a restart."""
    await _sign_in_manager(client)
    pupr = (await people.categories["jalan-rusak"].department).id
    form = {
        "code": "trotoar", "name_id": "Trotoar rusak", "name_en": "Broken pavement",
        "department": str(pupr), "order": "5", "is_active": "1",
    }  # fmt: skip
    assert "Trotoar rusak" not in (await client.get("/laksa/")).text  # the cache is filled
    assert (await client.post("/laksa/manage/categories/new", data=form)).status_code == 303
    assert ">Trotoar rusak</option>" in (await client.get("/laksa/")).text

    category = await Category.get(code="trotoar")
    renamed = {**form, "name_id": "Trotoar berlubang", "is_active": ""}
    response = await client.post(f"/laksa/manage/categories/{category.id}", data=renamed)
    assert response.status_code == 303
    public = (await client.get("/laksa/")).text
    assert "Trotoar" not in public  # inactive: gone from the public filter
    manage = text_of((await client.get("/laksa/manage/categories")).text)
    assert "Trotoar berlubang" in manage


async def test_demo_data_is_realistic_and_idempotent(client, capsys):
    demo = DemoContext(random=random.Random(7), now=datetime.now(UTC))
    laksa = client.portal.registry.context("laksa")
    await load_demo(demo, laksa)
    count = await Report.all().count()
    assert count >= 300
    states = set(await Report.all().values_list("status", flat=True))
    assert states == set(Status)
    kecamatan = set(await Report.all().values_list("kecamatan", flat=True))
    assert len(kecamatan) == 13
    assert await Photo.all().count() > 50
    assert await TimelineEvent.all().count() > count * 2
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed
    assert all(email in printed for email, *_rest in CITIZENS + OFFICERS)
    await load_demo(DemoContext(random=random.Random(7), now=datetime.now(UTC)), laksa)
    assert await Report.all().count() == count
    await client.sign_in(CITIZENS[0][0], DEMO_PASSWORD)
    assert (await client.get("/laksa/mine")).status_code == 200
