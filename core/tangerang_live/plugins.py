"""Finding and loading plugins at boot, each inside its own guard.

A plugin that fails to import, declares a host API range this host is outside of, lacks a plugin it
requires, or raises in a boot-time hook is marked failed with its error; the portal boots without
it. With ``PORTAL_STRICT_PLUGINS=1`` such failures are fatal instead.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import inspect
import logging
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from packaging.requirements import Requirement
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


def _hook_problem(pm: pluggy.PluginManager, module: ModuleType) -> str | None:
    """Why the host cannot call this plugin's hook implementations as pluggy defines them, if it
    cannot: a hook name it does not know (pluggy's ``check_pending``, for this plugin alone), or a
    wrapper, which the host does not run since it calls each implementation in its own guard."""
    for caller in pm.get_hookcallers(module) or []:
        impl = next(i for i in caller.get_hookimpls() if i.plugin is module)
        if caller.spec is None and not impl.optionalhook:
            known = [name for name, hook in vars(pm.hook).items() if hook.spec is not None]
            close = difflib.get_close_matches(caller.name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            return f"implements {caller.name}, which is not a hook of this host{hint}"
        if impl.hookwrapper or impl.wrapper:
            return (
                f"implements {caller.name} as a wrapper: the host calls each implementation on "
                "its own and does not run wrappers"
            )
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
    except Exception as exc:  # any error in a department's code must not stop the portal
        record.fail(f"import failed: {_describe(exc)}")
        return record
    try:
        pm.register(module, name=ep.name)
    except Exception as exc:  # e.g. an implementation taking an argument its hook does not have
        record.fail(f"pluggy refused its hooks: {_describe(exc)}")
        return record
    problem = _hook_problem(pm, module)
    if problem:
        record.fail(problem)
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


def unmet_requirements(manifest: Manifest, available: Mapping[str, PluginRecord]) -> list[str]:
    """The entries of ``manifest.requires`` that the ``available`` plugins do not satisfy: absent,
    or at a version outside the range, as "laksa>=1.1,<2 (installed: 1.0.0)"."""
    unmet = []
    for entry in manifest.requires:
        requirement = Requirement(entry)  # valid: the manifest checked it
        name, versions = requirement.name, requirement.specifier
        if name not in available:
            unmet.append(entry)
        elif not versions.contains(available[name].version, prereleases=True):
            unmet.append(f"{entry} (installed: {available[name].version})")
    return unmet


def _fail_missing_requirements(records: dict[str, PluginRecord]) -> None:
    """Mark failed every plugin whose required plugins are absent, failed or at a version outside
    the range it accepts, transitively."""
    changed = True
    while changed:
        changed = False
        loaded = {name: record for name, record in records.items() if record.loaded}
        for record in loaded.values():
            assert record.manifest is not None
            missing = unmet_requirements(record.manifest, loaded)
            if missing:
                record.fail(f"requires plugin(s) not available: {', '.join(missing)}")
                changed = True
                break  # the set of loaded plugins changed: look again


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
