"""ASGI middleware of the host: language, security headers, and the enabled-plugin gate."""

from __future__ import annotations

import re
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


class ContentSecurityPolicy:
    """The portal's Content-Security-Policy: scripts and styles from the portal only; plugins may
    add ``https://`` origins for images, connections, fonts, media and frames (``csp_sources``)."""

    EXTENSIBLE = ("img-src", "connect-src", "font-src", "media-src", "frame-src")
    _ORIGIN = re.compile(r"https://(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?")

    def __init__(self, tile_origin: str) -> None:
        self.sources: dict[str, list[str]] = {
            "img-src": ["'self'", "data:", tile_origin],
            "connect-src": ["'self'"],
        }
        self.header = self._build()

    def allow(self, sources: dict[str, list[str]]) -> list[str]:
        """Add a plugin's origins; return those refused (other directives, not an origin)."""
        refused = []
        for directive, origins in sources.items():
            for origin in origins:
                if directive not in self.EXTENSIBLE or not self._ORIGIN.fullmatch(origin):
                    refused.append(f"{directive} {origin}")
                    continue
                allowed = self.sources.setdefault(directive, ["'self'"])
                if origin not in allowed:
                    allowed.append(origin)
        self.header = self._build()
        return refused

    def _build(self) -> bytes:
        extensible = [
            f"{directive} {' '.join(self.sources[directive])}"
            for directive in self.EXTENSIBLE
            if directive in self.sources
        ]
        return "; ".join(
            ["default-src 'self'", "script-src 'self'", "style-src 'self'", *extensible]
            + ["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]
            + ["object-src 'none'"]
        ).encode()


class SecurityHeadersMiddleware:
    """Headers that keep pages from being framed, sniffed or injected with foreign scripts."""

    def __init__(self, app: ASGIApp, *, policy: ContentSecurityPolicy) -> None:
        self.app = app
        self.policy = policy
        self.headers = [
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
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", self.policy.header),
                    *self.headers,
                ]
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
