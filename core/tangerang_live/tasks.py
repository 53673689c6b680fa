"""Scheduled tasks: declared by plugins (and the host), run once per due time in the deployment.

Every portal worker runs a ``TaskRunner``. A task's row in ``core_task_state`` says when it is due
next; a runner that finds it due takes it with one conditional update (``locked_by``,
``locked_until``), which succeeds for exactly one process across all workers and hosts on SQLite
and PostgreSQL alike. The runner keeps extending the lock while the task runs, so a long task is
not started twice, and a lock left by a process that died expires after ``LEASE``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import traceback
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from tangerang_live.city import CITY_TIMEZONE
from tangerang_live.context import PluginContext
from tangerang_live.contracts import Task
from tangerang_live.registry import PluginRegistry
from tangerang_live.service_models import TaskState

log = logging.getLogger(__name__)

HOST = "core"
LEASE = timedelta(minutes=5)
"""How long a taken task stays locked without news from its runner (it renews every minute)."""


@dataclass(frozen=True)
class DeclaredTask:
    """A task and the plugin (or ``core``) that declared it."""

    plugin: str
    task: Task

    @property
    def name(self) -> str:
        return f"{self.plugin}.{self.task.name}"


def next_run(task: Task, after: datetime) -> datetime:
    """When ``task`` is due next after the run that started at ``after`` (UTC)."""
    if task.every is not None:
        return after + task.every
    assert task.at is not None
    local = after.astimezone(CITY_TIMEZONE)
    candidate = datetime.combine(local.date(), task.at, tzinfo=CITY_TIMEZONE)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), task.at, CITY_TIMEZONE)
    return candidate.astimezone(UTC)


def first_run(task: Task, now: datetime) -> datetime:
    """A new interval task is due at once; a daily one at its next time of day."""
    return now if task.every is not None else next_run(task, now)


def describe_schedule(task: Task) -> str:
    """``every 0:05:00`` or ``daily at 01:30 WIB``, for lists of tasks."""
    if task.every is not None:
        return f"every {task.every}"
    assert task.at is not None
    return f"daily at {task.at:%H:%M} WIB"


async def declared_tasks(registry: PluginRegistry, *, enabled_only: bool) -> list[DeclaredTask]:
    """The host's tasks and those of the enabled (or all loaded) plugins, in call order."""
    plugins = registry.enabled if enabled_only else [r.name for r in registry.loaded()]
    found: dict[str, DeclaredTask] = {}
    for plugin, tasks in await registry.call("tasks", plugins=plugins):
        for task in tasks:
            if not isinstance(task, Task):
                log.error("plugin %s: the tasks hook must return Task objects", plugin)
                continue
            declared = DeclaredTask(plugin, task)
            found.setdefault(declared.name, declared)
    return list(found.values())


def _now() -> datetime:
    return datetime.now(UTC)


class TaskRunner:
    """Runs due tasks in this process; ``identity`` names it in the lock."""

    def __init__(self, registry: PluginRegistry, *, identity: str | None = None) -> None:
        self.registry = registry
        self.identity = identity or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._loop_task: asyncio.Task[None] | None = None
        self._host_context = PluginContext(HOST, "", [])

    def context_of(self, plugin: str) -> PluginContext:
        return self.registry.contexts.get(plugin) or self._host_context

    async def ensure_rows(self, tasks: list[DeclaredTask], now: datetime) -> None:
        """A state row for each task that has none yet (another worker may add it first)."""
        known = set(
            await TaskState.filter(name__in=[t.name for t in tasks]).values_list("name", flat=True)
        )
        for declared in tasks:
            if declared.name not in known:
                with contextlib.suppress(IntegrityError):
                    await TaskState.create(
                        name=declared.name, next_run_at=first_run(declared.task, now)
                    )

    async def take(self, name: str, now: datetime, *, due_only: bool = True) -> bool:
        """Lock the task for this runner if no live lock holds it (and it is due); True if taken."""
        free = TaskState.filter(name=name).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        )
        if due_only:
            free = free.filter(next_run_at__lte=now)
        taken = await free.update(
            locked_by=self.identity, locked_until=now + LEASE, last_started_at=now
        )
        return taken == 1

    async def _renew(self, name: str) -> None:
        while True:
            await asyncio.sleep(LEASE.total_seconds() / 5)
            with contextlib.suppress(Exception):  # a hiccup now is retried at the next renewal
                await TaskState.filter(name=name, locked_by=self.identity).update(
                    locked_until=_now() + LEASE
                )

    async def run(self, declared: DeclaredTask, started: datetime) -> str:
        """Run a task this runner has taken; record how it went. Returns the error, or ""."""
        renewing = asyncio.create_task(self._renew(declared.name))
        error = ""
        try:
            await declared.task.run(self.context_of(declared.plugin))
        except Exception as exc:  # a plugin's failure is recorded, never the runner's end
            log.exception("task %s failed", declared.name)
            error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
        await TaskState.filter(name=declared.name, locked_by=self.identity).update(
            locked_by=None,
            locked_until=None,
            last_finished_at=_now(),
            last_error=error,
            next_run_at=next_run(declared.task, started),
        )
        return error

    async def tick(self, now: datetime | None = None) -> list[str]:
        """Run every task that is due and that no other process has taken; return their names."""
        now = now or _now()
        tasks = await declared_tasks(self.registry, enabled_only=True)
        if not tasks:
            return []
        await self.ensure_rows(tasks, now)
        due = set(
            await TaskState.filter(
                name__in=[t.name for t in tasks], next_run_at__lte=now
            ).values_list("name", flat=True)
        )
        ran = []
        for declared in tasks:
            if declared.name in due and await self.take(declared.name, now):
                await self.run(declared, now)
                ran.append(declared.name)
        return ran

    async def run_forever(self, every: float) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # the database may be away for a moment; try again next time
                log.exception("the task runner could not check for due tasks")
            await asyncio.sleep(every)

    def start(self, every: float) -> None:
        self._loop_task = asyncio.create_task(self.run_forever(every))

    async def stop(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
