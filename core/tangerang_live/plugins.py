"""Finding and loading plugins at boot, each inside its own guard.

A plugin that fails to import, declares a host API range this host is outside of, lacks a plugin it
requires, or raises in a boot-time hook is marked failed with its error; the portal boots without
it. With ``PORTAL_STRICT_PLUGINS=1`` such failures are fatal instead.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import logging
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from tangerang_live import HOST_API_VERSION, hookspecs
from tangerang_live.contracts import Manifest
from tangerang_live.db import ModelApp

ENTRY_POINT_GROUP = "tangerang_live"
CORE_PLUGIN = "core"

log = logging.getLogger(__name__)


class PluginLoadError(RuntimeError):
    """Raised in strict mode when any plugin failed to load."""


@dataclass
class PluginRecord:
    """What the host knows of one installed plugin."""

    name: str
    module_name: str
    version: str = "0+unknown"
    module: ModuleType | None = None
    manifest: Manifest | None = None
    error: str | None = None
    routes: list[Any] = field(default_factory=list)
    model_app: ModelApp | None = None

    @property
    def loaded(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return "loaded" if self.loaded else "failed"

    @property
    def package_dir(self) -> Path | None:
        if self.module is None or self.module.__file__ is None:
            return None
        return Path(self.module.__file__).resolve().parent

    def fail(self, message: str) -> None:
        self.error = message
        log.error("plugin %s failed to load: %s", self.name, message)


def new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    return pm


def installed_entry_points() -> list[importlib.metadata.EntryPoint]:
    return sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def call_boot_hook(pm: pluggy.PluginManager, record: PluginRecord, hook_name: str) -> Any:
    """Call one plugin's own implementation of a boot-time hook (no arguments); ``None`` if absent.

    Boot hooks (manifest, routes, model modules, permissions) are synchronous: they describe the
    plugin rather than do work, and the host calls them before an event loop serves requests.
    """
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        if impl.plugin is record.module:
            result = impl.function()
            if inspect.isawaitable(result):
                raise TypeError(f"hook {hook_name} must not be async")
            return result
    return None


def _describe(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(exc)).strip()


def _load_one(pm: pluggy.PluginManager, ep: importlib.metadata.EntryPoint) -> PluginRecord:
    record = PluginRecord(name=ep.name, module_name=ep.value)
    if ep.dist is not None:
        record.version = ep.dist.version
    try:
        module = ep.load()
        record.module = module
        pm.register(module, name=ep.name)
    except Exception as exc:  # any error in a department's code must not stop the portal
        record.fail(f"import failed: {_describe(exc)}")
        return record
    try:
        manifest = call_boot_hook(pm, record, "manifest")
        if not isinstance(manifest, Manifest):
            raise TypeError("the manifest hook must return tangerang_live.Manifest")
        if manifest.name != ep.name:
            raise ValueError(
                f"manifest name {manifest.name!r} differs from entry point {ep.name!r}"
            )
        record.manifest = manifest
        try:
            supported = SpecifierSet(manifest.host_api)
        except InvalidSpecifier as exc:
            raise ValueError(f"host_api {manifest.host_api!r} is not a version range") from exc
        if Version(HOST_API_VERSION) not in supported:
            raise ValueError(
                f"supports host API {manifest.host_api}, this host provides {HOST_API_VERSION}"
            )
        record.routes = list(call_boot_hook(pm, record, "routes") or [])
        modules = tuple(call_boot_hook(pm, record, "model_modules") or ())
        for module_name in modules:
            # Imported here, inside the guard: a broken models module must fail this plugin only,
            # not the database start-up of the whole portal.
            importlib.import_module(module_name)
        if modules:
            package = record.module_name.rsplit(".", 1)[0]
            record.model_app = ModelApp(ep.name, modules, f"{package}.migrations")
    except Exception as exc:
        record.fail(_describe(exc))
    return record


RESERVED_PREFIXES = ("/admin", "/static", "/files", "/-", "/login", "/logout", "/healthz")


def _fail_prefix_clashes(records: dict[str, PluginRecord]) -> None:
    """A plugin's URL prefix must be a path of its own: not the host's, not another plugin's."""
    taken: dict[str, str] = {}
    for record in records.values():
        if not record.loaded or record.manifest is None:
            continue
        prefix = record.manifest.url_prefix.rstrip("/")
        if not prefix.startswith("/") or prefix.count("/") != 1:
            record.fail(f"url_prefix {record.manifest.url_prefix!r} must look like /name")
        elif prefix.startswith(RESERVED_PREFIXES):
            record.fail(f"url_prefix {prefix} is reserved for the host")
        elif prefix in taken:
            record.fail(f"url_prefix {prefix} is already used by plugin {taken[prefix]}")
        else:
            taken[prefix] = record.name


def _fail_missing_requirements(records: dict[str, PluginRecord]) -> None:
    """Mark failed every plugin whose required plugins are absent or failed, transitively."""
    changed = True
    while changed:
        changed = False
        for record in records.values():
            if not record.loaded or record.manifest is None:
                continue
            missing = [
                name
                for name in record.manifest.requires
                if name not in records or not records[name].loaded
            ]
            if missing:
                record.fail(f"requires plugin(s) not available: {', '.join(missing)}")
                changed = True


def load_plugins(
    entry_points: Iterable[importlib.metadata.EntryPoint] | None = None,
    *,
    strict: bool = False,
    core_plugins: Iterable[ModuleType] = (),
) -> tuple[pluggy.PluginManager, dict[str, PluginRecord]]:
    """Load every installed plugin; return the plugin manager and a record per plugin."""
    pm = new_plugin_manager()
    for module in core_plugins:
        pm.register(module, name=f"{CORE_PLUGIN}.{module.__name__.rsplit('.', 1)[-1]}")
    records: dict[str, PluginRecord] = {}
    for ep in installed_entry_points() if entry_points is None else entry_points:
        if ep.name in records or ep.name == CORE_PLUGIN:
            log.error("plugin name %s is taken; skipping %s", ep.name, ep.value)
            continue
        records[ep.name] = _load_one(pm, ep)
    _fail_prefix_clashes(records)
    _fail_missing_requirements(records)
    for record in records.values():
        if not record.loaded and record.module is not None and pm.is_registered(record.module):
            pm.unregister(record.module)
    failed = [r for r in records.values() if not r.loaded]
    if strict and failed:
        raise PluginLoadError("; ".join(f"{r.name}: {r.error}" for r in failed))
    return pm, records
