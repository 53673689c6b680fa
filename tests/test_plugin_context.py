"""The plugin context: a plugin's name, prefix, logger, URLs and settings, in hooks, views and
templates; and template filters and globals from plugins."""

from __future__ import annotations

import re

import pytest
from starlette.requests import Request
from tangerang_live import LocalizedText, Setting, plugin_context
from tangerang_live.config_cache import config_changed
from tangerang_live.models import PluginSetting
from tangerang_live.testing import running_portal, text_of
from tortoise.transactions import in_transaction

DEFAULTS = {
    "greeting_limit": 10,
    "ratio": 0.5,
    "shout": False,
    "motto": "Kota Akhlakul Karimah",
}


async def test_templates_build_the_plugins_urls_from_route_names(hello_city, tmp_path):
    async with running_portal(
        tmp_path, enable=["hello_city"], public_url="https://live.tangerangkota.go.id"
    ) as client:
        page = await client.get("/hello/g/7")
        assert page.status_code == 200, page.text
        assert 'id="self" href="/hello/g/7">hello_city<' in page.text
        assert 'id="index" href="/hello/"' in page.text
        assert "https://live.tangerangkota.go.id/hello/g/7" in text_of(page.text)
        icon = re.search(r'id="icon" src="([^"]+)"', page.text).group(1)
        assert re.fullmatch(r"/static/plugins/hello_city/icon\.svg\?v=[0-9a-f]{10}", icon)
        assert (await client.get(icon)).status_code == 200
        # Hooks that ask for `plugin` get it: the menu link comes from plugin.url("index").
        assert 'href="/hello/"' in (await client.get("/")).text


async def test_the_context_knows_the_plugin_and_refuses_unknown_routes(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        context = client.portal.registry.context("hello_city")
        assert (context.name, context.prefix) == ("hello_city", "/hello")
        assert context.logger.name == "tangerang_live.plugins.hello_city"
        assert context.url("greeting", id=3) == "/hello/g/3"
        with pytest.raises(LookupError):
            context.url("no_such_route")
        with pytest.raises(LookupError):
            context.url("greeting")  # the id is missing
        host_page = Request({"type": "http", "app": client.app, "headers": []})
        with pytest.raises(LookupError):
            plugin_context(host_page)


async def test_plugin_filters_and_globals_reach_templates(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        page = await client.get("/hello/g/1")
        assert "<h1>HALO!</h1>" in page.text
        assert '<p id="motto">Kota Akhlakul Karimah</p>' in page.text


async def test_settings_read_defaults_then_stored_values_after_a_change(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        assert (await client.get("/hello/settings")).json() == DEFAULTS
        async with in_transaction():
            await PluginSetting.create(
                plugin="hello_city", key="greeting_limit", value={"value": 25}
            )
            # Tightened bounds or a changed type: a stored value that no longer fits reads default.
            await PluginSetting.create(plugin="hello_city", key="ratio", value={"value": 7})
            await PluginSetting.create(plugin="hello_city", key="gone", value={"value": 1})
            await config_changed()
        # Another worker learns of the change when it polls the configuration version.
        await client.portal.registry.reload()
        assert (await client.get("/hello/settings")).json() == {**DEFAULTS, "greeting_limit": 25}
        settings = client.portal.registry.context("hello_city").settings
        with pytest.raises(KeyError):
            settings["gone"]


def test_a_setting_checks_its_own_declaration():
    label = LocalizedText("Batas", "Limit")
    with pytest.raises(ValueError):
        Setting("limit", label, 100, minimum=1, maximum=50)
    with pytest.raises(ValueError):
        Setting("not a name", label, 1)
    with pytest.raises(TypeError):
        Setting("things", label, [1, 2])
    limit = Setting("limit", label, 10, minimum=1, maximum=50)
    assert limit.accepts(50) and not limit.accepts(51) and not limit.accepts(True)
    assert not limit.accepts("10")
    ratio = Setting("ratio", label, 0.5, minimum=0, maximum=1)
    assert ratio.accepts(1) and not ratio.accepts(1.5)
    motto = Setting("motto", label, "Akhlakul Karimah", maximum=20)
    assert motto.accepts("") and not motto.accepts("x" * 21)


def test_redirect_answers_a_plain_form_with_303_and_htmx_with_hx_redirect():
    from tangerang_live import redirect

    def request(headers):
        raw = [(k.encode(), v.encode()) for k, v in headers.items()]
        return Request({"type": "http", "headers": raw})

    plain = redirect(request({}), "/hello/g/1")
    assert plain.status_code == 303 and plain.headers["location"] == "/hello/g/1"
    htmx = redirect(request({"hx-request": "true"}), "/hello/g/1")
    assert htmx.status_code == 200 and htmx.headers["hx-redirect"] == "/hello/g/1"
    assert "location" not in htmx.headers


async def test_htmx_pages_show_refusals_and_send_expired_sessions_to_sign_in(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        page = (await client.get("/")).text
        # 422 forms are swapped in like a success; other failures reach core/js/portal.js.
        assert '{"code": "(400|409|422)", "swap": true, "error": false}' in page
        assert 'id="request-problem"' in page and "core/js/portal.js" in page
        script = await client.get("/static/core/core/js/portal.js")
        assert script.status_code == 200 and "htmx:sendError" in script.text
        signed_out = await client.get(
            "/hello/manage",
            headers={"hx-request": "true", "hx-current-url": "http://testserver/hello/g/2"},
        )
        assert signed_out.status_code == 200
        assert signed_out.headers["hx-redirect"] == "/login?next=/hello/g/2"
        forged = await client.get(
            "/hello/manage", headers={"hx-request": "true", "hx-current-url": "https://x//evil"}
        )
        assert forged.headers["hx-redirect"] == "/login?next=/"
