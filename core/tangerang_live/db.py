"""The database: Tortoise configuration, start-up, migrations and the health probe.

One Tortoise app per plugin (label = plugin name) plus ``core``; each app keeps its migrations in a
``migrations`` package beside its models. Nothing here creates or alters tables at request time:
only ``tangerang-live migrate`` does.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.executor import MigrationExecutor

from tangerang_live.settings import Settings

CORE_APP = "core"


@dataclass(frozen=True)
class ModelApp:
    """A Tortoise app: its label, model modules and migrations package."""

    label: str
    models: tuple[str, ...]
    migrations: str


def core_app() -> ModelApp:
    return ModelApp(
        CORE_APP,
        ("tangerang_live.models", "tangerang_live.service_models"),
        "tangerang_live.migrations",
    )


def tortoise_config(settings: Settings, apps: Iterable[ModelApp]) -> dict[str, Any]:
    return {
        "connections": {"default": settings.db_url},
        "apps": {
            app.label: {
                "models": list(app.models),
                "migrations": app.migrations,
                "default_connection": "default",
            }
            for app in apps
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def open_database(settings: Settings, apps: Iterable[ModelApp]) -> None:
    """Connect for the life of a portal process (server or command)."""
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    _forget_compiled_statements()
    await Tortoise.init(config=tortoise_config(settings, apps), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def database_answers() -> bool:
    """True when a trivial query succeeds; used by ``/healthz``."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


def _forget_compiled_statements() -> None:
    """Tortoise caches each model's SQL by connection *name*, not by database: a process that
    opens SQLite and then PostgreSQL as "default" (a command run in-process, tests) would send
    SQLite's ``?`` placeholders to PostgreSQL."""
    EXECUTOR_CACHE.clear()


async def _executor(settings: Settings, apps: list[ModelApp], ctx: TortoiseContext):
    config = tortoise_config(settings, apps)
    _forget_compiled_statements()
    await ctx.init(config=config, init_connections=True)
    return MigrationExecutor(ctx.connections.get("default"), config["apps"])


async def migrate(settings: Settings, apps: Iterable[ModelApp]) -> list[str]:
    """Apply every unapplied migration of every app; return the names applied."""
    apps = list(apps)
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    applied: list[str] = []
    async with TortoiseContext() as ctx:
        executor = await _executor(settings, apps, ctx)
        await executor.migrate(
            progress=lambda event, label, name: (
                applied.append(f"{label}.{name}") if event == "apply_done" else None
            )
        )
    return applied


async def pending_migrations(settings: Settings, apps: Iterable[ModelApp]) -> list[str]:
    """Names of migrations not yet applied: the server refuses to start while there are any."""
    if settings.is_sqlite:  # a missing folder would leave the SQLite driver waiting forever
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    async with TortoiseContext() as ctx:
        executor = await _executor(settings, list(apps), ctx)
        plan = await executor.plan()
    return [f"{step.migration.app_label}.{step.migration.name}" for step in plan]


async def make_migrations(
    settings: Settings, apps: Iterable[ModelApp], only: Iterable[str] = ()
) -> list[str]:
    """Write new migration files for model changes (a developer's tool); return their paths.

    Every app is loaded, since a plugin's models point at the core's, but only the apps named in
    ``only`` (all when empty) get new files.
    """
    apps = [app for app in apps if importlib.util.find_spec(app.migrations) is not None]
    wanted = set(only)
    async with TortoiseContext() as ctx:
        config = tortoise_config(settings, apps)
        await ctx.init(config=config, init_connections=False)
        assert ctx.apps is not None  # set by init()
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
        return [
            str(writer.write()) for writer in writers if not wanted or writer.app_label in wanted
        ]
