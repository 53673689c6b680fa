"""The plugins of a running portal: which are enabled, and calling their hooks safely.

Each worker keeps the enabled set and the active theme in memory and polls one version number
(at most once per ``PORTAL_STATE_POLL_SECONDS``), so the request path never queries the database
for them, and a change made by any worker or the CLI reaches every worker within two seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pluggy
from tortoise.transactions import in_transaction

from tangerang_live import config_cache, i18n
from tangerang_live.audit import record_audit
from tangerang_live.auth import declare_permissions
from tangerang_live.context import PluginContext
from tangerang_live.contracts import Setting
from tangerang_live.i18n import gettext as _
from tangerang_live.models import PluginSetting, PluginState, RuntimeConfig, User
from tangerang_live.plugins import CORE_PLUGIN, PluginRecord, unmet_requirements

log = logging.getLogger(__name__)


MEMOIZED_HOOKS = frozenset({"nav_items", "home_stylesheets"})
"""Hooks that describe a plugin rather than a request: their results are kept until the runtime
configuration changes, so a portal with a hundred services does not rebuild a hundred navigation
lists on every page."""


class PluginStateError(ValueError):
    """An admin asked for a change that would break the portal; the message says why."""


FAILURE_LOG_SECONDS = 300.0
"""A plugin's repeated failure in one place is logged with its traceback once per this interval."""


@dataclass(frozen=True)
class HookFailure:
    plugin: str
    hook: str
    """The hook's name, or ``route`` for a request that one of the plugin's routes failed."""
    error: str
    at: float
    count: int = 1
    """How many times it failed since the process started."""
    logged_at: float = 0.0


