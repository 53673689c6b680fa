"""``/admin/plugins``: switch service plugins on and off, and see their failing hooks."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from tangerang_live.admin.common import actor_of
from tangerang_live.auth import require_admin
from tangerang_live.i18n import gettext as _
from tangerang_live.portal import portal_of, render
from tangerang_live.registry import PluginStateError
from tangerang_live.route_access import ADMINS, declare_access, sample_plugin


async def _plugins_page(
    request: Request, *, message: str = "", error: str = "", status_code: int = 200
) -> Response:
    registry = portal_of(request).registry
    failures: dict[str, list[str]] = {}
    for failure in registry.hook_failures.values():
        failures.setdefault(failure.plugin, []).append(
            _(
                "%(where)s failed %(count)s times, last: %(error)s",
                where=failure.hook,
                count=failure.count,
                error=failure.error,
            )
        )
    return await render(
        request,
        "admin/plugins.html",
        {
            "records": list(registry.records.values()),
            "hook_failures": failures,
            "message": message,
            "error": error,
        },
        status_code=status_code,
        fragment="admin/_plugins_table.html",
    )


@require_admin
async def plugins(request: Request) -> Response:
    return await _plugins_page(request)


@require_admin
async def toggle_plugin(request: Request) -> Response:
    portal = portal_of(request)
    name = request.path_params["name"]
    form = await request.form()
    enable = form.get("action") == "enable"
    try:
        await portal.registry.set_enabled(name, enable, **await actor_of(request))
    except PluginStateError as exc:
        return await _plugins_page(request, error=str(exc), status_code=409)
    await portal.registry.run_toggle_hook(name, enable, request.app)
    message = (
        _("%(name)s is enabled.", name=name) if enable else _("%(name)s is disabled.", name=name)
    )
    if request.headers.get("hx-request"):
        return await _plugins_page(request, message=message)
    return RedirectResponse(f"/admin/plugins?done={name}", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        declare_access(Route("/admin/plugins", plugins, name="admin_plugins"), GET=ADMINS),
        declare_access(
            Route("/admin/plugins/{name}", toggle_plugin, methods=["POST"], name="admin_toggle"),
            POST=ADMINS.but(admin=303, params=("action",), sample=sample_plugin),
        ),
    ]
