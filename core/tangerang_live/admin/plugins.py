"""``/admin/plugins``: switch service plugins on and off, and see their failing hooks.

Switching a service off takes it away from every citizen at once, so it is confirmed first: with
JavaScript by the browser's dialog (``hx-confirm``, the request then carries ``confirm=yes``),
without it on a page of its own that says what will happen.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from tangerang_live.admin.common import actor_of
from tangerang_live.auth import require_admin
from tangerang_live.i18n import gettext as _
from tangerang_live.portal import portal_of, render
from tangerang_live.registry import PluginRegistry, PluginStateError
from tangerang_live.route_access import ADMINS, declare_access, sample_plugin

ACTIONS = ("enable", "disable")


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


def _state_message(registry: PluginRegistry, name: str) -> str:
    """What the admin's last change did, with the service's title."""
    title = registry.title(name)
    if registry.is_enabled(name):
        return _("%(name)s is enabled.", name=title)
    return _("%(name)s is disabled.", name=title)


@require_admin
async def plugins(request: Request) -> Response:
    registry = portal_of(request).registry
    done = request.query_params.get("done", "")
    message = _state_message(registry, done) if done in registry.records else ""
    return await _plugins_page(request, message=message)


@require_admin
async def toggle_plugin(request: Request) -> Response:
    registry = portal_of(request).registry
    name = request.path_params["name"]
    form = await request.form()
    action = form.get("action")
    if action not in ACTIONS:
        return await _plugins_page(
            request, error=_("Choose whether to enable or disable the service."), status_code=400
        )
    enable = action == "enable"
    try:
        if not enable and form.get("confirm") != "yes":
            record = registry.check_change(name, enable)
            return await render(request, "admin/plugin_disable.html", {"record": record})
        await registry.set_enabled(name, enable, **await actor_of(request))
    except PluginStateError as exc:
        return await _plugins_page(request, error=str(exc), status_code=409)
    await registry.run_toggle_hook(name, enable, request.app)
    if request.headers.get("hx-request"):
        return await _plugins_page(request, message=_state_message(registry, name))
    return RedirectResponse(f"/admin/plugins?done={name}", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/admin/plugins", plugins, name="admin_plugins"),
            GET=ADMINS.but(params=("done",)),
        ),
        declare_access(
            Route("/admin/plugins/{name}", toggle_plugin, methods=["POST"], name="admin_toggle"),
            POST=ADMINS.but(admin=400, params=("action", "confirm"), sample=sample_plugin),
        ),
    ]
