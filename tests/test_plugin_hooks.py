"""Every hook, exercised through a real plugin distribution discovered by its entry point."""

from __future__ import annotations

import importlib
import inspect
import re

from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD
from tangerang_live import hookspecs
from tangerang_live.contracts import DemoContext
from tangerang_live.models import Role
from tangerang_live.testing import create_user, running_portal, text_of


def hook_names() -> list[str]:
    return [
        name
        for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(f, "tangerang_live_spec")
    ]


async def test_installed_distribution_is_discovered_with_its_version(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("admin@example.org", "sandi-admin-yang-panjang", role=Role.ADMIN)
        await client.sign_in("admin@example.org", "sandi-admin-yang-panjang")
        plugins = (await client.get("/-/plugins.json")).json()["plugins"]
        hello = next(p for p in plugins if p["name"] == "hello_city")
        assert hello["version"] == "1.2.3"
        assert hello["status"] == "loaded"
        assert hello["enabled"] is False  # installed is not enabled


async def test_test_plugin_implements_every_hook(hello_city):
    plugin = importlib.import_module("hello_city.plugin")
    implemented = {name for name, f in vars(plugin).items() if hasattr(f, "tangerang_live_impl")}
    assert set(hook_names()) <= implemented


async def test_routes_and_models_work_under_the_prefix_with_plugin_templates(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        assert (await client.post("/hello/add", data={"text": "Sugeng rawuh"})).status_code == 201
        page = await client.get("/hello/")
        assert page.status_code == 200
        assert "Sugeng rawuh" in text_of(page.text)
        # The plugin's template extends the theme's base layout and its catalog translates.
        assert "<h1>Halo Kota</h1>" in page.text
        assert "Tangerang LIVE" in page.text


async def test_nav_items_are_filtered_by_audience(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await create_user("petugas@example.org", "sandi-petugas-panjang", role=Role.OFFICER)
        anonymous = await client.get("/")
        assert 'href="/hello/"' in anonymous.text
        assert 'href="/hello/manage"' not in anonymous.text
        await client.sign_in("petugas@example.org", "sandi-petugas-panjang")
        officer = await client.get("/")
        assert 'href="/hello/manage"' in officer.text


async def test_home_widgets_render_escaped_html_and_lazy_fragments(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        home = (await client.get("/")).text
        assert "<p>Halo, <b>warga</b></p>" in home  # marked safe by the plugin with markup()
        assert "&lt;i&gt;escaped&lt;/i&gt;" in home  # plain strings are escaped
        assert 'hx-get="/hello/widget"' in home
        assert (await client.get("/hello/widget")).text == "0 greetings"


async def test_search_collects_results_from_plugins(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await client.post("/hello/add", data={"text": "Selamat datang di Cisadane"})
        found = await client.get("/search", params={"q": "cisadane"})
        assert "Selamat datang di Cisadane" in text_of(found.text)
        fragment = await client.get(
            "/search", params={"q": "cisadane"}, headers={"hx-request": "1"}
        )
        assert "<html" not in fragment.text and "Cisadane" in fragment.text
        assert (
            "Nothing found"
            in (
                await client.get("/search", params={"q": "zzz"}, headers={"cookie": "lang=en"})
            ).text
        )


async def test_permissions_are_declared_and_enforced(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        portal = client.portal
        declared = await portal.registry.collect("permissions", plugins=["hello_city"])
        assert [p.code for p in declared] == ["hello_city.manage", "hello_city.review"]
        await create_user("warga@example.org", "sandi-warga-panjang")
        await client.sign_in("warga@example.org", "sandi-warga-panjang")
        assert (await client.get("/hello/manage")).status_code == 403


async def test_lifecycle_hooks_run(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        events = importlib.import_module("hello_city.plugin").events
        assert events == ["startup"]  # startup runs for loaded plugins, enabled or not
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        await client.post("/admin/plugins/hello_city", data={"action": "enable"})
        await client.post("/admin/plugins/hello_city", data={"action": "disable", "confirm": "yes"})
        assert events == ["startup", "enable", "disable"]
    assert events[-1] == "shutdown"


async def test_demo_data_is_idempotent(hello_city, tmp_path):
    import random
    from datetime import UTC, datetime

    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        for _ in range(2):
            demo = DemoContext(random=random.Random(1), now=datetime.now(UTC))
            await client.portal.registry.call("demo_data", plugins=["hello_city"], demo=demo)
        greetings = text_of((await client.get("/hello/")).text)
        assert greetings.count("Selamat pagi") == 1


async def test_plugin_static_files_have_cache_busting_urls(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        home = (await client.get("/")).text
        url = re.search(
            r'src="(/static/plugins/hello_city/icon\.svg\?v=[0-9a-f]{10})"', home
        ).group(1)
        icon = await client.get(url)
        assert icon.status_code == 200
        assert "immutable" in icon.headers["cache-control"]
