"""The admin pages: users, departments, officers and their permissions, themes, audit log."""

from __future__ import annotations

import re

from tangerang_live.models import AuditEntry, Department, PermissionGrant, Role, User
from tangerang_live.testing import PortalClient, create_user, running_portal, text_of
from test_security import PASSWORD, QUEUE_PLUGIN

ADMIN = "admin@tangerangkota.go.id"


async def as_admin(client: PortalClient) -> User:
    admin = await create_user(ADMIN, PASSWORD, role=Role.ADMIN)
    await client.sign_in(ADMIN, PASSWORD)
    return admin


def audited(action: str, **fields) -> object:
    return AuditEntry.filter(action=action, actor_label=ADMIN, **fields).exists()


async def test_the_city_departments_are_there_from_the_start(tmp_path):
    async with running_portal(tmp_path) as client:
        await as_admin(client)
        page = (await client.get("/admin/departments")).text
        assert 'value="Dinas Pekerjaan Umum dan Penataan Ruang"' in page
        assert 'value="Dinas Komunikasi dan Informatika"' in page
        assert await Department.all().count() == 15


async def test_users_are_searched_filtered_and_paginated(tmp_path):
    async with running_portal(tmp_path) as client:
        await as_admin(client)
        for n in range(30):
            await create_user(f"warga{n:02}@contoh.id", full_name=f"Warga Nomor {n:02}")
        await create_user("andi@contoh.id", full_name="Andi Saputra", phone="+6281311112222")
        first = text_of((await client.get("/admin/users?role=citizen")).text)
        assert "31 akun" in first and "Halaman 1 dari 2" in first
        assert "Andi Saputra" in first  # newest first
        second = text_of((await client.get("/admin/users?role=citizen&page=2")).text)
        assert "Warga Nomor 00" in second and "Andi Saputra" not in second
        by_phone = text_of((await client.get("/admin/users?q=081311112222")).text)
        assert "Andi Saputra" in by_phone and "Warga Nomor" not in by_phone
        live = await client.get("/admin/users?q=andi", headers={"hx-request": "true"})
        assert "<html" not in live.text and "Andi Saputra" in live.text


async def test_deactivating_a_user_ends_their_sessions_and_is_audited(tmp_path):
    async with running_portal(tmp_path) as admin_client:
        await as_admin(admin_client)
        citizen = await create_user("budi@contoh.id", PASSWORD)
        async with PortalClient(
            transport=admin_client._transport, base_url="http://testserver"
        ) as budi:
            budi.app = admin_client.app
            await budi.sign_in("budi@contoh.id", PASSWORD)
            response = await admin_client.post(
                f"/admin/users/{citizen.id}/active", data={"active": "0"}
            )
            assert response.status_code == 303
            assert (await budi.get("/account")).status_code == 303  # signed out
            refused = await budi.post(
                "/login", data={"email": "budi@contoh.id", "password": PASSWORD}
            )
            assert refused.status_code == 400
        assert await audited("user.deactivate", target="budi@contoh.id")
        await admin_client.post(f"/admin/users/{citizen.id}/active", data={"active": "1"})
        assert (await User.get(id=citizen.id)).is_active
        assert await audited("user.activate", target="budi@contoh.id")


async def test_an_admin_cannot_deactivate_themselves(tmp_path):
    async with running_portal(tmp_path) as client:
        admin = await as_admin(client)
        response = await client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
        assert response.status_code == 400
        assert (await User.get(id=admin.id)).is_active


async def test_reset_password_shows_a_one_time_password_that_works(tmp_path):
    async with running_portal(tmp_path) as client:
        await as_admin(client)
        citizen = await create_user("budi@contoh.id", PASSWORD)
        page = await client.post(f"/admin/users/{citizen.id}/password")
        assert page.status_code == 200
        temporary = re.search(r'<code class="secret">([^<]+)</code>', page.text).group(1)
        assert await audited("user.password_reset", target="budi@contoh.id")
        assert temporary not in str(await AuditEntry.all().values_list("detail", flat=True))
        await client.post("/logout")
        await client.sign_in("budi@contoh.id", temporary)


