"""Every hook a Tangerang LIVE plugin can implement.

A plugin implements hooks with ``@hookimpl`` (``from tangerang_live import hookimpl``). An
implementation may accept any subset of the arguments documented here, so a hook can gain arguments
later without breaking plugins, and it may return either a value or an awaitable (an ``async def``
implementation): the host awaits. The types below are what the host passes and expects.
Every hook but ``manifest``, ``routes`` and ``model_modules`` may also take ``plugin``: the
plugin's own :class:`tangerang_live.PluginContext`.

Each call is guarded: an implementation that raises is logged and left out of that call, and the
page renders without its part. Hooks are only called on enabled plugins, except where a docstring
says otherwise. ``docs/plugins.md`` documents each hook; a test fails when one is missing there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.routing import BaseRoute

    from tangerang_live.context import PluginContext
    from tangerang_live.contracts import (
        Command,
        DemoContext,
        Manifest,
        NavItem,
        Permission,
        SearchResult,
        Setting,
        Task,
        Widget,
    )
    from tangerang_live.models import User

hookspec = pluggy.HookspecMarker("tangerang_live")


@hookspec
def manifest() -> Manifest:
    """Describe the plugin: return a :class:`tangerang_live.Manifest`.

    Called once at boot for every installed plugin, enabled or not. The manifest names the plugin,
    its titles and description in Bahasa Indonesia and English, its icon, the URL prefix its routes
    are mounted under, the host API range it supports and the plugins it requires. A plugin whose
    host API range excludes the running host, or whose required plugins are missing, is marked
    failed and the portal boots without it.
    """


@hookspec
def routes() -> list[BaseRoute]:
    """Return a list of Starlette routes, mounted under the plugin's ``url_prefix``.

    Called once at boot for every loaded plugin. Routes are never removed: while the plugin is
    disabled a gate answers its prefix with the portal's friendly 404 page.
    """


@hookspec
def model_modules() -> list[str]:
    """Return the dotted names of modules that hold the plugin's Tortoise models.

    Called once at boot for every loaded plugin. The models form one Tortoise app whose label is
    the plugin name; its migrations live in the ``migrations`` package beside them and are applied
    by ``tangerang-live migrate``. Name tables with the plugin name as prefix.
    """


@hookspec
def nav_items(plugin: PluginContext) -> list[NavItem]:
    """Return a list of :class:`tangerang_live.NavItem` for the main navigation.

    Return every item the plugin has: the host shows each user only those whose ``audience`` and
    ``permission`` admit them. Items are static: the host calls this once after the enabled plugins
    change and renders the menu once per language and kind of user, so put anything that depends
    on the user or on data in a home widget instead.
    """


@hookspec
def home_widgets(request: Request, user: User | None, plugin: PluginContext) -> list[Widget]:
    """Return a list of :class:`tangerang_live.Widget` for the home page.

    Use ``Widget.url`` for anything that queries data, so the home page never waits for it: the
    page loads the fragment with htmx (and links to it without JavaScript).
    """


@hookspec
def search(
    request: Request, user: User | None, query: str, limit: int, plugin: PluginContext
) -> list[SearchResult]:
    """Return at most ``limit`` :class:`tangerang_live.SearchResult` matching ``query``.

    Called for the portal-wide search box. Return only what ``user`` may see: public data for
    ``None``.
    """


@hookspec
def permissions(plugin: PluginContext) -> list[Permission]:
    """Return a list of :class:`tangerang_live.Permission` the plugin declares.

    Called for every loaded plugin; admins grant these to officers. Codes start with the plugin
    name and a dot.
    """


@hookspec
def startup(app: Starlette, plugin: PluginContext) -> None:
    """Called once when a portal process starts, after the database is ready.

    Called for every loaded plugin, enabled or not, so a plugin can prepare caches it needs when
    enabled later. ``app`` is the Starlette application.
    """


@hookspec
def shutdown(app: Starlette, plugin: PluginContext) -> None:
    """Called once when a portal process stops. Called for every loaded plugin."""


@hookspec
def on_enable(app: Starlette, plugin: PluginContext) -> None:
    """Called on the plugin in the process where an admin enabled it, after the change committed.

    Other workers learn of the change within two seconds but do not call this hook.
    """


@hookspec
def on_disable(app: Starlette, plugin: PluginContext) -> None:
    """Called on the plugin in the process where an admin disabled it, after the change committed.

    Disabling never deletes data; do not delete any here.
    """


@hookspec
def demo_data(demo: DemoContext, plugin: PluginContext) -> None:
    """Load the plugin's demo data; called by ``tangerang-live demo`` for each enabled plugin.

    ``demo`` is a :class:`tangerang_live.DemoContext` with a seeded ``random`` generator and the
    demo accounts. Must be idempotent: running it twice leaves the same data as running it once.
    """


@hookspec
def settings(plugin: PluginContext) -> list[Setting]:
    """Return the :class:`tangerang_live.Setting` list admins may change for this plugin.

    Called for every loaded plugin when a worker starts and whenever the runtime configuration
    changes. Admins edit the values on ``/admin/plugins/<name>``; the plugin reads them with
    ``plugin.settings[key]``, from memory.
    """


@hookspec
def tasks(plugin: PluginContext) -> list[Task]:
    """Return the plugin's scheduled :class:`tangerang_live.Task` list.

    Called for every loaded plugin by the task runner and by ``tangerang-live tasks``. Due tasks
    run only while the plugin is enabled, each in exactly one process of the deployment.
    """


@hookspec
def cli_commands(plugin: PluginContext) -> list[Command]:
    """Return :class:`tangerang_live.Command` objects, run as ``tangerang-live <plugin> <name>``.

    Called for every loaded plugin when the command line is parsed, before any event loop runs:
    a plain function, like the boot hooks. Commands run with the database open, whether or not
    the plugin is enabled.
    """


@hookspec
def template_filters(plugin: PluginContext) -> dict[str, Callable[..., Any]]:
    """Return Jinja filters to add to every template: ``{"rupiah": format_rupiah}``.

    Called once per worker for every loaded plugin, when the template environment is built.
    Prefix names with the plugin's name when they may clash with another plugin's.
    """


@hookspec
def template_globals(plugin: PluginContext) -> dict[str, Any]:
    """Return names every template can use (functions or constants).

    Called once per worker for every loaded plugin, when the template environment is built.
    """


@hookspec
def csp_sources(plugin: PluginContext) -> dict[str, list[str]]:
    """Return origins to add to the Content-Security-Policy, per directive:
    ``{"img-src": ["https://tiles.example.org"]}``.

    Called once at start-up for every loaded plugin. Only ``img-src``, ``connect-src``,
    ``font-src``, ``media-src`` and ``frame-src`` may be extended, with ``https://`` origins:
    never scripts or styles.
    """


@hookspec
def home_stylesheets(plugin: PluginContext) -> list[str]:
    """Return paths of stylesheets in the plugin's ``static/`` that its home widget needs.

    The home page links them while the plugin is enabled, so a widget's fragment loaded with htmx
    finds its styles (Content-Security-Policy forbids inline styles).
    """
