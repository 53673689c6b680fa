"""The ``tangerang-live`` command: serve, migrate, plugins, accounts, demo data, scaffolding."""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import random
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tangerang_live import db, default_hooks
from tangerang_live.app import MigrationsPendingError, model_apps
from tangerang_live.auth import hash_password
from tangerang_live.contracts import Command, DemoContext
from tangerang_live.files import PRUNE_GRACE_SECONDS, prune_files
from tangerang_live.models import PluginState, Role, User
from tangerang_live.notifications import send_pending, senders_from_settings
from tangerang_live.plugins import PluginLoadError, load_plugins
from tangerang_live.registry import PluginRegistry, PluginStateError
from tangerang_live.service_models import PublicHoliday, TaskState
from tangerang_live.settings import Settings, SettingsError
from tangerang_live.tasks import HOST, DeclaredTask, TaskRunner, declared_tasks, describe_schedule
from tangerang_live.workdays import (
    INDONESIA_2026_HOLIDAYS,
    ensure_default_holidays,
    format_city_time,
)

DEMO_ADMIN_EMAIL = "admin@tangerang.example"


def _registry(settings: Settings) -> PluginRegistry:
    pm, records = load_plugins(strict=settings.strict_plugins, core_plugins=[default_hooks])
    return PluginRegistry(pm, records)


@asynccontextmanager
async def _connected(settings: Settings) -> AsyncIterator[PluginRegistry]:
    registry = _registry(settings)
    await _require_migrated(settings, registry)
    await db.open_database(settings, model_apps(registry))
    try:
        await registry.reload()
        yield registry
    finally:
        await db.close_database()


# Each uvicorn worker is a spawned interpreter that imports the whole host and every plugin before
# it can answer the supervisor's ping; uvicorn's 5 s default kills workers that are merely starting
# on a busy machine (several at once on few cores), and their replacements then start just as
# slowly. 30 s is gunicorn's worker timeout: still a prompt end for a worker that really hangs.
WORKER_TIMEOUT_SECONDS = 30


async def _require_migrated(settings: Settings, registry: PluginRegistry) -> None:
    pending = await db.pending_migrations(settings, model_apps(registry))
    if pending:
        raise MigrationsPendingError(
            f"the database is not migrated ({len(pending)} migration(s) pending, "
            f"first {pending[0]}): run `tangerang-live migrate`"
        )


async def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    applied = await db.migrate(settings, model_apps(_registry(settings)))
    print("\n".join(f"applied {name}" for name in applied) or "nothing to apply")
    async with _connected(settings):
        added = await seed_default_holidays()
    if added:
        print(f"added {added} public holiday(s)")
    return 0


async def seed_default_holidays() -> int:
    """The default public holidays of each year that has none yet; return how many were added.

    Run by ``migrate``, so a production portal counts deadlines without its holidays not even on
    its first day. A year that already has holidays is the admins' to keep: a day they deleted is
    not brought back by the next deployment.
    """
    kept_years = {day.year for day in await PublicHoliday.all().values_list("date", flat=True)}  # type: ignore[attr-defined]  # tortoise types flat values_list rows as tuples
    return await ensure_default_holidays(
        (day, name) for day, name in INDONESIA_2026_HOLIDAYS if day.year not in kept_years
    )


async def _makemigrations(settings: Settings, args: argparse.Namespace) -> int:
    from tangerang_live.scaffold import format_python

    written = await db.make_migrations(settings, model_apps(_registry(settings)), args.app)
    format_python(Path(path) for path in written)
    print("\n".join(f"wrote {path}" for path in written) or "no changes")
    return 0


async def _plugins(settings: Settings, args: argparse.Namespace) -> int:
    async with _connected(settings) as registry:
        if args.plugins_command == "list":
            for record in registry.records.values():
                state = "enabled" if registry.is_enabled(record.name) else "disabled"
                line = f"{record.name:<20} {record.version:<12} {record.status:<7} {state}"
                print(line + (f"  error: {record.error}" if record.error else ""))
            return 0
        enable = args.plugins_command == "enable"
        names = [r.name for r in registry.loaded()] if args.all else args.names
        status = 0
        for name in _dependency_order(registry, names, enable):
            try:
                changed = await registry.set_enabled(name, enable, actor=None, actor_label="cli")
            except PluginStateError as exc:
                print(f"{name}: {exc}", file=sys.stderr)
                status = 1
                continue
            print(f"{name}: {'enabled' if enable else 'disabled'}{'' if changed else ' already'}")
        return status


