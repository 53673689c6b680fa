"""The database: Tortoise configuration, start-up, migrations and the health probe.

One Tortoise app per plugin (label = plugin name) plus ``core``; each app keeps its migrations in a
``migrations`` package beside its models. Nothing here creates or alters tables at request time:
only ``tangerang-live migrate`` does.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum
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
        written = []
        for writer in writers:
            if not wanted or writer.app_label in wanted:
                path = writer.path()
                path.write_text(self_contained(writer.as_string()), encoding="utf-8")
                written.append(str(path))
        return written


def self_contained(source: str) -> str:
    """Migration ``source`` with the enum classes it imports copied into it, as they are now.

    A migration is history: it must build the same schema years later, after the live enum has
    been renamed, moved or given other members. Tortoise's writer imports the live class (from
    the models or workflow module); this keeps a frozen copy instead.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    copies: dict[str, type[Enum]] = {}
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    for node in imports:
        if (
            not isinstance(node, ast.ImportFrom)
            or node.level
            or not node.module
            or node.module.split(".")[0] == "tortoise"  # the ORM's own, e.g. ``OnDelete``
        ):
            continue
        module = importlib.import_module(node.module)
        enums = {
            alias.asname or alias.name: value
            for alias in node.names
            if isinstance(value := getattr(module, alias.name, None), type)
            and issubclass(value, Enum)
        }
        if not enums:
            continue
        copies.update(enums)
        kept = ", ".join(ast.unparse(a) for a in node.names if (a.asname or a.name) not in enums)
        # Empty entries in place of the import keep every later line's index valid.
        end = node.end_lineno or node.lineno
        replacement = [f"from {node.module} import {kept}\n"] if kept else []
        lines[node.lineno - 1 : end] = replacement + [""] * (
            end - node.lineno + 1 - len(replacement)
        )
    if not copies:
        return source
    bases = {
        name: StrEnum if issubclass(e, str) else IntEnum if issubclass(e, int) else Enum
        for name, e in copies.items()
    }
    classes = [
        f"\n\nclass {name}({bases[name].__name__}):\n"
        f'    """``{enum.__module__}.{enum.__qualname__}`` when this migration was written."""\n\n'
        + "".join(f"    {member.name} = {member.value!r}\n" for member in enum)
        for name, enum in sorted(copies.items())
    ]
    after_imports = max(node.end_lineno or node.lineno for node in imports)
    enum_import = f"from enum import {', '.join(sorted({b.__name__ for b in bases.values()}))}\n"
    return "".join([*lines[:after_imports], enum_import, *classes, *lines[after_imports:]])
