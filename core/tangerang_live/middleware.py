"""ASGI middleware of the host: language, security headers, and the enabled-plugin gate."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tangerang_live import i18n
from tangerang_live.context import PLUGIN_SCOPE_KEY
from tangerang_live.registry import PluginRegistry


class LocaleMiddleware:
    """Choose the page language from the ``lang`` cookie, else the browser; default Indonesian."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = SimpleCookie(headers.get("cookie", ""))
        chosen = cookie[i18n.LOCALE_COOKIE].value if i18n.LOCALE_COOKIE in cookie else None
        token = i18n.current_locale.set(
            i18n.negotiate_locale(chosen, headers.get("accept-language"))
        )
        try:
            await self.app(scope, receive, send)
        finally:
            i18n.current_locale.reset(token)


class SecurityHeadersMiddleware:
    """Headers that keep pages from being framed, sniffed or injected with foreign scripts."""

    def __init__(self, app: ASGIApp, *, tile_origin: str) -> None:
        self.app = app
        csp = (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src 'self' data: {tile_origin}; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
        )
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PluginGate:
    """Wraps a plugin's mounted app: 404 (the portal's friendly page) while it is disabled.

    Routes stay in the router, so enabling the plugin again needs no restart; the check reads the
    worker's in-memory enabled set, never the database. It also marks the request as the plugin's,
    for ``plugin_context(request)``.
    """

    def __init__(self, app: ASGIApp, plugin: str, registry: PluginRegistry) -> None:
        self.app = app
        self.plugin = plugin
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.registry.is_enabled(self.plugin):
            raise HTTPException(404)
        scope[PLUGIN_SCOPE_KEY] = self.plugin
        await self.app(scope, receive, send)