def _dependency_order(registry: PluginRegistry, names: list[str], enable: bool) -> list[str]:
    """Order names so that required plugins are enabled first and disabled last."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        record = registry.records.get(name)
        for required in record.manifest.required_plugins() if record and record.manifest else ():
            if required in names:
                visit(required)
        if name not in ordered:
            ordered.append(name)

    for name in names:
        visit(name)
    return ordered if enable else list(reversed(ordered))


async def _createadmin(settings: Settings, args: argparse.Namespace) -> int:
    if len(args.password) < 10:
        print("the password needs at least 10 characters", file=sys.stderr)
        return 2
    async with _connected(settings):
        email = args.email.strip().lower()
        user = await User.get_or_none(email=email)
        if user is None:
            await User.create(
                email=email,
                full_name=args.name,
                password_hash=hash_password(args.password),
                role=Role.ADMIN,
            )
            print(f"created admin {email}")
        else:
            user.password_hash = hash_password(args.password)
            user.role = Role.ADMIN
            user.is_active = True
            await user.save()
            print(f"updated admin {email}")
    return 0


DEMO_CITIZEN_PASSWORD = "warga-demo-2026"
DEMO_CITIZENS = (
    ("siti.demo@tangerang.example", "Siti Nurhaliza (demo)", "3671014501900002"),
    ("budi.demo@tangerang.example", "Budi Santoso (demo)", "3671031208850003"),
    ("dewi.demo@tangerang.example", "Dewi Lestari (demo)", "3671055507920004"),
)


async def _demo_citizens() -> tuple[User, ...]:
    citizens = []
    for email, name, nik in DEMO_CITIZENS:
        user = await User.get_or_none(email=email)
        if user is None:
            user = await User.create(
                email=email,
                full_name=name,
                nik=nik,
                role=Role.CITIZEN,
                password_hash=hash_password(DEMO_CITIZEN_PASSWORD),
            )
        citizens.append(user)
    return tuple(citizens)


async def _demo(settings: Settings, args: argparse.Namespace) -> int:
    async with _connected(settings) as registry:
        demo = DemoContext(
            random=random.Random(args.seed),
            now=datetime.now(UTC),
            admin=await User.get_or_none(email=DEMO_ADMIN_EMAIL),
            citizens=await _demo_citizens(),
            password=DEMO_CITIZEN_PASSWORD,
        )
        enabled = [record.name for record in registry.enabled_records()]
        for name in _dependency_order(registry, enabled, enable=True):  # required plugins first
            await registry.call("demo_data", plugins=[name], demo=demo)
            failure = registry.hook_failures.get((name, "demo_data"))
            print(f"{name}: " + (f"failed: {failure.error}" if failure else "demo data loaded"))
    return 0


async def _quickstart(settings: Settings, args: argparse.Namespace) -> int:
    """First run of a local portal: migrate; on a fresh database enable every plugin and load demo
    data; make sure the local demo admin exists and print how to sign in."""
    registry = _registry(settings)
    await db.migrate(settings, model_apps(registry))
    async with _connected(settings) as registry:
        fresh = not await PluginState.exists()
        if fresh:
            for name in _dependency_order(registry, [r.name for r in registry.loaded()], True):
                await registry.set_enabled(name, True, actor=None, actor_label="quickstart")
        password_file = settings.var_dir / "demo-admin-password"
        if not password_file.exists():
            settings.var_dir.mkdir(parents=True, exist_ok=True)
            password_file.write_text(secrets.token_urlsafe(12))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        admin = await User.get_or_none(email=DEMO_ADMIN_EMAIL)
        if admin is None:
            await User.create(
                email=DEMO_ADMIN_EMAIL,
                full_name="Admin Demo",
                password_hash=hash_password(password),
                role=Role.ADMIN,
            )
        await ensure_default_holidays()
    if fresh:
        await _demo(settings, argparse.Namespace(seed=2026))
    print(f"Demo admin: {DEMO_ADMIN_EMAIL} / {password}  (local use only)")
    return 0


async def _outbox(settings: Settings, args: argparse.Namespace) -> int:
    senders = senders_from_settings(settings)
    async with _connected(settings):
        counts = await send_pending(senders, limit=args.limit)
    print(f"sent {counts['sent']}, failed {counts['failed']}")
    if counts["waiting"]:
        print(
            f"{counts['waiting']} message(s) wait for a channel with no sender"
            + ("" if senders else " (set PORTAL_SMTP_URL to send email, PORTAL_SMS_URL for SMS)")
        )
    return 1 if counts["failed"] else 0


async def _files(settings: Settings, args: argparse.Namespace) -> int:
    async with _connected(settings):
        removed = await prune_files(grace_seconds=args.older_than)
    print(f"removed {len(removed)} file(s) that no upload row names")
    return 0


def _when(moment: datetime | None) -> str:
    return format_city_time(moment) if moment else "-"


async def _tasks(settings: Settings, args: argparse.Namespace) -> int:
    async with _connected(settings) as registry:
        declared = await declared_tasks(registry, enabled_only=False)
        if args.tasks_command == "list":
            names = [d.name for d in declared]
            states = {s.name: s for s in await TaskState.filter(name__in=names)}
            task: DeclaredTask | None
            for task in declared:
                state = states.get(task.name)
                active = task.plugin == HOST or registry.is_enabled(task.plugin)
                print(
                    f"{task.name:<32} {describe_schedule(task.task):<22} "
                    f"{'enabled' if active else 'disabled':<9} "
                    f"next {_when(state.next_run_at if state else None):<20} "
                    f"last {_when(state.last_finished_at if state else None)}"
                    + (f"  error: {state.last_error}" if state and state.last_error else "")
                )
            return 0
        task = next((t for t in declared if t.name == args.name), None)
        if task is None:
            print(f"no task named {args.name} (see `tangerang-live tasks list`)", file=sys.stderr)
            return 2
        if task.plugin != HOST and not registry.is_enabled(task.plugin):
            print(f"{args.name}: plugin {task.plugin} is disabled", file=sys.stderr)
            return 1
        runner = TaskRunner(registry)
        now = datetime.now(UTC)
        await runner.ensure_rows([task], now)
        if not await runner.take(task.name, now, due_only=False):
            print(f"{args.name}: running in another process right now", file=sys.stderr)
            return 1
        error = await runner.run(task, now)
        print(f"{args.name}: " + (f"failed: {error}" if error else "done"))
        return 1 if error else 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    asyncio.run(_require_migrated(settings, _registry(settings)))  # one line, not a traceback
    uvicorn.run(
        "tangerang_live.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=None if args.reload else args.workers,
        reload=args.reload,
        proxy_headers=True,
        server_header=False,  # tells attackers the stack, and costs every answer its bytes
        log_level="info",
        access_log=not args.no_access_log,
        timeout_worker_healthcheck=args.worker_timeout,
    )
    return 0


def _new_plugin(settings: Settings, args: argparse.Namespace) -> int:
    from tangerang_live.scaffold import scaffold_plugin

    try:
        target = scaffold_plugin(args.name, Path(args.directory))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(
        f"created {target}\n"
        f"next: pip install -e {target} && tangerang-live migrate"
        f" && tangerang-live plugins enable {args.name}"
    )
    return 0


def plugin_commands() -> dict[str, list[Command]]:
    """Each loaded plugin's ``cli_commands``; a plugin that fails to load simply has none here.

    Called before the command line is parsed, outside any event loop: the hook describes
    commands, like the boot hooks, so it is a plain function.
    """
    registry = PluginRegistry(*load_plugins(strict=False, core_plugins=[default_hooks]))
    found: dict[str, list[Command]] = {}
    for impl in registry.pm.hook.cli_commands.get_hookimpls():
        plugin = impl.plugin_name
        if plugin not in registry.contexts:
            continue
        asked = {"plugin": registry.contexts[plugin]} if "plugin" in impl.argnames else {}
        try:
            # pluggy types a hook's result as object: what a plugin returned is checked here.
            commands: Any = impl.function(**asked)
            if inspect.iscoroutine(commands):
                commands.close()
                raise TypeError("the cli_commands hook must be a plain function")
        except Exception as exc:  # a plugin's broken hook must not take the command line down
            print(f"{plugin}: its cli_commands hook failed: {exc}", file=sys.stderr)
            continue
        found[plugin] = [c for c in commands or () if isinstance(c, Command)]
    return found


async def _run_plugin_command(
    plugin: str, command: Command, settings: Settings, args: argparse.Namespace
) -> int:
    async with _connected(settings) as registry:
        return int(await command.run(args, registry.context(plugin)))


def _add_plugin_commands(
    commands: argparse._SubParsersAction, found: dict[str, list[Command]]
) -> None:
    for plugin, plugin_commands in sorted(found.items()):
        if plugin in commands.choices or not plugin_commands:
            continue  # a built-in command keeps its name
        group = commands.add_parser(plugin, help=f"commands of the {plugin} plugin")
        subcommands = group.add_subparsers(dest="plugin_command", required=True)
        for command in plugin_commands:
            parser = subcommands.add_parser(command.name, help=command.help)
            try:
                command.configure(parser)
            except Exception as exc:  # one broken command must not break the others
                print(f"{plugin} {command.name}: cannot add its arguments: {exc}", file=sys.stderr)
                continue
            parser.set_defaults(handler=functools.partial(_run_plugin_command, plugin, command))


def build_parser(
    found_plugin_commands: dict[str, list[Command]] | None = None,
) -> argparse.ArgumentParser:
    """The command line; ``found_plugin_commands`` (from ``plugin_commands()``) adds
    ``tangerang-live <plugin> <command>``."""
    parser = argparse.ArgumentParser(prog="tangerang-live", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the portal with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--reload", action="store_true", help="restart on code changes (development)"
    )
    serve.add_argument(
        "--worker-timeout",
        type=int,
        default=WORKER_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help="replace a worker that does not answer the supervisor for this long, also while "
        f"it starts (default {WORKER_TIMEOUT_SECONDS})",
    )
    serve.add_argument(
        "--no-access-log", action="store_true", help="leave request logging to the load balancer"
    )
    serve.set_defaults(handler=_serve)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(handler=_migrate)
    commands.add_parser(
        "quickstart", help="migrate, and on a fresh database enable all plugins and load demo data"
    ).set_defaults(handler=_quickstart)
    make = commands.add_parser("makemigrations", help="write migrations for model changes")
    make.add_argument("app", nargs="*", help="app labels (core or plugin names); default all")
    make.set_defaults(handler=_makemigrations)

    plugins = commands.add_parser("plugins", help="list, enable or disable plugins")
    plugin_commands = plugins.add_subparsers(dest="plugins_command", required=True)
    plugin_commands.add_parser("list")
    for verb in ("enable", "disable"):
        toggle = plugin_commands.add_parser(verb)
        toggle.add_argument("names", nargs="*")
        toggle.add_argument("--all", action="store_true", help="every loaded plugin")
    plugins.set_defaults(handler=_plugins)

    admin = commands.add_parser("createadmin", help="create or reset an admin account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--name", default="Admin Portal")
    admin.set_defaults(handler=_createadmin)

    demo = commands.add_parser("demo", help="load demo data of every enabled plugin (idempotent)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(handler=_demo)

    outbox = commands.add_parser("outbox", help="deliver queued email and SMS")
    outbox.add_subparsers(dest="outbox_command", required=True).add_parser(
        "send", help="send pending messages (email through PORTAL_SMTP_URL)"
    ).add_argument("--limit", type=int, default=500)
    outbox.set_defaults(handler=_outbox)

    files = commands.add_parser("files", help="maintain uploaded files")
    files.add_subparsers(dest="files_command", required=True).add_parser(
        "prune", help="delete files left by uploads that were rolled back or deleted"
    ).add_argument(
        "--older-than",
        type=float,
        default=PRUNE_GRACE_SECONDS,
        metavar="SECONDS",
        help="only files at least this old (default one hour: a younger one's upload may still "
        "commit); 0 is safe only while no portal process is running",
    )
    files.set_defaults(handler=_files)

    tasks = commands.add_parser("tasks", help="list scheduled tasks, or run one now")
    task_commands = tasks.add_subparsers(dest="tasks_command", required=True)
    task_commands.add_parser("list", help="every task, its schedule, next and last run")
    task_commands.add_parser("run", help="run one task now").add_argument(
        "name", help="<plugin>.<task>, e.g. core.send_outbox"
    )
    tasks.set_defaults(handler=_tasks)

    new = commands.add_parser("new-plugin", help="scaffold a plugin package")
    new.add_argument("name", help="Python identifier, e.g. pasar_murah")
    new.add_argument("--directory", default=".", help="where to create the package folder")
    new.set_defaults(handler=_new_plugin)
    _add_plugin_commands(commands, found_plugin_commands or {})
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser(plugin_commands()).parse_args(argv)
    try:
        settings = Settings()
        result = args.handler(settings, args)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
    except (MigrationsPendingError, PluginLoadError, SettingsError) as exc:
        # What an operator must fix, said in one line: a traceback would bury it.
        print(f"tangerang-live: {exc}", file=sys.stderr)
        return 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
