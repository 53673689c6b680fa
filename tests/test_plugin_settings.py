"""Admins change a plugin's settings on its admin page: checked, audited, seen by every worker."""

from __future__ import annotations

from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD
from tangerang_live import Role
from tangerang_live.models import AuditEntry, PluginSetting
from tangerang_live.testing import create_user, running_portal, text_of

GOOD = {"greeting_limit": "25", "ratio": "0,75", "shout": "on", "motto": "  Tangerang Ramah  "}


async def test_an_admin_saves_settings_and_the_plugin_reads_them(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        await client.post("/language", data={"lang": "en"})
        page = await client.get("/admin/plugins/hello_city")
        assert page.status_code == 200
        assert 'name="greeting_limit" value="10"' in page.text
        assert 'min="1"' in page.text and 'max="50"' in page.text
        assert "Shown on the home page" in text_of(page.text)

        saved = await client.post("/admin/plugins/hello_city/settings", data=GOOD)
        assert saved.status_code == 303
        assert saved.headers["location"] == "/admin/plugins/hello_city?saved=1"
        assert (await client.get("/hello/settings")).json() == {
            "greeting_limit": 25,
            "ratio": 0.75,
            "shout": True,
            "motto": "Tangerang Ramah",
        }
        entry = await AuditEntry.get(action="plugin.settings", target="hello_city")
        assert entry.detail["greeting_limit"] == [10, 25] and entry.actor_label == ADMIN_EMAIL

        # An unchanged form changes nothing and writes no audit entry.
        await client.post("/admin/plugins/hello_city/settings", data=GOOD)
        assert await AuditEntry.filter(action="plugin.settings").count() == 1
        # Unticking the checkbox is a change too.
        unticked = {k: v for k, v in GOOD.items() if k != "shout"}  # browsers send nothing
        await client.post("/admin/plugins/hello_city/settings", data=unticked)
        assert (await client.get("/hello/settings")).json()["shout"] is False


async def test_bad_values_come_back_next_to_their_fields_and_nothing_is_stored(
    hello_city, tmp_path
):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        await client.post("/language", data={"lang": "en"})
        bad = {**GOOD, "greeting_limit": "99", "ratio": "banyak", "motto": "x" * 61}
        refused = await client.post("/admin/plugins/hello_city/settings", data=bad)
        assert refused.status_code == 422
        assert 'id="setting-greeting_limit-error"' in refused.text
        text = text_of(refused.text)
        assert "Enter a number from 1 to 50." in text
        assert "Enter a number." in text and "Enter at most 60 characters." in text
        assert 'value="99"' in refused.text  # what the admin typed stays in the field
        assert await PluginSetting.all().count() == 0
        assert (await client.get("/hello/settings")).json()["greeting_limit"] == 10

        htmx = await client.post(
            "/admin/plugins/hello_city/settings", data=GOOD, headers={"hx-request": "true"}
        )
        assert htmx.status_code == 200 and htmx.headers["hx-redirect"].endswith("saved=1")
        assert (await client.get("/admin/plugins/no_such_plugin")).status_code == 404


async def test_only_admins_see_or_change_settings(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await create_user("petugas@example.org", "sandi-petugas-panjang", role=Role.OFFICER)
        await client.sign_in("petugas@example.org", "sandi-petugas-panjang")
        assert (await client.get("/admin/plugins/hello_city")).status_code == 403
        posted = await client.post("/admin/plugins/hello_city/settings", data=GOOD)
        assert posted.status_code == 403
        assert await PluginSetting.all().count() == 0
