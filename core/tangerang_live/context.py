"""What a plugin knows about itself: its context (name, prefix, logger, settings, URLs), and links
that leave the portal, built from ``PORTAL_PUBLIC_URL``."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, NoMatchFound, Route, Router, WebSocketRoute

from tangerang_live.contracts import Setting, SettingValue
from tangerang_live.settings import active_settings
from tangerang_live.templating import content_version

if TYPE_CHECKING:
    from tangerang_live.plugins import PluginRecord

PLUGIN_SCOPE_KEY = "tangerang_live.plugin"
"""Where the plugin gate leaves the name of the plugin serving a request, in the ASGI scope."""


def absolute_url(path: str) -> str:
    """``path`` (``/laksa/r/LKS-2026-000123``) as an absolute URL on the portal's public address.

    For links that leave the portal (email, SMS, QR codes, feeds). Built from
    ``PORTAL_PUBLIC_URL`` (``Settings.public_url``), never from the request's Host header, which a
    client may forge to plant links to another site.
    """
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("absolute_url takes a path in the portal, such as /laksa/")
    return active_settings().public_url + path


class PluginSettings(Mapping[str, SettingValue]):
    """A plugin's settings as admins set them: ``plugin.settings["card_validity_months"]``.

    Reading costs nothing: each worker keeps the values in memory and reads them again when the
    runtime configuration version changes (an admin's edit raises it), within a second or two.
    A stored value the declaration no longer admits (a bound was tightened) reads as the default.
    """

    def __init__(self, plugin: str) -> None:
        self.plugin = plugin
        self.declared: dict[str, Setting] = {}
        self._stored: dict[str, Any] = {}

    def load(self, declared: list[Setting], stored: dict[str, Any]) -> None:
        """Replace the declarations and the stored values (the registry calls this)."""
        self.declared = {setting.key: setting for setting in declared}
        self._stored = dict(stored)

    def __getitem__(self, key: str) -> SettingValue:
        setting = self.declared.get(key)
        if setting is None:
            raise KeyError(f"plugin {self.plugin} declares no setting {key!r}")
        value = self._stored.get(key, setting.default)
        if not setting.accepts(value):
            return setting.default
        return setting.type(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self.declared)

    def __len__(self) -> int:
        return len(self.declared)


class PluginContext:
    """One plugin as the host sees it, handed to its hooks (the opt-in ``plugin`` argument), to
    its tasks and commands, found by views with ``plugin_context(request)`` and by templates as
    ``plugin``.

    Build every URL of the plugin through it, never with the prefix written out: the routes need
    names (``Route("/v/{id:int}", views.vacancy, name="vacancy")``).
    """

    def __init__(self, name: str, prefix: str, routes: list[BaseRoute]) -> None:
        self.name = name
        """The plugin's name (its entry point): ``siap_kerja``."""
        self.prefix = prefix.rstrip("/")
        """Where its routes are mounted: ``/siap-kerja``."""
        self.logger = logging.getLogger(f"tangerang_live.plugins.{name}")
        """The plugin's logger, ``tangerang_live.plugins.<name>``."""
        self.settings = PluginSettings(name)
        """Its settings as admins set them (see ``Setting``)."""
        self._router = Router(routes)
        # A list page builds a URL per row: finding the route by name, instead of asking every
        # route in turn (what the router does), keeps that cheap for a plugin with many routes.
        self._named: dict[str, BaseRoute] = {}
        for route in routes:
            if isinstance(route, Route | WebSocketRoute):
                self._named.setdefault(route.name, route)
        self._static_dir: Path | None = None
        self._fixed_urls: dict[str, str] = {}
        """URLs of routes without parameters (navigation, widgets, forms), built once."""

    @classmethod
    def of(cls, record: PluginRecord) -> PluginContext:
        assert record.manifest is not None
        context = cls(record.name, record.manifest.url_prefix, record.routes)
        if record.package_dir is not None:
            context._static_dir = record.package_dir / "static"
        return context

    def __repr__(self) -> str:
        return f"<PluginContext {self.name} at {self.prefix}>"

    def url(self, route_name: str, /, **path_params: Any) -> str:
        """The path of the plugin's route named ``route_name``: ``plugin.url("vacancy", id=3)``
        is ``/siap-kerja/v/3``. Raises ``LookupError`` for an unknown name or missing parameter."""
        if not path_params and route_name in self._fixed_urls:
            return self._fixed_urls[route_name]
        try:
            path = self._named.get(route_name, self._router).url_path_for(route_name, **path_params)
        except NoMatchFound as exc:
            raise LookupError(
                f"plugin {self.name} has no route named {route_name!r} taking {sorted(path_params)}"
            ) from exc
        url = self.prefix + str(path)
        if not path_params:
            self._fixed_urls[route_name] = url
        return url

    def static_url(self, path: str) -> str:
        """The URL of ``static/<path>`` in the plugin's package, with a content hash so browsers
        keep it for a year and fetch it again after it changed."""
        version = content_version(self._static_dir / path) if self._static_dir else "missing"
        return f"/static/plugins/{self.name}/{path}?v={version}"

    def absolute_url(self, route_name: str, /, **path_params: Any) -> str:
        """``url()`` on the portal's public address (``PORTAL_PUBLIC_URL``), for links in email,
        SMS and QR codes."""
        return absolute_url(self.url(route_name, **path_params))


def plugin_context(request: Request) -> PluginContext:
    """The context of the plugin whose route is serving ``request``.

    Raises ``LookupError`` for a request that no plugin serves (a host page).
    """
    name = request.scope.get(PLUGIN_SCOPE_KEY)
    if name is None:
        raise LookupError("this request is not served by a plugin")
    return request.app.state.portal.registry.context(name)