async def test_admin_creates_an_officer_puts_them_in_departments_and_grants_permissions(
    tmp_path,
):
    async with running_portal(tmp_path, enable=["queue_fixture"], entry_points=QUEUE_PLUGIN) as c:
        await as_admin(c)
        pupr = await Department.get(code="pupr")
        dishub = await Department.get(code="dishub")

        bad = await c.post("/admin/officers/new", data={"full_name": "A", "email": "x"})
        assert bad.status_code == 400
        assert 'id="email-error"' in bad.text and 'id="departments-error"' in bad.text
        assert not await User.filter(role=Role.OFFICER).exists()

        created = await c.post(
            "/admin/officers/new",
            data={
                "full_name": "Rudi Hartono",
                "email": "rudi@tangerangkota.go.id",
                "department": [str(pupr.id)],
            },
        )
        assert created.status_code == 201
        officer = await User.get(email="rudi@tangerangkota.go.id")
        assert officer.role == Role.OFFICER
        assert await audited("officer.create", target="rudi@tangerangkota.go.id")

        await c.post(
            f"/admin/users/{officer.id}/departments",
            data={"department": [str(pupr.id), str(dishub.id)]},
        )
        assert {d.code for d in await officer.departments.all()} == {"pupr", "dishub"}
        assert await audited("officer.departments")

        undeclared = await c.post(f"/admin/users/{officer.id}/grants", data={"code": "laksa.x"})
        assert undeclared.status_code == 400
        granted = await c.post(
            f"/admin/users/{officer.id}/grants",
            data={"code": "queue_fixture.handle", "department": str(pupr.id)},
        )
        assert granted.status_code == 303
        assert await audited("permission.grant", target="rudi@tangerangkota.go.id")
        again = await c.post(
            f"/admin/users/{officer.id}/grants",
            data={"code": "queue_fixture.handle", "department": str(pupr.id)},
        )
        assert again.status_code == 400

        grant = await PermissionGrant.get(user=officer)
        await c.post(f"/admin/users/{officer.id}/grants/{grant.id}/delete")
        assert not await PermissionGrant.filter(user=officer).exists()
        assert await audited("permission.revoke", target="rudi@tangerangkota.go.id")


async def test_departments_are_added_renamed_and_closed_with_checks(tmp_path):
    async with running_portal(tmp_path) as client:
        await as_admin(client)
        bad = await client.post("/admin/departments", data={"code": "Bad Code", "name": "X"})
        assert bad.status_code == 400
        assert 'id="code-error"' in bad.text and 'id="name-error"' in bad.text
        assert 'value="bad code"' in bad.text  # the input comes back to be corrected
        duplicate = await client.post(
            "/admin/departments", data={"code": "pupr", "name": "Dinas PUPR lagi"}
        )
        assert duplicate.status_code == 400
        assert await Department.all().count() == 15

        added = await client.post(
            "/admin/departments", data={"code": "bapenda", "name": "Badan Pendapatan Daerah"}
        )
        assert added.status_code == 303
        bapenda = await Department.get(code="bapenda")
        assert await audited("department.create", target="bapenda")
        await client.post(
            f"/admin/departments/{bapenda.id}",
            data={"name": "Badan Pendapatan Daerah Kota Tangerang", "active": "0"},
        )
        await bapenda.refresh_from_db()
        assert (bapenda.name, bapenda.is_active) == (
            "Badan Pendapatan Daerah Kota Tangerang",
            False,
        )
        assert await audited("department.update", target="bapenda")


async def test_the_audit_log_lists_admin_actions_and_sign_ins_newest_first(tmp_path):
    async with running_portal(tmp_path) as client:
        await as_admin(client)
        await client.post("/admin/themes", data={"theme": "kontras"})
        await client.post("/admin/departments", data={"code": "bapenda", "name": "Bapenda"})
        await client.post("/login", data={"email": "orang@contoh.id", "password": "salah"})
        await client.sign_in(ADMIN, PASSWORD)
        page = text_of((await client.get("/admin/audit")).text)
        newest_first = ["login.succeeded", "department.create", "theme.change"]
        order = [page.index(action) for action in newest_first]
        assert order == sorted(order)
        assert "login.failed" in page and "orang@contoh.id" in page
        assert "WIB" in page  # times are shown in Asia/Jakarta
        only_logins = text_of((await client.get("/admin/audit?action=login.")).text)
        assert "theme.change" not in only_logins and "login.failed" in only_logins


async def test_the_audit_log_is_paginated(tmp_path):
    async with running_portal(tmp_path) as client:
        await as_admin(client)
        for n in range(60):
            await AuditEntry.create(action="test.entry", target=f"item-{n:02}", actor_label="x")
        first = await client.get("/admin/audit?action=test.")
        assert "item-59" in first.text and "item-09" not in first.text
        next_url = re.search(r'href="([^"]+)" rel="next"', first.text).group(1)
        second = await client.get(next_url.replace("&amp;", "&"))
        assert "item-09" in second.text and "item-59" not in second.text
