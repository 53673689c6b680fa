"""Numbered sequences: every committed number once, none missing, under concurrency, on both
databases and across processes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tangerang_live import next_number, record_audit
from tangerang_live.models import AuditEntry
from tangerang_live.testing import PortalClient, running_portal
from tortoise import Tortoise
from tortoise.transactions import in_transaction


class Refused(Exception):
    """What a failing save raises after it took its number."""


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[PortalClient]:
    async with running_portal(tmp_path) as client:
        yield client


async def save_numbered(key: str, period: str, *, fail: bool) -> int | None:
    """Take a number and store a record with it in one transaction, as a plugin does."""
    try:
        async with in_transaction():
            number = await next_number(key, period)
            await asyncio.sleep(0)  # let the other saves run in between
            if fail:
                raise Refused
            await record_audit("test.numbered", target=f"{key}|{period}|{number}")
    except Refused:
        return None
    return number


async def committed(key: str, period: str) -> list[int]:
    targets = await AuditEntry.filter(
        action="test.numbered", target__startswith=f"{key}|{period}|"
    ).values_list("target", flat=True)
    return sorted(int(t.rsplit("|", 1)[1]) for t in targets)


async def test_numbers_count_per_key_and_period_and_a_rollback_gives_one_back(client):
    assert [await next_number("laksa.report", "2026") for _ in range(3)] == [1, 2, 3]
    assert await next_number("laksa.report", "2027") == 1
    assert await next_number("simpati_rs.queue", "2026") == 1
    assert await save_numbered("laksa.report", "2026", fail=True) is None
    assert await save_numbered("laksa.report", "2026", fail=False) == 4
    async with in_transaction() as conn:
        assert await next_number("laksa.report", "2026", connection=conn) == 5
    for key, period in [("", ""), ("x" * 101, ""), ("ok", "y" * 101)]:
        with pytest.raises(ValueError):
            await next_number(key, period)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["2026", "2027"]), st.booleans()),
        min_size=1,
        max_size=30,
    ),
    st.uuids(),
)
async def test_concurrent_saves_commit_each_number_once_and_leave_no_gap(client, saves, run):
    # A fresh key per example: the examples share one database.
    keys = {name: f"{name}-{run.hex[:8]}" for name in ("a", "b")}
    results = await asyncio.gather(
        *(save_numbered(keys[key], period, fail=fail) for key, period, fail in saves)
    )
    for key in keys.values():
        for period in ("2026", "2027"):
            numbers = await committed(key, period)
            expected = sum(
                1 for (name, p, fail) in saves if keys[name] == key and p == period and not fail
            )
            assert numbers == list(range(1, expected + 1))
    assert results.count(None) == sum(fail for *_, fail in saves)


WORKER = """
import asyncio, sys
from tangerang_live import next_number, record_audit
from tangerang_live.app import model_apps, create_app
from tangerang_live.db import open_database, close_database
from tangerang_live.settings import Settings
from tortoise.transactions import in_transaction

async def main(url, count):
    settings = Settings(env="test", database_url=url, secret_key="s")
    await open_database(settings, model_apps(create_app(settings).state.portal.registry))
    try:
        for _ in range(count):
            async with in_transaction():
                number = await next_number("cross", "2026")
                await record_audit("test.numbered", target=f"cross|2026|{number}")
    finally:
        await close_database()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


async def test_processes_sharing_the_database_never_hand_out_a_number_twice(client):
    database_url = client.portal.settings.db_url
    assert Tortoise.get_connection("default").capabilities.dialect in {"sqlite", "postgres"}
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", WORKER, database_url, "25", stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    for worker in workers:
        _, errors = await worker.communicate()
        assert worker.returncode == 0, errors.decode()[-2000:]
    assert await committed("cross", "2026") == list(range(1, 76))
