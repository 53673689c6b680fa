"""The host's own pages: home, search, sign-in, language, health and plugin introspection."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from tortoise.expressions import F

from tangerang_live import i18n
from tangerang_live.accounts import find_by_login, login_key
from tangerang_live.audit import record_audit
from tangerang_live.auth import (
    SIGN_IN_REASONS,
    AccountThrottle,
    current_user,
    rotate_csrf_token,
    sign_in,
    sign_out,
    verify_password_off_loop,
)
from tangerang_live.db import database_answers
from tangerang_live.i18n import gettext as _
from tangerang_live.models import User
from tangerang_live.portal import localized, portal_of, render
from tangerang_live.web import client_ip, minutes_to_wait, safe_next

SEARCH_LIMIT_PER_PLUGIN = 5


async def home(request: Request) -> Response:
    portal = portal_of(request)
    user = await current_user(request)
    widgets = await portal.registry.collect("home_widgets", request=request, user=user)
    widgets.sort(key=lambda w: (w.order, localized(w.title)))
    stylesheets = [
        portal.registry.contexts[plugin].static_url(path)
        for plugin, paths in await portal.registry.call("home_stylesheets")
        if plugin in portal.registry.contexts
        for path in paths
    ]
    return await render(
        request, "core/home.html", {"widgets": widgets, "home_stylesheets": stylesheets}
    )


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


def sign_in_reason(request: Request, next_url: str, reason: str) -> str:
    """What the sign-in page says it is asked for: the guarded page's known ``reason``, else the
    service ``next_url`` leads to, else nothing."""
    if reason in SIGN_IN_REASONS:
        return SIGN_IN_REASONS[reason]()
    registry = portal_of(request).registry
    for record in registry.records.values():
        manifest = record.manifest
        prefix = manifest.url_prefix.rstrip("/") if manifest else ""
        going = next_url == prefix or next_url.startswith(prefix + "/")
        if manifest and prefix and going and registry.is_enabled(record.name):
            return _("Sign in to continue to %(service)s.", service=localized(manifest.title))
    return ""


async def _login_page(
    request: Request, next_url: str, login: str, error: str, status_code: int, reason: str = ""
) -> Response:
    context = {
        "next": next_url,
        "reason": reason if reason in SIGN_IN_REASONS else "",
        "why": sign_in_reason(request, next_url, reason),
        "notice": _("Your new password is set. Sign in with it.")
        if request.query_params.get("done") == "reset"
        else "",
        "email": login,
        "errors": {"form": error} if error else {},
    }
    return await render(request, "core/login.html", context, status_code=status_code)


async def login(request: Request) -> Response:
    """Sign in with email or mobile number; failures are rate limited per account and address."""
    next_url = safe_next(request.query_params.get("next"))
    if request.method == "GET":
        reason = request.query_params.get("reason", "")
        return await _login_page(request, next_url, "", "", 200, reason)
    form = await request.form()
    login = str(form.get("email", "")).strip()[:254]
    password = str(form.get("password", ""))
    next_url = safe_next(str(form.get("next", "")))
    reason = str(form.get("reason", ""))
    if not login or not password:
        # Nobody's password was tried: nothing to count against an account or an address.
        error = _("Enter your email or mobile number and your password.")
        return await _login_page(request, next_url, login, error, 400, reason)
    ip = client_ip(request)
    throttle: AccountThrottle = request.app.state.account_throttle
    account = login_key(login)
    wait = await throttle.retry_after(account, ip)
    if wait:
        await record_audit("login.throttled", target=login, actor_label=login, ip=ip)
        error = _(
            "Too many failed attempts. Try again in %(minutes)s minutes.",
            minutes=minutes_to_wait(wait),
        )
        return await _login_page(request, next_url, login, error, 429, reason)
    user = await find_by_login(login) if login else None
    # Hash even for an unknown login, so the answer's timing does not reveal accounts.
    password_ok = await verify_password_off_loop(user.password_hash if user else None, password)
    if user is None or not password_ok:
        await throttle.failed(account, ip)
        await record_audit("login.failed", target=login, actor_label=login, ip=ip)
        error = _("The email, mobile number or password is wrong.")
        return await _login_page(request, next_url, login, error, 400, reason)
    await throttle.succeeded(account, ip)
    sign_in(request, user)
    await record_audit("login.succeeded", target=user.email or user.phone or "", actor=user, ip=ip)
    response = RedirectResponse(next_url, status_code=303)
    rotate_csrf_token(response)
    i18n.remember_locale(
        response, user.locale, secure=request.url.scheme == "https"
    )  # the language saved on the profile wins
    return response


async def logout(request: Request) -> Response:
    """End the session on the server too: a copy of its cookie (taken from a shared computer, a
    proxy log) stops working. Sessions are signed cookies, so ending one ends every session the
    account had open, as "sign out everywhere" does."""
    user = await current_user(request)
    if user is not None:
        await User.filter(id=user.id).update(session_epoch=F("session_epoch") + 1)
    sign_out(request)
    return RedirectResponse("/", status_code=303)


async def set_language(request: Request) -> Response:
    """Switch the page language; remembered in a cookie and, when signed in, on the profile."""
    form = await request.form()
    locale = str(form.get("lang", ""))
    response = RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)
    if locale in i18n.LOCALES:
        i18n.remember_locale(response, locale, secure=request.url.scheme == "https")
        user = await current_user(request)
        if user is not None and user.locale != locale:
            await User.filter(id=user.id).update(locale=locale)
    return response


async def healthz(request: Request) -> Response:
    if await database_answers():
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


async def plugins_json(request: Request) -> Response:
    """The enabled plugins; for admins every installed one, with its errors (they may leak
    paths)."""
    portal = portal_of(request)
    user = await current_user(request)
    show_errors = bool(user and user.is_admin)
    plugins = []
    for record in portal.registry.records.values():
        enabled = portal.registry.is_enabled(record.name)
        if not show_errors and not (enabled and record.status == "loaded"):
            continue  # visitors learn what they can use, not what is installed or broken
        hook_errors = [
            f"{f.hook}: {f.error}"
            for f in portal.registry.hook_failures.values()
            if f.plugin == record.name
        ]
        entry = {
            "name": record.name,
            "version": record.version,
            "enabled": enabled,
            "status": record.status,
            "url_prefix": record.manifest.url_prefix if record.manifest else None,
            "requires": list(record.manifest.requires) if record.manifest else [],
        }
        if show_errors:
            entry["error"] = record.error
            entry["hook_errors"] = hook_errors
        plugins.append(entry)
    return JSONResponse({"plugins": plugins})
