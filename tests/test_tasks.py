"""Scheduled tasks: due tasks run once in the whole deployment, only for enabled plugins, and
admins and operators see how they went."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta

from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD
from processes import migrated_portal_env, portal_env, run_cli
from tangerang_live import CITY_TIMEZONE, Role, Task, city_today
from tangerang_live.service_models import TaskState
from tangerang_live.tasks import TaskRunner, next_run
from tangerang_live.testing import create_user, running_portal, text_of


async def nothing(plugin):
    return None


def test_daily_tasks_fall_due_at_their_time_on_the_citys_clock():
    nightly = Task("n", nothing, at=time(1, 30))
    # 18:00 UTC is 01:00 WIB the next day: 01:30 WIB is half an hour away.
    assert next_run(nightly, datetime(2026, 3, 1, 18, 0, tzinfo=UTC)) == datetime(
        2026, 3, 1, 18, 30, tzinfo=UTC
    )
    # At 01:30 WIB itself the next run is a day later.
    assert next_run(nightly, datetime(2026, 3, 1, 18, 30, tzinfo=UTC)) == datetime(
        2026, 3, 2, 18, 30, tzinfo=UTC
    )
    every = Task("e", nothing, every=timedelta(minutes=5))
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert next_run(every, start) == start + timedelta(minutes=5)
    for wrong in ({}, {"every": timedelta(minutes=5), "at": time(1)}, {"every": timedelta(0)}):
        try:
            Task("x", nothing, **wrong)
        except ValueError:
            continue
        raise AssertionError(f"accepted {wrong}")


async def ticks() -> int:
    from hello_city.models import Greeting

    return await Greeting.filter(text__startswith="tick by").count()


async def test_two_runners_racing_for_a_due_task_run_it_once(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        registry = client.portal.registry
        first, second = TaskRunner(registry), TaskRunner(registry)
        # Noon in the city: no daily task (the host prunes files at 03:00) falls due in between.
        now = datetime.combine(city_today(), time(12), CITY_TIMEZONE).astimezone(UTC)
        ran = await asyncio.gather(first.tick(now), second.tick(now))
        names = sorted(ran[0] + ran[1])
        assert names == ["core.send_outbox", "hello_city.record_tick"]
        assert await ticks() == 1
        state = await TaskState.get(name="hello_city.record_tick")
        assert state.locked_by is None and state.last_error == ""
        assert state.next_run_at == now + timedelta(minutes=5)
        # Not due again until then; due again after.
        assert await first.tick(now + timedelta(minutes=4)) == ["core.send_outbox"]
        assert "hello_city.record_tick" in await second.tick(now + timedelta(minutes=5))
        assert await ticks() == 2


async def test_a_lock_held_by_a_live_runner_is_respected_and_an_expired_one_is_not(
    hello_city, tmp_path
):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        runner = TaskRunner(client.portal.registry)
        now = datetime.now(UTC)
        await TaskState.create(
            name="hello_city.record_tick",
            next_run_at=now,
            locked_by="another-host:123",
            locked_until=now + timedelta(minutes=3),
        )
        assert "hello_city.record_tick" not in await runner.tick(now)
        assert await ticks() == 0
        # That process died: its lock runs out and the task runs here.
        later = now + timedelta(minutes=4)
        assert "hello_city.record_tick" in await runner.tick(later)
        assert await ticks() == 1


async def test_tasks_of_disabled_plugins_do_not_run_and_failures_are_recorded(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        runner = TaskRunner(client.portal.registry)
        now = datetime.now(UTC)
        assert await runner.tick(now) == ["core.send_outbox"]
        await client.portal.registry.set_enabled("hello_city", True, actor=None, actor_label="t")
        nightly = now + timedelta(days=1, minutes=1)  # past 01:30 WIB whenever the test runs
        # Enabled now: an interval task is due at once, the nightly one at 01:30 WIB.
        assert await runner.tick(now) == ["hello_city.record_tick"]
        ran = await runner.tick(nightly)
        assert "hello_city.nightly_fail" in ran and "hello_city.record_tick" in ran
        failed = await TaskState.get(name="hello_city.nightly_fail")
        assert "RuntimeError: the greeting service is unreachable" in failed.last_error
        assert failed.locked_by is None and failed.next_run_at > nightly
        assert await ticks() == 2  # the failure did not stop the other task


async def test_admins_see_last_run_next_run_and_last_error(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        await client.post("/language", data={"lang": "en"})
        runner = TaskRunner(client.portal.registry)
        now = datetime.now(UTC)
        await runner.tick(now)
        await runner.tick(now + timedelta(days=1, minutes=1))
        page = await client.get("/admin/tasks")
        assert page.status_code == 200
        text = text_of(page.text)
        assert "hello_city.nightly_fail" in text and "daily at 01:30 WIB" in text
        assert "Last error: RuntimeError: the greeting service is unreachable" in text
        # Other installed plugins' tasks are listed too: read the row of the task that ran.
        record_tick = text.split("hello_city.record_tick", 1)[1].split("Run now", 1)[0]
        assert "every 5 minute(s)" in record_tick and "never" not in record_tick
        queued = await client.post("/admin/tasks/core.prune_files/run")
        assert queued.status_code == 303 and queued.headers["location"].endswith(
            "queued=core.prune_files"
        )
        assert "core.prune_files" in await runner.tick()
        citizen = await create_user("warga@example.org", "sandi-warga-panjang")
        assert citizen.role == Role.CITIZEN
        await client.post("/logout")
        await client.sign_in("warga@example.org", "sandi-warga-panjang")
        assert (await client.get("/admin/tasks")).status_code == 403


RACER = """
import asyncio, sys
from datetime import UTC, datetime
from tangerang_live.app import create_app
from tangerang_live.db import close_database, open_database
from tangerang_live.app import model_apps
from tangerang_live.settings import Settings
from tangerang_live.tasks import TaskRunner

