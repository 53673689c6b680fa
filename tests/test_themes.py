"""Themes: an admin switches the portal's look at runtime; kontras extends the default theme."""

from __future__ import annotations

import asyncio
import re

import jinja2
import pytest
from tangerang_live.models import AuditEntry, Role
from tangerang_live.templating import Templates
from tangerang_live.testing import create_user, running_portal
from test_security import PASSWORD


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


async def test_switching_to_kontras_changes_the_stylesheets_served(tmp_path):
    async with running_portal(tmp_path) as client:
        before = stylesheets((await client.get("/")).text)
        assert not any("kontras" in href for href in before)
        await create_user("admin@contoh.id", PASSWORD, role=Role.ADMIN)
        await client.sign_in("admin@contoh.id", PASSWORD)

        response = await client.post("/admin/themes", data={"theme": "kontras"})
        assert response.status_code == 303
        after = stylesheets((await client.get("/")).text)
        # The default theme's stylesheets stay (kontras extends it) and kontras.css is added.
        assert after[: len(before)] == before
        (extra,) = after[len(before) :]
        assert extra.startswith("/static/themes/kontras/kontras.css?v=")
        css = await client.get(extra)
        assert css.status_code == 200 and "--pico-font-size: 125%" in css.text
        assert await AuditEntry.exists(action="theme.change", target="kontras")

        await client.post("/admin/themes", data={"theme": "default"})
        assert stylesheets((await client.get("/")).text) == before


async def test_an_unknown_theme_is_refused(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("admin@contoh.id", PASSWORD, role=Role.ADMIN)
        await client.sign_in("admin@contoh.id", PASSWORD)
        response = await client.post("/admin/themes", data={"theme": "../../etc"})
        assert response.status_code == 400
        assert client.portal.registry.theme == "default"


async def test_another_worker_follows_the_theme_within_two_seconds(tmp_path):
    async with running_portal(tmp_path, state_poll_seconds=0.2) as client:
        registry = client.portal.registry
        # Another worker (or the CLI) changes the theme in the database.
        await registry.set_theme("kontras", actor=None, actor_label="other worker")
        registry.theme = "default"  # this worker has not looked yet
        registry.version -= 1
        for _ in range(20):
            if "kontras.css" in (await client.get("/")).text:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the theme change did not reach this worker within 2 s")


def test_compiled_templates_are_shared_only_between_environments_with_the_same_filters(tmp_path):
    """Apps of one process share compiled templates; Jinja compiles a filter's use differently when
    the filter is missing, and an edited template must be compiled again."""
    (tmp_path / "themes" / "default" / "templates").mkdir(parents=True)
    plugin_dir = tmp_path / "plugin"
    plugin_dir.mkdir()
    (plugin_dir / "greeting.html").write_text('{{ "selamat pagi"|shout }}')

    def render(with_filter: bool) -> str:
        templates = Templates(tmp_path / "themes", [plugin_dir])
        templates.add_plugin_names({"shout": str.upper} if with_filter else {}, {})
        return templates.environment("default").get_template("greeting.html").render()

    assert render(with_filter=True) == "SELAMAT PAGI"
    with pytest.raises(jinja2.TemplateError, match="shout"):
        render(with_filter=False)
    assert render(with_filter=True) == "SELAMAT PAGI"
    (plugin_dir / "greeting.html").write_text('{{ "selamat malam"|shout }}!')
    assert render(with_filter=True) == "SELAMAT MALAM!"
