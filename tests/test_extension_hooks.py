"""Plugins extend the Content-Security-Policy within limits and bring their home widget styles."""

from __future__ import annotations

import re

from tangerang_live.testing import running_portal


async def test_plugins_add_https_origins_for_images_but_never_scripts(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        csp = (await client.get("/")).headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert "https://tiles.hello.example" in directives["img-src"].split()
        assert directives["script-src"] == "'self'" and "evil.example" not in csp
        failure = client.portal.registry.hook_failures[("hello_city", "csp_sources")]
        assert "script-src https://evil.example" in failure.error


async def test_the_home_page_links_enabled_plugins_widget_styles(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        assert "hello.css" not in (await client.get("/")).text
        await client.portal.registry.set_enabled("hello_city", True, actor=None, actor_label="t")
        home = (await client.get("/")).text
        href = re.search(
            r'<link rel="stylesheet" href="(/static/plugins/hello_city/hello\.css\?v=\w+)"', home
        )
        assert href, home[:2000]
        assert (await client.get(href.group(1))).status_code == 200
        assert "hello.css" not in (await client.get("/login")).text
