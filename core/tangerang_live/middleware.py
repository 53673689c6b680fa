"""ASGI middleware of the host: language, security headers, compression, conditional requests,
and the enabled-plugin gate."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from http.cookies import SimpleCookie
from urllib.parse import unquote_to_bytes

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tangerang_live import i18n
from tangerang_live.context import PLUGIN_SCOPE_KEY
from tangerang_live.i18n import gettext as _
from tangerang_live.registry import PluginRegistry


class LocaleMiddleware:
    """Choose the page language from the ``lang`` cookie; without one, Indonesian.

    The browser's Accept-Language is not asked: many phones in Tangerang are set to English by
    their shop, while their owners read Indonesian. English is for who chooses it (the header's
    switch, or the language saved on the account, set in the cookie at sign-in)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = SimpleCookie(Headers(scope=scope).get("cookie", ""))
        chosen = cookie[i18n.LOCALE_COOKIE].value if i18n.LOCALE_COOKIE in cookie else None
        token = i18n.current_locale.set(i18n.negotiate_locale(chosen))
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
    """Headers that keep pages from being framed, sniffed or injected with foreign scripts.

    Every answer is ``nosniff`` (and HTTPS-only in production). The headers that govern a
    document (its CSP, framing, referrer and permissions policies) go on everything the portal
    builds from data, but not on its own files, ``asset_paths`` (static files, icons, the
    manifest): nothing can be injected into those, and on a first visit their dozen answers
    would carry 5 KB of headers that protect nothing.
    """

    ASSET_PATHS = ("/static/", "/favicon.ico", "/icon-", "/manifest.webmanifest")

    def __init__(
        self,
        app: ASGIApp,
        *,
        policy: ContentSecurityPolicy,
        session_cookie: str,
        production: bool = False,
        asset_paths: tuple[str, ...] = ASSET_PATHS,
    ) -> None:
        self.app = app
        self.policy = policy
        self.session_cookie = session_cookie
        self.production = production
        self.asset_paths = asset_paths
        self.headers = [(b"x-content-type-options", b"nosniff")]
        self.document_headers = [
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"x-frame-options", b"DENY"),
        ]
        if production:
            # Browsers that once saw the portal over HTTPS never try plain HTTP again.
            self.headers.append(
                (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
            )
            # The map may ask for the position; nothing may use the camera, microphone, etc.
            self.document_headers.append(
                (
                    b"permissions-policy",
                    b"geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
                    b"interest-cohort=()",
                )
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        signed_in = self.production and has_cookie(scope, self.session_cookie)
        asset = scope["path"].startswith(self.asset_paths)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *self.headers]
                if not asset:
                    headers += [
                        (b"content-security-policy", self.policy.header),
                        *self.document_headers,
                    ]
                if signed_in and not any(k.lower() == b"cache-control" for k, _v in headers):
                    # Pages seen in a session may hold personal data: no shared or disk cache
                    # keeps them (files and static assets say how they may be cached).
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def compression(app: ASGIApp) -> ASGIApp:
    """Gzip for text answers (HTML, CSS, JavaScript, JSON, SVG) when the browser accepts it: a
    page is a fifth of its size on a prepaid phone's data.

    Starlette's middleware leaves server-sent events (``text/event-stream``), images, fonts and
    archives as they are; PDFs are already compressed too.
    """
    return GZipMiddleware(
        app,
        minimum_size=500,
        compresslevel=6,  # nearly level 9's size for a third of its CPU time
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf"),
    )


def has_cookie(scope: Scope, name: str) -> bool:
    """Whether the request carries the cookie ``name`` (the session cookie: someone signed in)."""
    return f"{name}=".encode() in Headers(scope=scope).get("cookie", "").encode("latin-1")


class ConditionalGet:
    """Public pages answer ``304 Not Modified`` when the browser already has them.

    A page served to a visitor who is not signed in (no session cookie, none being set) gets a
    weak ETag, a hash of its HTML or JSON, and ``Cache-Control: no-cache``: the browser keeps the
    page and asks each time whether it changed; ``If-None-Match`` with the same hash gets an empty
    304. The page is still rendered (a hash of its body is the only sure sign that nothing
    changed), but a returning phone pays only for what changed.

    Pages seen in a session never get one: they may hold personal data (in production they are
    ``no-store``, ``SecurityHeadersMiddleware``). Neither do answers that say how they may be
    cached (files, static assets), that are not 200, or that stream.
    """

    CACHEABLE = (
        "text/html",
        "application/json",
        "application/geo+json",
        "application/manifest+json",
    )

    def __init__(self, app: ASGIApp, *, session_cookie: str) -> None:
        self.app = app
        self.session_cookie = session_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or has_cookie(scope, self.session_cookie)
        ):
            await self.app(scope, receive, send)
            return
        wanted = Headers(scope=scope).get("if-none-match", "")
        start: Message | None = None
        passing = False

        async def send_conditionally(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                if self._may_tag(message):
                    start = message
                else:
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                passing = True
                body = message.get("body", b"")
                if message.get("more_body", False):  # a stream: sent as it comes
                    await send(start)
                    await send(message)
                    return
                etag = f'W/"{hashlib.sha256(body).hexdigest()[:24]}"'
                headers = [
                    *start["headers"],
                    (b"etag", etag.encode()),
                    (b"cache-control", b"no-cache"),
                ]
                if _etag_matches(wanted, etag):
                    kept = [(k, v) for k, v in headers if k.lower() not in _BODY_HEADERS]
                    await send({"type": "http.response.start", "status": 304, "headers": kept})
                    await send({"type": "http.response.body", "body": b""})
                    return
                await send({**start, "headers": headers})
                await send(message)
            else:
                await send(message)

        await self.app(scope, receive, send_conditionally)

    def _may_tag(self, start: Message) -> bool:
        if start["status"] != 200:
            return False
        headers = Headers(raw=start.get("headers", []))
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        sets_session = any(
            value.startswith(f"{self.session_cookie}=") for value in headers.getlist("set-cookie")
        )
        return (
            kind in self.CACHEABLE
            and "cache-control" not in headers
            and "etag" not in headers
            and not sets_session
        )


_BODY_HEADERS = {b"content-length", b"content-type", b"content-encoding"}


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """``If-None-Match`` compared weakly (RFC 9110 13.1.2): ``*`` or any listed tag."""
    if not if_none_match:
        return False
    listed = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in listed or etag.removeprefix("W/") in listed


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
        try:
            await self.app(scope, receive, send)
        except (HTTPException, RefusedInput):
            raise
        except Exception as exc:
            # Counted, and shown on /admin/plugins like a failing hook; the visitor gets a 500.
            where = f"{scope.get('method', '')} {scope.get('path', '')}"
            self.registry.record_failure(self.plugin, "route", exc, detail=where)
            raise


class InputGuard:
    """Refuses, before any endpoint reads it, input no endpoint could store or parse.

    - a body larger than ``max_body`` (413), counted as it arrives, whatever Content-Length says;
    - null bytes or bytes that are not UTF-8 in the path, the query string, a URL-encoded form, or
      a multipart form's text fields, field names and file names (400): PostgreSQL refuses null
      bytes in text, and such input is never a person's typing;
    - a multipart body without a boundary (400).

    A multipart body streams through (it may hold large files) and is inspected as the endpoint
    reads it: the part that fails stops the reading with ``RefusedInput``, answered here.

    Under a machine API's prefix the refusal is JSON in Open311's error shape, elsewhere plain text.
    """

    FORM_TYPE = "application/x-www-form-urlencoded"

    def __init__(
        self, app: ASGIApp, *, max_body: int, max_form: int, api_prefixes: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_form = max_form
        self.api_prefixes = api_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _url_problem(scope)
        headers = Headers(scope=scope)
        content_type = headers.get("content-type", "")
        kind = content_type.split(";")[0].strip().lower()
        length = headers.get("content-length", "")
        limit = self.max_form if kind == self.FORM_TYPE else self.max_body
        if problem is None and length and (not length.isdigit() or int(length) > limit):
            await self._refuse(scope, send, 413, _("The request is too large."))
            return
        boundary = parse_options_header(content_type)[1].get(b"boundary", b"")
        if kind == "multipart/form-data" and not boundary:
            problem = _("The form is not properly encoded (no multipart boundary).")
        if problem is not None:
            await self._refuse(scope, send, 400, problem)
            return
        if kind == self.FORM_TYPE or not length:
            # Read whole (it is small), check it, and hand it on as if it had not been read.
            body = await _read_body(receive, limit)
            if body is None:
                await self._refuse(scope, send, 413, _("The request is too large."))
                return
            if kind == self.FORM_TYPE and not _clean_text(
                unquote_to_bytes(body.replace(b"+", b" "))
            ):
                await self._refuse(scope, send, 400, _("The form contains invalid characters."))
                return
            receive = _replay(body, receive)
        else:
            receive = _capped(receive, limit)
        if kind == "multipart/form-data":
            receive = _inspected(receive, boundary)
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_noting_start)
        except RefusedInput as refusal:
            if started:
                raise
            await self._refuse(scope, send, 400, refusal.message)

    async def _refuse(self, scope: Scope, send: Send, status: int, message: str) -> None:
        if scope["path"].startswith(self.api_prefixes):
            body = json.dumps([{"code": status, "description": message}]).encode()
            content_type = b"application/json"
        else:
            body = message.encode()
            content_type = b"text/plain; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", content_type)],
            }
        )
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413)


