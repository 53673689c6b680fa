"""Abuse limits with two workers of one portal (two apps in one process: each its own memory, the
same settings and database). With ``REDIS_URL`` the sign-in limit lives in Redis, so a guesser
cannot get a fresh allowance by landing on the other worker; without it each worker counts alone.
LAKSA's reports per citizen per hour are counted by the database: both workers agree either way."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from laksa.models import Category
from tangerang_live import Department, Role
from tangerang_live.app import create_app
from tangerang_live.auth import AccountThrottle
from tangerang_live.testing import PortalClient, create_user, running_portal

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "sandi-yang-cukup-panjang"
GUESSES = AccountThrottle.PER_PAIR[0].amount  # failures before the first wait
REPORTS_PER_HOUR = 2


@asynccontextmanager
async def two_workers(folder: Path, **settings: str) -> AsyncIterator[tuple[PortalClient, ...]]:
    """A browser on each of two workers of one portal, LAKSA enabled."""
    async with running_portal(folder, enable=["laksa"], **settings) as first:
        app = create_app(first.portal.settings)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            PortalClient(transport=transport, base_url="http://testserver") as second,
        ):
            second.app = app
            yield first, second


async def guess(worker: PortalClient, password: str) -> int:
    response = await worker.post("/login", data={"email": "budi@contoh.id", "password": password})
    return response.status_code


async def limit_reports(worker: PortalClient) -> Category:
    """An admin sets LAKSA's limit; a category to report in."""
    await create_user("admin@kota.example", PASSWORD, role=Role.ADMIN)
    await worker.sign_in("admin@kota.example", PASSWORD)
    saved = await worker.post(
        "/admin/plugins/laksa/settings",
        data={"reports_per_hour": str(REPORTS_PER_HOUR), "open311_per_key_per_hour": "500"},
    )
    assert saved.status_code == 303
    await worker.sign_out()
    return await Category.create(
        code="pju",
        name_id="Lampu jalan",
        name_en="Street light",
        department=await Department.get(code="dishub"),
    )


async def report(worker: PortalClient, category: Category, title: str) -> int:
    form = {
        "category": str(category.id),
        "title": title,
        "description": "Lampu jalan mati sejak tiga hari, gelap sekali di malam hari.",
        "latitude": "-6.1767",
        "longitude": "106.6405",
        "address": "Jl. Daan Mogot No. 1",
        "kecamatan": "Tangerang",
        "privacy": "public",
    }
    return (await worker.post("/laksa/new", data=form)).status_code


async def reports_alternating_between(first: PortalClient, second: PortalClient) -> list[int]:
    """The citizen sends one report more than the limit allows, through both workers in turn."""
    category = await limit_reports(first)
    await create_user("warga@contoh.id", PASSWORD)
    for worker in (first, second):
        await worker.sign_in("warga@contoh.id", PASSWORD)
    workers = [first, second, first]
    return [await report(w, category, f"Lampu mati nomor {n}") for n, w in enumerate(workers)]


async def test_with_redis_both_workers_share_the_sign_in_and_report_limits(tmp_path):
    async with two_workers(tmp_path, redis_url=REDIS_URL) as (first, second):
        await create_user("budi@contoh.id", PASSWORD)
        assert [await guess(first, "tebakan") for _ in range(GUESSES)] == [400] * GUESSES
        # The guesser moves to the other worker: it knows of the failures and makes them wait.
        assert await guess(second, "tebakan") == 429
        assert await guess(second, PASSWORD) == 429
        assert await reports_alternating_between(first, second) == [303, 303, 429]


async def test_without_redis_each_worker_counts_sign_ins_alone(tmp_path):
    async with two_workers(tmp_path) as (first, second):
        await create_user("budi@contoh.id", PASSWORD)
        assert [await guess(first, "tebakan") for _ in range(GUESSES)] == [400] * GUESSES
        assert await guess(first, PASSWORD) == 429
        # Counters in each worker's memory: the other worker has seen no failure...
        assert await guess(second, PASSWORD) == 303
        # ...while the reports, counted in the database, are limited across both.
        await second.sign_out()
        assert await reports_alternating_between(first, second) == [303, 303, 429]
