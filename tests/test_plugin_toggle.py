"""Installed is not enabled: admins switch plugins on and off at runtime, data kept."""

from __future__ import annotations

from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD, fixture_entry_point
from tangerang_live.models import AuditEntry, PluginState, Role
from tangerang_live.testing import create_user, running_portal, text_of

DEPENDENCY_PAIR = [
    fixture_entry_point("base_service", "tl_fixture_base_service"),
    fixture_entry_point("dependent_service", "tl_fixture_dependent_service"),
]


async def sign_in_admin(client) -> None:
    await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
    await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)


async def test_enable_disable_enable_over_http_keeps_the_plugins_rows(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        await sign_in_admin(client)
        assert (await client.get("/hello/")).status_code == 404

        enabled = await client.post("/admin/plugins/hello_city", data={"action": "enable"})
        assert enabled.status_code == 303
        await client.post("/hello/add", data={"text": "Data yang harus tetap ada"})

        await client.post("/admin/plugins/hello_city", data={"action": "disable", "confirm": "yes"})
        gone = await client.get("/hello/")
        assert gone.status_code == 404
        assert "Halaman tidak ditemukan" in gone.text or "Page not found" in gone.text
        home = await client.get("/")
        assert 'href="/hello/"' not in home.text  # tile and navigation gone
        assert "Salam" not in text_of(home.text)  # widgets gone
        assert "Data yang harus" not in (await client.get("/search?q=harus")).text
        assert (await client.get("/static/plugins/hello_city/icon.svg")).status_code == 404

        await client.post("/admin/plugins/hello_city", data={"action": "enable"})
        back = await client.get("/hello/")
        assert back.status_code == 200
        assert "Data yang harus tetap ada" in text_of(back.text)
        assert 'href="/hello/"' in (await client.get("/")).text

        actions = (
            await AuditEntry.filter(target="hello_city")
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == ["plugin.enable", "plugin.disable", "plugin.enable"]


async def test_htmx_toggle_returns_the_updated_table(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        await sign_in_admin(client)
        response = await client.post(
            "/admin/plugins/hello_city", data={"action": "enable"}, headers={"hx-request": "true"}
        )
        assert response.status_code == 200
        assert "<html" not in response.text
        row = response.text.split('id="plugin-hello_city"')[1].split("</tr>")[0]
        assert 'value="disable"' in row


async def test_only_admins_may_toggle(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        anonymous = await client.post("/admin/plugins/hello_city", data={"action": "enable"})
        assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
        await create_user("warga@example.org", "sandi-warga-panjang")
        await client.sign_in("warga@example.org", "sandi-warga-panjang")
        assert (
            await client.post("/admin/plugins/hello_city", data={"action": "enable"})
        ).status_code == 403
        assert (await client.get("/admin/plugins")).status_code == 403
        assert not await PluginState.filter(name="hello_city", enabled=True).exists()


async def test_post_without_csrf_token_is_refused_and_changes_nothing(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        await sign_in_admin(client)
        forged = await client.post_without_csrf_token(
            "/admin/plugins/hello_city", data={"action": "enable"}
        )
        assert forged.status_code == 403
        wrong = await client.post_without_csrf_token(
            "/admin/plugins/hello_city", data={"action": "enable", "csrftoken": "forged"}
        )
        assert wrong.status_code == 403
        assert not client.portal.registry.is_enabled("hello_city")
        assert not await PluginState.filter(name="hello_city", enabled=True).exists()


async def test_a_plugin_cannot_be_enabled_before_what_it_requires(tmp_path):
    async with running_portal(tmp_path, entry_points=DEPENDENCY_PAIR) as client:
        await sign_in_admin(client)
        refused = await client.post("/admin/plugins/dependent_service", data={"action": "enable"})
        assert refused.status_code == 409
        assert "base_service" in text_of(refused.text)
        assert not client.portal.registry.is_enabled("dependent_service")


async def test_a_plugin_cannot_be_disabled_while_an_enabled_one_requires_it(tmp_path):
    async with running_portal(
        tmp_path, entry_points=DEPENDENCY_PAIR, enable=["base_service", "dependent_service"]
    ) as client:
        await sign_in_admin(client)
        # Refused at once, before the admin is asked to confirm; services named by their titles.
        refused = await client.post("/admin/plugins/base_service", data={"action": "disable"})
        assert refused.status_code == 409
        assert "“Dasar” dibutuhkan oleh Turunan" in text_of(refused.text)
        assert "dependent_service:" not in text_of(refused.text)
        assert (await client.get("/base/")).text == "base service"
        # In the right order both succeed.
        confirmed = {"action": "disable", "confirm": "yes"}
        await client.post("/admin/plugins/dependent_service", data=confirmed)
        assert (await client.post("/admin/plugins/base_service", data=confirmed)).status_code == 303
        assert (await client.get("/base/")).status_code == 404


async def test_switching_a_service_off_is_confirmed_first_without_javascript(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await sign_in_admin(client)
        asked = await client.post("/admin/plugins/hello_city", data={"action": "disable"})
        assert asked.status_code == 200
        page = text_of(asked.text)
        assert "Nonaktifkan Halo Kota?" in page
        assert "Datanya tetap disimpan" in page
        assert 'name="confirm" value="yes"' in asked.text
        assert client.portal.registry.is_enabled("hello_city"), "nothing changes before the yes"

        done = await client.post(
            "/admin/plugins/hello_city", data={"action": "disable", "confirm": "yes"}
        )
        assert (
            done.status_code == 303 and done.headers["location"] == "/admin/plugins?done=hello_city"
        )
        assert not client.portal.registry.is_enabled("hello_city")
        listed = text_of((await client.get(done.headers["location"])).text)
        assert "Halo Kota dinonaktifkan." in listed


async def test_with_htmx_the_table_asks_the_browser_to_confirm_and_names_the_service(
    hello_city, tmp_path
):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await sign_in_admin(client)
        table = (await client.get("/admin/plugins")).text
        row = table.split('id="plugin-hello_city"')[1].split("</tr>")[0]
        assert 'hx-confirm="Nonaktifkan Halo Kota?' in row
        assert """hx-vals='{"confirm": "yes"}'""" in row
        answer = await client.post(
            "/admin/plugins/hello_city",
            data={"action": "disable", "confirm": "yes"},
            headers={"hx-request": "true"},
        )
        assert answer.status_code == 200 and "<html" not in answer.text
        assert "Halo Kota dinonaktifkan." in text_of(answer.text)
        assert "hello_city dinonaktifkan" not in answer.text


async def test_an_unknown_action_changes_nothing(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await sign_in_admin(client)
        for form in ({}, {"action": "hapus"}):
            refused = await client.post("/admin/plugins/hello_city", data=form)
            assert refused.status_code == 400
        assert client.portal.registry.is_enabled("hello_city")