class RefusedInput(Exception):
    """Raised while a request body is read when it holds what no endpoint could store; the
    ``InputGuard`` answers 400 with ``message``. Not an ``HTTPException``, so it passes every
    handler on its way out to the guard, which answers in the API's format where needed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _clean_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _url_problem(scope: Scope) -> str | None:
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if not _clean_text(unquote_to_bytes(raw_path)) or "\x00" in scope["path"]:
        return _("The address contains invalid characters.")
    query = scope.get("query_string", b"")
    if query and not _clean_text(unquote_to_bytes(query.replace(b"+", b" "))):
        return _("The address contains invalid characters.")
    return None


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once, then the connection's own messages (the client going away)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class _MultipartInspector:
    """Follows a multipart body chunk by chunk and notes the first part that is not clean text:
    a null byte or bytes that are not UTF-8 in a text field, or a null byte in a field's or a
    file's name. File contents are not looked at."""

    def __init__(self, boundary: bytes) -> None:
        self.problem: str | None = None
        self.gave_up = False
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.text: codecs.IncrementalDecoder | None = None
        self.parser = MultipartParser(
            boundary,
            {
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )

    def feed(self, chunk: bytes) -> None:
        if self.gave_up or self.problem is not None:
            return
        try:
            self.parser.write(chunk)
        except FormParserError:
            # Malformed: the endpoint's own parser meets the same bytes and refuses them.
            self.gave_up = True

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def _headers_finished(self) -> None:
        options = parse_options_header(self.disposition)[1]
        self.disposition = b""
        if any(not _clean_text(value) for value in options.values()):
            self.problem = _("The form contains invalid characters.")
        self.text = None if b"filename" in options else codecs.getincrementaldecoder("utf-8")()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.text is not None:
            self._check_text(data[start:end], final=False)

    def _part_end(self) -> None:
        if self.text is not None:
            self._check_text(b"", final=True)

    def _check_text(self, data: bytes, *, final: bool) -> None:
        assert self.text is not None
        try:
            self.text.decode(data, final=final)
            clean = b"\x00" not in data
        except UnicodeDecodeError:
            clean = False
        if not clean:
            self.problem = _("The form contains invalid characters.")


def _inspected(receive: Receive, boundary: bytes) -> Receive:
    """``receive`` that raises ``RefusedInput`` before handing on the chunk in which a multipart
    body stops being clean (see ``_MultipartInspector``)."""
    inspector = _MultipartInspector(boundary)

    async def inspected() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            inspector.feed(message.get("body", b""))
            if inspector.problem is not None:
                raise RefusedInput(inspector.problem)
        return message

    return inspected


def _capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops a body growing past ``limit`` (Content-Length may lie)."""
    size = 0

    async def capped() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge()
        return message

    return capped