async def main(url, at):
    settings = Settings(env="test", database_url=url, secret_key="s")
    registry = create_app(settings).state.portal.registry
    await open_database(settings, model_apps(registry))
    try:
        await registry.reload()
        await TaskRunner(registry).tick(datetime.fromisoformat(at))
    finally:
        await close_database()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_processes_racing_for_the_same_due_task_run_it_once(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        now = datetime.now(UTC)
        await TaskRunner(client.portal.registry).ensure_rows(
            [t for t in await _declared(client) if t.plugin == "hello_city"], now
        )
        env = portal_env(tmp_path / "var", hello_city)
        racers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                RACER,
                client.portal.settings.db_url,
                (now + timedelta(seconds=1)).isoformat(),
                env=env,
                stderr=subprocess.PIPE,
            )
            for _ in range(3)
        ]
        for racer in racers:
            _, errors = await racer.communicate()
            assert racer.returncode == 0, errors.decode()[-2000:]
        assert await ticks() == 1


async def _declared(client):
    from tangerang_live.tasks import declared_tasks

    return await declared_tasks(client.portal.registry, enabled_only=True)


def test_operators_list_and_run_tasks_from_the_command_line(hello_city_site, tmp_path):
    env = migrated_portal_env(tmp_path / "var", hello_city_site)
    listing = run_cli(env, "tasks", "list")
    assert listing.returncode == 0, listing.stderr
    assert "core.send_outbox" in listing.stdout and "every 0:01:00" in listing.stdout
    assert "hello_city.record_tick" in listing.stdout and "disabled" in listing.stdout
    refused = run_cli(env, "tasks", "run", "hello_city.record_tick")
    assert refused.returncode == 1 and "disabled" in refused.stderr
    run_cli(env, "plugins", "enable", "hello_city")
    done = run_cli(env, "tasks", "run", "hello_city.record_tick")
    assert done.returncode == 0 and "hello_city.record_tick: done" in done.stdout, done.stderr
    failed = run_cli(env, "tasks", "run", "hello_city.nightly_fail")
    assert failed.returncode == 1 and "the greeting service is unreachable" in failed.stdout
    unknown = run_cli(env, "tasks", "run", "nope.nothing")
    assert unknown.returncode == 2
    assert "error: RuntimeError" in run_cli(env, "tasks", "list").stdout
