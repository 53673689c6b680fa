"""The host's own pages: home, search, sign-in, health and plugin introspection."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from tangerang_live import i18n
from tangerang_live.audit import record_audit
from tangerang_live.auth import current_user, sign_in, sign_out, verify_password
from tangerang_live.db import database_answers
from tangerang_live.i18n import gettext as _
from tangerang_live.models import User
from tangerang_live.portal import localized, portal_of
from tangerang_live.templating import render

SEARCH_LIMIT_PER_PLUGIN = 5


async def home(request: Request) -> Response:
    portal = portal_of(request)
    user = await current_user(request)
    widgets = await portal.registry.collect("home_widgets", request=request, user=user)
    widgets.sort(key=lambda w: (w.order, localized(w.title)))
    return await render(request, "core/home.html", {"widgets": widgets})


async def search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()[:200]
    results = []
    if query:
        user = await current_user(request)
        portal = portal_of(request)
        for plugin, hits in await portal.registry.call(
            "search", request=request, user=user, query=query, limit=SEARCH_LIMIT_PER_PLUGIN
        ):
            results += [(plugin, hit) for hit in hits[:SEARCH_LIMIT_PER_PLUGIN]]
    return await render(
        request,
        "core/search.html",
        {"query": query, "results": results},
        fragment="core/_search_results.html",
    )


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our sign-in page.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


async def login(request: Request) -> Response:
    next_url = _safe_next(request.query_params.get("next"))
    if request.method == "GET":
        return await render(request, "core/login.html", {"next": next_url, "errors": {}})
    form = await request.form()
    identifier = str(form.get("email", "")).strip().lower()
    password = str(form.get("password", ""))
    next_url = _safe_next(str(form.get("next", "")))
    user = await User.get_or_none(email=identifier, is_active=True) if identifier else None
    ip = request.client.host if request.client else ""
    if user is None or not verify_password(user.password_hash, password):
        await record_audit("login.failed", target=identifier, actor_label=identifier, ip=ip)
        return await render(
            request,
            "core/login.html",
            {
                "next": next_url,
                "email": identifier,
                "errors": {"form": _("The email or password is wrong.")},
            },
            status_code=400,
        )
    sign_in(request, user)
    await record_audit("login.succeeded", target=user.email or "", actor=user, ip=ip)
    return RedirectResponse(next_url, status_code=303)


async def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/", status_code=303)


async def set_language(request: Request) -> Response:
    form = await request.form()
    locale = str(form.get("lang", ""))
    response = RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303)
    if locale in i18n.LOCALES:
        response.set_cookie(
            i18n.LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax", httponly=True
        )
    return response


async def healthz(request: Request) -> Response:
    if await database_answers():
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


async def plugins_json(request: Request) -> Response:
    """Every installed plugin and its state; error texts only for admins (they may leak paths)."""
    portal = portal_of(request)
    user = await current_user(request)
    show_errors = bool(user and user.is_admin)
    plugins = []
    for record in portal.registry.records.values():
        hook_errors = [
            f"{f.hook}: {f.error}"
            for f in portal.registry.hook_failures.values()
            if f.plugin == record.name
        ]
        entry = {
            "name": record.name,
            "version": record.version,
            "enabled": portal.registry.is_enabled(record.name),
            "status": record.status,
            "url_prefix": record.manifest.url_prefix if record.manifest else None,
            "requires": list(record.manifest.requires) if record.manifest else [],
        }
        if show_errors:
            entry["error"] = record.error
            entry["hook_errors"] = hook_errors
        plugins.append(entry)
    return JSONResponse({"plugins": plugins})
