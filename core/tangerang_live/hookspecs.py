"""Every hook a Tangerang LIVE plugin can implement.

A plugin implements hooks with ``@hookimpl`` (``from tangerang_live import hookimpl``). An
implementation may accept any subset of the arguments documented here, so a hook can gain arguments
later without breaking plugins, and it may return either a value or an awaitable: the host awaits.

Each call is guarded: an implementation that raises is logged and left out of that call, and the
page renders without its part. Hooks are only called on enabled plugins, except where a docstring
says otherwise. ``docs/plugins.md`` documents each hook; a test fails when one is missing there.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("tangerang_live")


@hookspec
def manifest() -> Any:
    """Describe the plugin: return a :class:`tangerang_live.Manifest`.

    Called once at boot for every installed plugin, enabled or not. The manifest names the plugin,
    its titles and description in Bahasa Indonesia and English, its icon, the URL prefix its routes
    are mounted under, the host API range it supports and the plugins it requires. A plugin whose
    host API range excludes the running host, or whose required plugins are missing, is marked
    failed and the portal boots without it.
    """


@hookspec
def routes() -> Any:
    """Return a list of Starlette routes, mounted under the plugin's ``url_prefix``.

    Called once at boot for every loaded plugin. Routes are never removed: while the plugin is
    disabled a gate answers its prefix with the portal's friendly 404 page.
    """


@hookspec
def model_modules() -> Any:
    """Return the dotted names of modules that hold the plugin's Tortoise models.

    Called once at boot for every loaded plugin. The models form one Tortoise app whose label is
    the plugin name; its migrations live in the ``migrations`` package beside them and are applied
    by ``tangerang-live migrate``. Name tables with the plugin name as prefix.
    """


@hookspec
def nav_items() -> Any:
    """Return a list of :class:`tangerang_live.NavItem` for the main navigation.

    Return every item the plugin has: the host shows each user only those whose ``audience`` and
    ``permission`` admit them. Items are static: the host calls this once after the enabled plugins
    change and renders the menu once per language and kind of user, so put anything that depends
    on the user or on data in a home widget instead.
    """


@hookspec
def home_widgets(request: Any, user: Any) -> Any:
    """Return a list of :class:`tangerang_live.Widget` for the home page.

    Use ``Widget.url`` for anything that queries data, so the home page never waits for it: the
    page loads the fragment with htmx (and links to it without JavaScript).
    """


@hookspec
def search(request: Any, user: Any, query: str, limit: int) -> Any:
    """Return at most ``limit`` :class:`tangerang_live.SearchResult` matching ``query``.

    Called for the portal-wide search box. Return only what ``user`` may see: public data for
    ``None``.
    """


@hookspec
def permissions() -> Any:
    """Return a list of :class:`tangerang_live.Permission` the plugin declares.

    Called for every loaded plugin; admins grant these to officers. Codes start with the plugin
    name and a dot.
    """


@hookspec
def startup(app: Any) -> Any:
    """Called once when a portal process starts, after the database is ready.

    Called for every loaded plugin, enabled or not, so a plugin can prepare caches it needs when
    enabled later. ``app`` is the Starlette application.
    """


@hookspec
def shutdown(app: Any) -> Any:
    """Called once when a portal process stops. Called for every loaded plugin."""


@hookspec
def on_enable(app: Any) -> Any:
    """Called on the plugin in the process where an admin enabled it, after the change committed.

    Other workers learn of the change within two seconds but do not call this hook.
    """


@hookspec
def on_disable(app: Any) -> Any:
    """Called on the plugin in the process where an admin disabled it, after the change committed.

    Disabling never deletes data; do not delete any here.
    """


@hookspec
def demo_data(demo: Any) -> Any:
    """Load the plugin's demo data; called by ``tangerang-live demo`` for each enabled plugin.

    ``demo`` is a :class:`tangerang_live.DemoContext` with a seeded ``random`` generator and the
    demo accounts. Must be idempotent: running it twice leaves the same data as running it once.
    """
