"""The application factory: plugins, routes, middleware and the process lifecycle."""

from __future__ import annotations

import gc
import importlib.metadata
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import Scope, Send

from tangerang_live import (
    account_views,
    admin,
    default_hooks,
    files,
    i18n,
    icons,
    notifications,
    route_access,
    views,
)
from tangerang_live.auth import AccountThrottle, GrantsPerRequest
from tangerang_live.db import ModelApp, close_database, core_app, open_database, pending_migrations
from tangerang_live.i18n import gettext as _
from tangerang_live.middleware import (
    ConditionalGet,
    ContentSecurityPolicy,
    InputGuard,
    LocaleMiddleware,
    PluginGate,
    SecurityHeadersMiddleware,
    compression,
)
from tangerang_live.plugins import load_plugins
from tangerang_live.portal import Portal, render
from tangerang_live.registry import PluginRegistry
from tangerang_live.route_access import EVERYONE, SIGNED_IN, declare_access
from tangerang_live.settings import Settings
from tangerang_live.tasks import TaskRunner
from tangerang_live.templating import CORE_STATIC, CachedStaticFiles, Templates

PACKAGE_DIR = Path(__file__).resolve().parent
SESSION_COOKIE = "tl_session"
SESSION_MAX_AGE = 14 * 24 * 3600


class MigrationsPendingError(RuntimeError):
    """The database schema is behind the code: run ``tangerang-live migrate``."""


def model_apps(registry: PluginRegistry) -> list[ModelApp]:
    return [core_app()] + [r.model_app for r in registry.loaded() if r.model_app]


def _core_routes() -> list[BaseRoute]:
    return [
        declare_access(Route("/", views.home, name="home"), GET=EVERYONE),
        declare_access(
            Route("/search", views.search, name="search"), GET=EVERYONE.but(params=("q",))
        ),
        declare_access(
            Route("/login", views.login, methods=["GET", "POST"], name="login"),
            GET=EVERYONE.but(params=("next", "reason", "done")),
            POST=EVERYONE.but(
                anonymous=400,
                citizen=400,
                officer=400,
                admin=400,
                params=("email", "password", "next", "reason"),
            ),
        ),  # fmt: skip
        declare_access(
            Route("/logout", views.logout, methods=["POST"], name="logout"),
            POST=EVERYONE.but(anonymous=303, citizen=303, officer=303, admin=303),
        ),
        declare_access(
            Route("/language", views.set_language, methods=["POST"], name="language"),
            POST=EVERYONE.but(
                anonymous=303, citizen=303, officer=303, admin=303, params=("lang", "next")
            ),
        ),
        declare_access(Route("/healthz", views.healthz, name="healthz"), GET=EVERYONE),
        declare_access(
            Route("/-/plugins.json", views.plugins_json, name="plugins_json"), GET=EVERYONE
        ),
        *admin.routes(),
        *account_views.routes(),
        *icons.routes(),
        declare_access(
            Route("/files/{key}", files.serve_file, name="file"),
            GET=EVERYONE.but(params=("exp", "sig", "for"), sample=route_access.sample_public_file),
        ),
        declare_access(
            Route("/notifications", notifications.notifications_page, name="notifications"),
            GET=SIGNED_IN,
        ),
        declare_access(
            Route("/notifications/bell", notifications.notification_bell, name="notification_bell"),
            GET=EVERYONE,
        ),
        declare_access(
            Route("/notifications/read-all", notifications.mark_all_read, methods=["POST"]),
            POST=SIGNED_IN.but(citizen=303, officer=303, admin=303),
        ),
        declare_access(
            Route("/notifications/{notification_id:int}", notifications.open_notification),
            GET=SIGNED_IN.but(
                citizen=303,
                neighbour=404,
                officer=404,
                admin=404,
                sample=route_access.sample_notification,
            ),
        ),  # fmt: skip
        Mount("/static/core", CachedStaticFiles(directory=CORE_STATIC), name="static_core"),
    ]


def _theme_static_routes(theme_root: Path) -> list[BaseRoute]:
    return [
        Mount(f"/static/themes/{theme.name}", CachedStaticFiles(directory=theme / "static"))
        for theme in sorted(theme_root.iterdir())
        if (theme / "static").is_dir()
    ]


def _plugin_routes(registry: PluginRegistry) -> list[BaseRoute]:
    mounted: list[BaseRoute] = []
    for record in registry.loaded():
        assert record.manifest is not None and record.package_dir is not None
        prefix = record.manifest.url_prefix.rstrip("/")
        mounted.append(Mount(prefix, PluginGate(Router(record.routes), record.name, registry)))
        static = record.package_dir / "static"
        if static.is_dir():
            mounted.append(
                Mount(
                    f"/static/plugins/{record.name}",
                    PluginGate(CachedStaticFiles(directory=static), record.name, registry),
                )
            )
    return mounted


