"""Write what the portal's home page shows to each role as JSON, for the reference to render.

Run as ``python bench/portal_data.py OUT.json [CITIZEN_EMAIL]`` with the portal's environment. This
is set-up, not measurement: it may use the portal's code; the reference itself does not.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

from markupsafe import Markup
from starlette.requests import Request
from tangerang_live.app import create_app
from tangerang_live.auth import hash_password
from tangerang_live.models import PluginSetting, User
from tangerang_live.portal import can_see, localized
from tangerang_live.templating import CORE_STATIC, CORE_TEMPLATES, DEFAULT_THEME


def plain(value):
    data = asdict(value)
    if isinstance(getattr(value, "html", None), Markup):
        data["html_is_markup"] = True  # the portal shows it unescaped; so must the reference
    return data


async def create_user(email: str, password: str, role: str) -> None:
    app = create_app()
    async with app.router.lifespan_context(app):
        if not await User.exists(email=email):
            await User.create(
                email=email,
                full_name="Warga Uji Beban",
                password_hash=hash_password(password),
                role=role,
            )


async def dump(out: Path, citizen_email: str | None) -> None:
    app = create_app()
    portal = app.state.portal
    registry = portal.registry
    async with app.router.lifespan_context(app):
        request = Request(
            {"type": "http", "app": app, "headers": [], "path": "/", "query_string": b""}
        )
        users = {"anonymous": None}
        if citizen_email:
            users["citizen"] = await User.get(email=citizen_email)
        for_role = {}
        for role, user in users.items():
            nav = await registry.collect("nav_items", request=request, user=user)
            nav = sorted(
                (i for i in nav if can_see(i, user)), key=lambda i: (i.order, localized(i.label))
            )
            widgets = await registry.collect("home_widgets", request=request, user=user)
            widgets.sort(key=lambda w: (w.order, localized(w.title)))
            for_role[role] = {
                "nav_items": [plain(i) for i in nav],
                "widgets": [plain(w) for w in widgets],
            }
        theme_root = portal.settings.theme_root
        records = registry.enabled_records()
        data = {
            "services": [plain(r.manifest) for r in records],
            "for_role": for_role,
            "static_roots": {
                "core": [str(CORE_STATIC), "/static/core"],
                "theme": [
                    str(theme_root / DEFAULT_THEME / "static"),
                    f"/static/themes/{DEFAULT_THEME}",
                ],
                **{
                    r.name: [str(r.package_dir / "static"), f"/static/plugins/{r.name}"]
                    for r in records
                },
            },
            "template_dirs": [str(theme_root / DEFAULT_THEME / "templates")]
            + [str(d) for d in portal.templates.plugin_template_dirs]
            + [str(CORE_TEMPLATES)],
        }
    out.write_text(json.dumps(data, default=str))


async def set_setting(plugin: str, key: str, value: str) -> None:
    """What an admin would set on /admin/plugins/<plugin> (a load test needs looser limits)."""
    app = create_app()
    async with app.router.lifespan_context(app):
        await PluginSetting.update_or_create(
            defaults={"value": {"value": int(value)}}, plugin=plugin, key=key
        )


if __name__ == "__main__":
    if sys.argv[1] == "create-user":
        asyncio.run(create_user(*sys.argv[2:5]))
    elif sys.argv[1] == "set-setting":
        asyncio.run(set_setting(*sys.argv[2:5]))
    else:
        asyncio.run(dump(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None))
