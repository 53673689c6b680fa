"""pluggy as pluggy: a misspelt hook or a wrapper fails its plugin with a message, a firstresult
hook stops at the first answer, and ``requires`` takes version ranges, checked at boot, on enable
and on disable."""

from __future__ import annotations

from html import unescape

import pluggy
from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD, fixture_entry_point
from tangerang_live import LocalizedText, Manifest, hookimpl
from tangerang_live.hookspecs import hookspec
from tangerang_live.models import Role
from tangerang_live.plugins import PluginRecord, load_plugins, new_plugin_manager
from tangerang_live.registry import PluginRegistry
from tangerang_live.testing import create_user, running_portal, text_of


def base(version: str = "1.4.0"):
    return fixture_entry_point("base_service", "tl_fixture_base_service", version)


def test_a_misspelt_hook_fails_only_its_plugin_and_names_the_hook_meant():
    _, records = load_plugins([fixture_entry_point("misspelt_hook", "tl_fixture_misspelt_hook")])
    record = records["misspelt_hook"]
    assert not record.loaded
    assert record.error == (
        "implements nav_item, which is not a hook of this host (did you mean nav_items?)"
    )


def test_a_wrapper_implementation_is_refused_at_load_with_a_message():
    _, records = load_plugins(
        [fixture_entry_point("wrapper_hook", "tl_fixture_wrapper_hook"), base()]
    )
    assert "home_widgets as a wrapper" in records["wrapper_hook"].error
    assert records["base_service"].loaded


async def test_a_firstresult_hook_stops_at_the_first_answer_as_pluggy_does():
    class Spec:
        @hookspec(firstresult=True)
        def choose_office(self, kecamatan):
            """The office that serves a kecamatan."""

    called: list[str] = []

    class Silent:
        __file__ = None  # a plugin module without files

        @hookimpl(tryfirst=True)
        def choose_office(self, kecamatan):
            called.append("silent")

    class Answers:
        __file__ = None  # a plugin module without files

        @hookimpl
        def choose_office(self, kecamatan):
            called.append("answers")
            return f"Kantor {kecamatan}"

    class Later:
        __file__ = None  # a plugin module without files

        @hookimpl(trylast=True)
        def choose_office(self, kecamatan):
            called.append("later")
            return "never asked"

    pm = new_plugin_manager()
    pm.add_hookspecs(Spec)
    plugins = {"silent": Silent(), "answers": Answers(), "later": Later()}
    records = {}
    for name, plugin in plugins.items():
        pm.register(plugin, name=name)
        title = LocalizedText(name, name)
        manifest = Manifest(name=name, title=title, description=title, url_prefix=f"/{name}")
        records[name] = PluginRecord(name, name, module=plugin, manifest=manifest)
    registry = PluginRegistry(pm, records)

    results = await registry.call("choose_office", plugins=plugins, kecamatan="Cibodas")
    assert results == [("answers", "Kantor Cibodas")]
    assert called == ["silent", "answers"]
    assert pm.hook.choose_office(kecamatan="Cibodas") == "Kantor Cibodas"  # pluggy agrees


def test_requires_with_a_version_range_is_checked_at_boot():
    _, records = load_plugins(
        [
            base("1.4.0"),
            fixture_entry_point("needs_base_range", "tl_fixture_needs_base_range"),
            fixture_entry_point("needs_newer_base", "tl_fixture_needs_newer_base"),
            fixture_entry_point("malformed_requires", "tl_fixture_malformed_requires"),
        ]
    )
    assert records["needs_base_range"].loaded
    assert records["needs_newer_base"].error == (
        "requires plugin(s) not available: base_service>=2.0 (installed: 1.4.0)"
    )
    assert "'base_service>>2' must be a plugin name with an optional version range" in (
        records["malformed_requires"].error
    )


def test_a_plugin_needing_a_failed_plugin_fails_too():
    _, records = load_plugins(
        [base("2.1.0"), fixture_entry_point("needs_base_range", "tl_fixture_needs_base_range")]
    )
    assert records["needs_base_range"].error == (
        "requires plugin(s) not available: base_service>=1.0,<2 (installed: 2.1.0)"
    )


async def test_a_version_range_requirement_orders_enabling_and_disabling(tmp_path):
    entry_points = [base(), fixture_entry_point("needs_base_range", "tl_fixture_needs_base_range")]
    async with running_portal(tmp_path, entry_points=entry_points) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        refused = await client.post("/admin/plugins/needs_base_range", data={"action": "enable"})
        assert refused.status_code == 409
        assert "membutuhkan base_service>=1.0,<2: aktifkan itu" in unescape(text_of(refused.text))

        for name in ("base_service", "needs_base_range"):
            answer = await client.post(f"/admin/plugins/{name}", data={"action": "enable"})
            assert answer.status_code == 303
        refused = await client.post("/admin/plugins/base_service", data={"action": "disable"})
        assert refused.status_code == 409
        assert "dibutuhkan oleh Rentang: nonaktifkan" in text_of(refused.text)
        assert client.portal.registry.is_enabled("base_service")


def test_pluggy_is_the_version_the_host_was_written_for():
    # firstresult and wrapper semantics above are pluggy 1.x's.
    assert pluggy.__version__.startswith("1.")