async def _error_page(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    titles = {403: _("You may not open this page."), 404: _("Page not found.")}
    return await render(
        request,
        "core/error.html",
        {"status": status, "title": titles.get(status, _("Request refused."))},
        status_code=status,
    )


async def _server_error_page(request: Request, exc: Exception) -> Response:
    # Runs outside every other middleware (no session, no theme): a page that cannot fail itself.
    return HTMLResponse(
        "<!doctype html><html lang=id><meta charset=utf-8><title>500</title>"
        "<h1>Maaf, terjadi kesalahan di sistem kami.</h1>"
        "<p>Something went wrong on our side. Silakan coba lagi sebentar lagi.</p>",
        status_code=500,
    )


async def _send_csrf_failed(scope: Scope, send: Send, message_id: Any) -> None:
    body = _(
        "This form has expired or did not come from this portal. Go back, reload the page "
        "and send it again."
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _EveryPath:
    """For asgi_csrf's ``always_protect``: contains every path."""

    def __contains__(self, path: object) -> bool:
        return True


def create_app(
    settings: Settings | None = None,
    *,
    entry_points: Iterable[importlib.metadata.EntryPoint] | None = None,
) -> Starlette:
    """Build the portal. ``entry_points`` replaces discovery (for tests of load failures)."""
    settings = settings or Settings()
    files.configure_files(settings)
    pm, records = load_plugins(
        entry_points, strict=settings.strict_plugins, core_plugins=[default_hooks]
    )
    registry = PluginRegistry(pm, records)
    loaded = registry.loaded()
    templates = Templates(
        settings.theme_root,
        [
            r.package_dir / "templates"
            for r in loaded
            if r.package_dir and (r.package_dir / "templates").is_dir()
        ],
        auto_reload=settings.env != "production",
    )
    i18n.load_catalogs(
        [PACKAGE_DIR / "locale"] + [r.package_dir / "locale" for r in loaded if r.package_dir]
    )
    apps = model_apps(registry)
    task_runner = TaskRunner(registry)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pending = await pending_migrations(settings, apps)
        if pending:
            raise MigrationsPendingError(
                f"{len(pending)} migration(s) not applied ({', '.join(pending)}): "
                "run `tangerang-live migrate` first"
            )
        await open_database(settings, apps)
        await registry.reload()
        all_loaded = [r.name for r in registry.loaded()]
        templates.add_plugin_names(
            await registry.merged("template_filters", plugins=all_loaded),
            await registry.merged("template_globals", plugins=all_loaded),
        )
        for plugin, sources in await registry.call("csp_sources", plugins=all_loaded):
            refused = policy.allow(sources) if isinstance(sources, dict) else [repr(sources)]
            if refused:
                registry.record_failure(
                    plugin, "csp_sources", f"refused Content-Security-Policy sources: {refused}"
                )
        await registry.call("startup", plugins=all_loaded, app=app)
        registry.start_polling(settings.state_poll_seconds)
        if settings.runs_tasks:
            task_runner.start(settings.task_poll_seconds)
        if settings.env == "production":
            # What start-up built (routes, templates, catalogs) lives as long as the process:
            # moved out of the collector's sight, it is no longer scanned on every collection.
            gc.freeze()
        try:
            yield
        finally:
            await task_runner.stop()
            await registry.stop_polling()
            await registry.call("shutdown", plugins=all_loaded, app=app)
            await close_database()

    api_prefixes = tuple(
        r.manifest.url_prefix.rstrip("/") + api
        for r in loaded
        if r.manifest
        for api in r.manifest.api_prefixes
    )
    production = settings.env == "production"
    tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings.tile_url.replace("{s}", "a")))
    policy = ContentSecurityPolicy(tile_origin)
    app = Starlette(
        routes=_core_routes()
        + _theme_static_routes(settings.theme_root)
        + _plugin_routes(registry),
        middleware=[
            Middleware(compression),
            Middleware(GrantsPerRequest),
            Middleware(
                SecurityHeadersMiddleware,
                policy=policy,
                session_cookie=SESSION_COOKIE,
                production=production,
            ),
            Middleware(ConditionalGet, session_cookie=SESSION_COOKIE),
            Middleware(LocaleMiddleware),
            Middleware(
                InputGuard,
                max_body=settings.max_body_bytes,
                max_form=settings.max_form_bytes,
                api_prefixes=api_prefixes,
            ),
            Middleware(
                SessionMiddleware,
                secret_key=settings.signing_key,
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_MAX_AGE,
                same_site="lax",
                https_only=production,
            ),
            Middleware(
                asgi_csrf,
                signing_secret=settings.signing_key,
                # Every form, even sent with no cookies at all: a forged sign-in or registration
                # would put the victim in the attacker's account (login CSRF).
                always_protect=_EveryPath(),
                cookie_secure=production,
                send_csrf_failed=_send_csrf_failed,
                # Key-authenticated machine APIs carry no ambient credentials to forge.
                skip_if_scope=lambda scope: scope["path"].startswith(api_prefixes),
            ),
        ],
        exception_handlers={403: _error_page, 404: _error_page, 500: _server_error_page},
        lifespan=lifespan,
    )
    app.state.portal = Portal(settings=settings, registry=registry, templates=templates)
    app.state.task_runner = task_runner
    app.state.account_throttle = AccountThrottle(settings.redis_url, namespace=settings.signing_key)
    return app