class PluginRegistry:
    def __init__(self, pm: pluggy.PluginManager, records: dict[str, PluginRecord]) -> None:
        self.pm = pm
        self.records = records
        self.enabled: frozenset[str] = frozenset()
        self.theme = "default"
        self.version = -1
        self.hook_failures: dict[tuple[str, str], HookFailure] = {}
        self._enabled_records: list[PluginRecord] = []
        self._implementations: dict[tuple[str, frozenset[str]], list[Any]] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}
        """Results of ``MEMOIZED_HOOKS``: per implementation, per enabled set, and flattened."""
        self._poller: asyncio.Task[None] | None = None
        self.contexts = {r.name: PluginContext.of(r) for r in records.values() if r.loaded}

    def context(self, name: str) -> PluginContext:
        """The context of the loaded plugin ``name`` (``KeyError`` for any other name)."""
        return self.contexts[name]

    # -- state -------------------------------------------------------------------------------

    def is_enabled(self, name: str) -> bool:
        return name in self.enabled

    def loaded(self) -> list[PluginRecord]:
        return [r for r in self.records.values() if r.loaded]

    def enabled_records(self) -> list[PluginRecord]:
        return self._enabled_records

    async def reload(self) -> None:
        """Read the enabled set and the theme from the database."""
        config = await RuntimeConfig.get_or_none(id=1)
        rows = await PluginState.filter(enabled=True).values_list("name", flat=True)
        self.enabled = frozenset(n for n in rows if n in self.records and self.records[n].loaded)  # type: ignore[misc, index]  # tortoise types flat values_list rows as tuples
        self._enabled_records = [r for r in self.records.values() if r.name in self.enabled]
        self.theme = config.theme if config else "default"
        self.version = config.version if config else 0
        self._memo.clear()
        config_cache.invalidate()
        await self._load_settings()
        declare_permissions(await self.collect("permissions", plugins=self.contexts))

    async def _load_settings(self) -> None:
        """Every loaded plugin's declared settings and the values admins stored for them."""
        declared: dict[str, list[Setting]] = {}
        for name, settings in await self.call("settings", plugins=self.contexts):
            valid = [s for s in settings if isinstance(s, Setting)]
            if len(valid) != len(settings):
                log.error("plugin %s: the settings hook must return Setting objects", name)
            declared[name] = valid
        stored: dict[str, dict[str, Any]] = {}
        for row in await PluginSetting.all().values("plugin", "key", "value"):
            if isinstance(row["value"], dict) and "value" in row["value"]:
                stored.setdefault(row["plugin"], {})[row["key"]] = row["value"]["value"]
        for name, context in self.contexts.items():
            context.settings.load(declared.get(name, []), stored.get(name, {}))

    async def _stored_version(self) -> int:
        version = await RuntimeConfig.filter(id=1).values_list("version", flat=True)
        return version[0] if version else 0  # type: ignore[return-value]  # tortoise types flat values_list rows as tuples

    async def poll_forever(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                if await self._stored_version() != self.version:
                    await self.reload()
            except Exception:  # a database hiccup must not stop the poller for good
                log.exception("could not check the runtime configuration version")

    def start_polling(self, every: float) -> None:
        self._poller = asyncio.create_task(self.poll_forever(every))

    async def stop_polling(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller

    # -- hooks -------------------------------------------------------------------------------

    def _implementations_of(self, hook_name: str, plugins: frozenset[str]) -> list[Any]:
        """The hook's implementations by ``plugins`` and the core, in call order; computed once
        per set, as plugins register only at start-up."""
        key = (hook_name, plugins)
        if key not in self._implementations:
            excluded = [
                r.module
                for r in self.records.values()
                if r.name not in plugins
                and r.module is not None
                and self.pm.is_registered(r.module)
            ]
            caller = self.pm.subset_hook_caller(hook_name, remove_plugins=excluded)
            self._implementations[key] = list(reversed(caller.get_hookimpls()))
        return self._implementations[key]

    async def call(
        self, hook_name: str, *, plugins: Iterable[str] | None = None, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call a hook on the enabled plugins (or on ``plugins``) and the core defaults.

        Each implementation runs inside its own guard and gets only the arguments it asks for;
        awaitables are awaited. Returns ``(plugin name, result)`` pairs in pluggy's call order,
        leaving out ``None`` results and implementations that raised (those are logged and kept in
        ``hook_failures`` for the admin page). For a ``firstresult`` hook the calls stop at the
        first result that is not ``None``, as pluggy defines it.
        """
        names = self.enabled if plugins is None else frozenset(plugins)
        memoized = hook_name in MEMOIZED_HOOKS
        if memoized and (hook_name, names) in self._memo:
            return self._memo[(hook_name, names)]
        results: list[tuple[str, Any]] = []
        failed = False
        spec = getattr(self.pm.hook, hook_name).spec
        first_result_only = spec is not None and spec.opts.get("firstresult", False)
        for impl in self._implementations_of(hook_name, names):
            if first_result_only and results:
                break
            plugin_name = impl.plugin_name.split(".", 1)[0]
            memo_key = (hook_name, impl.plugin_name)
            if memo_key in self._memo:
                if self._memo[memo_key] is not None:
                    results.append((plugin_name, self._memo[memo_key]))
                continue
            try:
                result = impl.function(**self._arguments(impl.argnames, plugin_name, kwargs))
                if inspect.isawaitable(result):
                    result = await result
                if memoized:
                    self._memo[memo_key] = result
            except Exception as exc:
                failed = True
                self.record_failure(plugin_name, hook_name, exc)
                continue
            if result is not None:
                results.append((plugin_name, result))
        if memoized and not failed:  # a failed implementation is tried again on the next call
            self._memo[(hook_name, names)] = results
        return results

    def record_failure(
        self, plugin: str, where: str, error: BaseException | str, detail: str = ""
    ) -> None:
        """Count a failure of ``plugin`` in a hook or a route (``where``) for the admin page, and
        log it (with its traceback, for an exception) at most once per ``FAILURE_LOG_SECONDS``: a
        hook that fails on every page must not flood the log."""
        now = time.time()
        text = (
            error
            if isinstance(error, str)
            else "".join(traceback.format_exception_only(error)).strip()
        )
        text = (detail + " " if detail else "") + text
        previous = self.hook_failures.get((plugin, where))
        count = previous.count + 1 if previous else 1
        logged_at = previous.logged_at if previous else 0.0
        if now - logged_at >= FAILURE_LOG_SECONDS:
            log.error(
                "plugin %s raised in %s (%d times so far): %s",
                plugin, where, count, text,
                exc_info=error if isinstance(error, BaseException) else None,
            )  # fmt: skip
            logged_at = now
        self.hook_failures[(plugin, where)] = HookFailure(
            plugin, where, text, now, count, logged_at
        )

    def _arguments(
        self, names: tuple[str, ...], plugin_name: str, kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """The arguments an implementation asks for; ``plugin`` is its own plugin's context."""
        if "plugin" not in names:
            return {name: kwargs[name] for name in names}
        return {
            name: self.contexts.get(plugin_name) if name == "plugin" else kwargs[name]
            for name in names
        }

    async def merged(self, hook_name: str, **kwargs: Any) -> dict[str, Any]:
        """Call a hook whose implementations return dictionaries; return them merged, the first
        implementation in call order keeping a name that several return."""
        merged: dict[str, Any] = {}
        for plugin_name, result in await self.call(hook_name, **kwargs):
            if not isinstance(result, dict):
                log.error("plugin %s: hook %s must return a dict", plugin_name, hook_name)
                continue
            for name, value in result.items():
                merged.setdefault(name, value)
        return merged

    async def collect(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Call a hook whose implementations return lists; return all items, flattened.

        The list of a memoized hook is shared until the configuration changes: do not change it.
        """
        results = await self.call(hook_name, **kwargs)
        flattened = self._memo.get(("collected", hook_name))
        if flattened is not None and flattened[0] is results:
            return flattened[1]
        items = [item for _, items in results for item in items]
        if hook_name in MEMOIZED_HOOKS:
            self._memo[("collected", hook_name)] = (results, items)
        return items

    # -- changes by admins --------------------------------------------------------------------

    def title(self, name: str) -> str:
        """The plugin's title in the page's language (what admins read), else its code name."""
        record = self.records.get(name)
        if record is None or record.manifest is None:
            return name
        return record.manifest.title.get(i18n.current_locale.get())

    def check_change(self, name: str, enable: bool) -> PluginRecord:
        """The plugin ``name``, when it may be switched on (``enable``) or off now; otherwise
        ``PluginStateError`` with a message for the admin that names plugins by their titles."""
        record = self.records.get(name)
        if record is None:
            raise PluginStateError(_("No plugin named “%(name)s” is installed.", name=name))
        if not record.loaded:
            raise PluginStateError(
                _(
                    "Plugin “%(name)s” failed to load and cannot be switched on or off.",
                    name=self.title(name),
                )
            )
        assert record.manifest is not None
        if enable:
            enabled = {r.name: r for r in self.enabled_records()}
            missing = unmet_requirements(record.manifest, enabled)
            if missing:
                raise PluginStateError(
                    _(
                        "“%(name)s” needs %(others)s: enable that first.",
                        name=self.title(name),
                        others=", ".join(missing),
                    )
                )
        else:
            dependents = sorted(
                self.title(r.name)
                for r in self.enabled_records()
                if r.manifest is not None and name in r.manifest.required_plugins()
            )
            if dependents:
                raise PluginStateError(
                    _(
                        "“%(name)s” is needed by %(others)s: disable that first.",
                        name=self.title(name),
                        others=", ".join(dependents),
                    )
                )
        return record

    async def set_enabled(
        self, name: str, enable: bool, *, actor: User | None, actor_label: str, ip: str = ""
    ) -> bool:
        """Enable or disable a plugin; return False when it already was in that state.

        The change, the version bump and the audit entry commit together. The plugin's
        ``on_enable``/``on_disable`` hook runs after the commit, in this process only.
        """
        await self.reload()
        self.check_change(name, enable)
        if self.is_enabled(name) == enable:
            return False
        async with in_transaction():
            await PluginState.update_or_create(defaults={"enabled": enable}, name=name)
            await config_cache.config_changed()
            await record_audit(
                "plugin.enable" if enable else "plugin.disable",
                target=name,
                actor=actor,
                actor_label=actor_label,
                ip=ip,
            )
        await self.reload()
        return True

    async def run_toggle_hook(self, name: str, enable: bool, app: Any) -> None:
        await self.call("on_enable" if enable else "on_disable", plugins=[name], app=app)

    async def set_theme(
        self, theme: str, *, actor: User | None, actor_label: str, ip: str = ""
    ) -> None:
        async with in_transaction():
            await RuntimeConfig.get_or_create(id=1)
            await RuntimeConfig.filter(id=1).update(theme=theme)
            await config_cache.config_changed()
            await record_audit(
                "theme.change", target=theme, actor=actor, actor_label=actor_label, ip=ip
            )
        await self.reload()


__all__ = ["CORE_PLUGIN", "PluginRegistry", "PluginStateError"]
