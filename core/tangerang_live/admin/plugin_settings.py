"""``/admin/plugins/<name>``: one plugin's page, where admins change the settings it declares."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from tortoise.transactions import in_transaction

from tangerang_live.admin.common import actor_of
from tangerang_live.audit import record_audit
from tangerang_live.auth import require_admin
from tangerang_live.config_cache import config_changed
from tangerang_live.context import PluginContext
from tangerang_live.contracts import Setting
from tangerang_live.i18n import gettext as _
from tangerang_live.models import PluginSetting
from tangerang_live.portal import portal_of, render
from tangerang_live.responses import redirect
from tangerang_live.route_access import ADMINS, declare_access, sample_plugin
from tangerang_live.web import form_text


def _context_of(request: Request) -> PluginContext:
    context = portal_of(request).registry.contexts.get(request.path_params["name"])
    if context is None:
        raise HTTPException(404)  # not installed, or failed to load: nothing to set
    return context


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _bounds_error(setting: Setting) -> str:
    low, high = _number(setting.minimum), _number(setting.maximum)
    if setting.type is str:
        return _("Enter at most %(maximum)s characters.", maximum=high)
    if low and high:
        return _("Enter a number from %(minimum)s to %(maximum)s.", minimum=low, maximum=high)
    if low:
        return _("Enter a number of at least %(minimum)s.", minimum=low)
    return _("Enter a number of at most %(maximum)s.", maximum=high)


def parse_setting(setting: Setting, raw: str | None) -> tuple[Any, str]:
    """The value typed for ``setting`` (``raw`` is ``None`` for an empty checkbox), or an error."""
    if setting.type is bool:
        return raw is not None, ""
    text = (raw or "").strip()
    value: Any
    if setting.type is int:
        try:
            value = int(text)
        except ValueError:
            return None, _("Enter a whole number.")
    elif setting.type is float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None, _("Enter a number.")
        if value != value or value in (float("inf"), float("-inf")):
            return None, _("Enter a number.")
    else:
        value = text
        if setting.minimum is not None and len(value) < setting.minimum:
            shortest = _number(setting.minimum)
            return None, _("Enter at least %(minimum)s characters.", minimum=shortest)
    if not setting.accepts(value):
        return None, _bounds_error(setting)
    return value, ""


async def _page(
    request: Request,
    context: PluginContext,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    record = portal_of(request).registry.records[context.name]
    values = form if form is not None else dict(context.settings)
    return await render(
        request,
        "admin/plugin.html",
        {
            "record": record,
            "declared": list(context.settings.declared.values()),
            "values": values,
            "errors": errors or {},
            "saved": request.query_params.get("saved") == "1",
        },
        status_code=status_code,
    )


@require_admin
async def plugin_page(request: Request) -> Response:
    return await _page(request, _context_of(request))


@require_admin
async def save_settings(request: Request) -> Response:
    """Check every submitted value; store them all, or none and say why next to each field."""
    context = _context_of(request)
    submitted = await form_text(request)
    form: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, setting in context.settings.declared.items():
        value, error = parse_setting(setting, submitted.get(key))
        form[key] = value if not error else submitted.get(key, "")
        if error:
            errors[key] = error
    if errors:
        return await _page(request, context, form=form, errors=errors, status_code=422)
    changes = {
        key: [context.settings[key], value]
        for key, value in form.items()
        if value != context.settings[key]
    }
    if changes:
        async with in_transaction():
            for key, (_old, new) in changes.items():
                await PluginSetting.update_or_create(
                    defaults={"value": {"value": new}}, plugin=context.name, key=key
                )
            await config_changed()
            await record_audit(
                "plugin.settings", target=context.name, detail=changes, **await actor_of(request)
            )
        await portal_of(request).registry.reload()
    return redirect(request, f"/admin/plugins/{context.name}?saved=1")


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/admin/plugins/{name}", plugin_page, methods=["GET"], name="admin_plugin"),
            GET=ADMINS.but(sample=sample_plugin),
        ),
        declare_access(
            Route(
                "/admin/plugins/{name}/settings",
                save_settings,
                methods=["POST"],
                name="admin_plugin_settings",
            ),
            # An empty form leaves the sample plugin's settings blank: refused next to the fields.
            POST=ADMINS.but(admin=422, sample=sample_plugin),
        ),
    ]
