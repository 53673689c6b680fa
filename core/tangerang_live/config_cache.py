"""Configuration read on every request but changed by an admin now and then, cached per worker.

A plugin caches such a value (its complaint categories, say) with ``@config_cached`` and calls
``config_changed()`` inside the transaction that edits it. That raises the runtime configuration
version, which every worker polls once a second (see :mod:`tangerang_live.registry`): a worker
that sees a new version empties these caches, so each worker serves the edit within a second,
and the worker that made it at once.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

from tortoise.expressions import F

from tangerang_live.models import RuntimeConfig

P = ParamSpec("P")
T = TypeVar("T")

_generation = 0
"""Raised whenever this worker learns that configuration changed; older entries are stale."""


def invalidate() -> None:
    """Forget every cached value in this worker."""
    global _generation
    _generation += 1


async def config_changed() -> None:
    """Tell every worker that configuration changed; call inside the transaction that changes it."""
    if not await RuntimeConfig.filter(id=1).update(version=F("version") + 1):
        await RuntimeConfig.create(id=1, version=1)
    invalidate()


class ConfigCached(Generic[P, T]):
    """An async function whose results are kept, per arguments, until configuration changes."""

    def __init__(self, function: Callable[P, Awaitable[T]]) -> None:
        functools.update_wrapper(self, function)
        self._function = function
        self._entries: dict[Hashable, tuple[int, T]] = {}

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (args, tuple(sorted(kwargs.items())))
        entry = self._entries.get(key)
        if entry is not None and entry[0] == _generation:
            return entry[1]
        generation = _generation
        value = await self._function(*args, **kwargs)
        # Stored under the generation read before the query: if configuration changed meanwhile,
        # the entry is already stale and the next call reads again.
        self._entries[key] = (generation, value)
        return value

    def forget(self) -> None:
        """Drop this worker's entries now: for a caller that met data newer than its copy (a
        category another worker created a moment ago, say) before the version poll caught up."""
        self._entries.clear()


def config_cached(function: Callable[P, Awaitable[T]]) -> ConfigCached[P, T]:
    """Keep what ``function`` returns, per arguments, until configuration changes.

    The arguments must be hashable. Return values are shared by every request of the worker, so
    they must not be changed by the caller.
    """
    return ConfigCached(function)
