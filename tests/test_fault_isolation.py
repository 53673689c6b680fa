"""A broken plugin never takes the portal down; it is shown as failed with its error."""

from __future__ import annotations

import logging

import httpx
import pytest
from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD, fixture_entry_point
from tangerang_live.app import create_app
from tangerang_live.models import Role
from tangerang_live.plugins import PluginLoadError
from tangerang_live.settings import Settings
from tangerang_live.testing import PortalClient, create_user, running_portal, text_of

BROKEN = [
    fixture_entry_point("raises_on_import", "tl_fixture_raises_on_import"),
    fixture_entry_point("old_api", "tl_fixture_old_api"),
    fixture_entry_point("widget_raises", "tl_fixture_widget_raises"),
    fixture_entry_point("needs_missing", "tl_fixture_needs_missing"),
    fixture_entry_point("base_service", "tl_fixture_base_service"),
]


async def test_portal_boots_and_lists_each_failure(tmp_path):
    async with running_portal(
        tmp_path, entry_points=BROKEN, enable=["widget_raises", "base_service"]
    ) as client:
        home = await client.get("/")
        assert home.status_code == 200
        assert "Masih tampil" in home.text  # the plugin's other hooks still count
        assert (await client.get("/search?q=x")).status_code == 200

        # Visitors see the plugins they can use: not the failed ones, nor their versions.
        public = {p["name"]: p for p in (await client.get("/-/plugins.json")).json()["plugins"]}
        assert set(public) == {"widget_raises", "base_service"}
        assert public["widget_raises"]["status"] == "loaded"
        assert "error" not in public["widget_raises"]  # error texts only for admins

        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        admin_view = {p["name"]: p for p in (await client.get("/-/plugins.json")).json()["plugins"]}
        assert admin_view["raises_on_import"]["status"] == "failed"
        assert admin_view["old_api"]["status"] == "failed"
        assert admin_view["needs_missing"]["status"] == "failed"
        assert "this plugin is broken at import" in admin_view["raises_on_import"]["error"]
        assert "host API >=0.1,<1.0" in admin_view["old_api"]["error"]
        assert "not_installed" in admin_view["needs_missing"]["error"]
        assert any("widget exploded" in e for e in admin_view["widget_raises"]["hook_errors"])

        page = text_of((await client.get("/admin/plugins")).text)
        assert "this plugin is broken at import" in page
        assert "widget exploded" in page
        assert "search exploded" in page


async def test_failed_plugins_cannot_be_enabled(tmp_path):
    async with running_portal(tmp_path, entry_points=BROKEN) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        refused = await client.post("/admin/plugins/old_api", data={"action": "enable"})
        assert refused.status_code == 409
        assert (await client.get("/old/")).status_code == 404


def test_strict_mode_makes_load_failures_fatal(tmp_path):
    settings = Settings(env="test", var_dir=tmp_path, secret_key="x", strict_plugins=True)
    with pytest.raises(PluginLoadError, match="raises_on_import"):
        create_app(settings, entry_points=BROKEN)


def test_a_url_prefix_cannot_be_taken_twice_or_be_the_hosts(tmp_path):
    settings = Settings(env="test", var_dir=tmp_path, secret_key="x")
    twin = fixture_entry_point("base_service_twin", "tl_fixture_base_service")
    app = create_app(settings, entry_points=[*BROKEN, twin])
    records = app.state.portal.registry.records
    # The twin's manifest names another plugin, and its prefix is taken: it fails, the first stays.
    assert records["base_service"].loaded
    assert not records["base_service_twin"].loaded


async def test_a_route_that_raises_is_counted_on_the_admin_page_and_logged_once(tmp_path, caplog):
    async with running_portal(tmp_path, entry_points=BROKEN, enable=["widget_raises"]) as portal:
        # A browser gets the 500 page; the in-process default would raise the error instead.
        transport = httpx.ASGITransport(app=portal.app, raise_app_exceptions=False)
        client = PortalClient(transport=transport, base_url="http://testserver")
        client.app = portal.app
        caplog.set_level(logging.ERROR, logger="tangerang_live.registry")
        for _ in range(3):
            assert (await client.get("/widget-raises/boom")).status_code == 500
            await client.get("/")  # the widget hook fails on every home page
        logged = [r for r in caplog.records if "raised in" in r.getMessage()]
        assert len([r for r in logged if "route" in r.getMessage()]) == 1
        assert len([r for r in logged if "home_widgets" in r.getMessage()]) == 1
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        page = text_of((await client.get("/admin/plugins")).text)
        assert "route gagal 3 kali" in page
        assert "GET /widget-raises/boom RuntimeError: route exploded" in page
        await client.aclose()
