"""Helpers for testing the portal and its plugins: a real portal on a throwaway database.

``running_portal`` gives each test a fresh, migrated database (SQLite in a temporary folder, or a
new PostgreSQL database when ``PORTAL_TEST_DATABASE_URL`` points at a server), starts the
application with its lifespan, and yields a client that talks to it in-process and fills in CSRF
tokens like a browser. The migrations run once per test process and set of migrations: each test
copies that template database (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on
PostgreSQL) instead of migrating again.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import importlib.util
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date, datetime, time, tzinfo
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from argon2 import PasswordHasher
from starlette.applications import Starlette

from tangerang_live import auth, city
from tangerang_live.app import create_app, model_apps
from tangerang_live.auth import hash_password
from tangerang_live.db import ModelApp, migrate
from tangerang_live.models import Role, User
from tangerang_live.settings import Settings

TEST_DATABASE_ENV = "PORTAL_TEST_DATABASE_URL"


class PortalClient(httpx.AsyncClient):
    """An in-process browser: keeps cookies and sends the CSRF token with every unsafe request."""

    app: Starlette

    async def request(self, method: str, url: Any, **kwargs: Any) -> httpx.Response:
        if method.upper() not in {"GET", "HEAD", "OPTIONS"}:
            if "csrftoken" not in self.cookies:
                await super().request("GET", "/login")
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("x-csrftoken", self.cookies["csrftoken"])
            kwargs["headers"] = headers
        return await super().request(method, url, **kwargs)

    async def post_without_csrf_token(self, url: str, **kwargs: Any) -> httpx.Response:
        """POST as a forged cross-site form would: cookies go along, the token does not."""
        return await super().request("POST", url, **kwargs)

    async def sign_in(self, email: str, password: str) -> httpx.Response:
        """Sign in through the login form, as a person would; fails the test if refused."""
        response = await self.post("/login", data={"email": email, "password": password})
        assert response.status_code == 303, f"sign-in failed: {response.status_code}"
        return response

    async def sign_out(self) -> httpx.Response:
        """Sign out through the portal's sign-out button."""
        response = await self.post("/logout")
        assert response.status_code == 303, f"sign-out failed: {response.status_code}"
        return response

    async def switch_plugin(self, name: str, enabled: bool) -> None:
        """Enable or disable a plugin as an admin would (its ``on_enable``/``on_disable`` hook
        runs), without going through the admin page."""
        registry = self.portal.registry
        await registry.set_enabled(name, enabled, actor=None, actor_label="test")
        await registry.run_toggle_hook(name, enabled, self.app)

    @property
    def portal(self) -> Any:
        return self.app.state.portal


async def create_user(
    email: str,
    password: str = "rahasia-yang-panjang",
    *,
    role: Role = Role.CITIZEN,
    full_name: str = "",
    **fields: Any,
) -> User:
    return await User.create(
        email=email,
        password_hash=hash_password(password),
        role=role,
        full_name=full_name or email.split("@")[0].title(),
        **fields,
    )


def use_cheap_password_hashing() -> None:
    """Hash passwords with argon2 at its cheapest (the tests' passwords guard nothing).

    Hashes keep their parameters, so they verify as before; sign-in stays argon2 all the way.
    """
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    auth._UNUSABLE_HASH = auth._hasher.hash("no account has this password")


def _test_server() -> str:
    server = os.environ.get(TEST_DATABASE_ENV, "")
    return server if server.startswith("postgres") else ""


async def _postgres(server: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(server)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _new_database_url(folder: Path) -> str:
    """The URL of a database nobody uses yet (created by ``_database``)."""
    server = _test_server()
    if not server:
        return f"sqlite://{(folder / 'portal.sqlite3').resolve()}"
    return urlunsplit(urlsplit(server)._replace(path=f"/tl_test_{uuid.uuid4().hex[:12]}"))


@asynccontextmanager
async def _database(url: str, template: str = "") -> AsyncIterator[None]:
    """Create the database at ``url``, empty or as a copy of ``template``; drop it afterwards."""
    server = _test_server()
    if not server:
        if template:
            path = Path(url.removeprefix("sqlite://"))
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, path)
        yield
        return
    name = urlsplit(url).path.lstrip("/")
    copy = f' TEMPLATE "{template}"' if template else ""
    await _postgres(server, f'CREATE DATABASE "{name}"{copy}')
    try:
        yield
    finally:
        await _postgres(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def throwaway_database(folder: Path) -> AsyncIterator[str]:
    """An empty database nobody else uses, removed afterwards; yields its URL."""
    url = _new_database_url(folder)
    async with _database(url):
        yield url


_templates: dict[tuple[str, ...], str] = {}
"""Migrated template databases of this process, by database server and migration files."""


def _migrations_fingerprint(apps: Iterable[ModelApp]) -> tuple[str, ...]:
    """Which apps, and the content of every migration file: a changed migration gets a new
    template."""
    parts = []
    for app in apps:
        digest = hashlib.sha256(app.label.encode())
        spec = importlib.util.find_spec(app.migrations)
        for location in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(location).glob("*.py")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        parts.append(digest.hexdigest())
    return tuple(parts)


async def _migrated_template(config: Settings, apps: list[ModelApp]) -> str:
    """The template database for these apps, migrated on first use in this process."""
    server = _test_server()
    key = (server, *_migrations_fingerprint(apps))
    if key not in _templates:
        if server:
            name = f"tl_template_{uuid.uuid4().hex[:12]}"
            await _postgres(server, f'CREATE DATABASE "{name}"')
            atexit.register(_drop_template, server, name)
            url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
            template = name
        else:
            folder = Path(tempfile.mkdtemp(prefix="tl_template_"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            template = str(folder / "portal.sqlite3")
            url = f"sqlite://{template}"
        await migrate(Settings(env="test", database_url=url, var_dir=config.var_dir), apps)
        _templates[key] = template
    return _templates[key]


def _drop_template(server: str, name: str) -> None:
    asyncio.run(_postgres(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@asynccontextmanager
async def running_portal(
    folder: Path,
    *,
    enable: Iterable[str] = (),
    entry_points: Iterable[EntryPoint] | None = None,
    **settings: Any,
) -> AsyncIterator[PortalClient]:
    """A migrated, started portal on a throwaway database, with ``enable`` plugins switched on."""
    config = Settings(
        env="test",
        database_url=_new_database_url(folder),
        var_dir=folder / "var",
        secret_key="test-secret-" + uuid.uuid4().hex,
        **settings,
    )
    app = create_app(config, entry_points=entry_points)
    portal = app.state.portal
    template = await _migrated_template(config, model_apps(portal.registry))
    async with _database(config.db_url, template), app.router.lifespan_context(app):
        for name in enable:
            await portal.registry.set_enabled(name, True, actor=None, actor_label="test")
        async with PortalClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            client.app = app
            yield client


@contextmanager
def frozen_city_time(moment: datetime | date) -> Iterator[datetime]:
    """Make ``city_now()`` and ``city_today()`` answer ``moment`` inside the block (a date stands
    for 09:00 on that day in the city), for tests of deadlines, opening hours and the like."""
    if isinstance(moment, datetime):
        frozen = moment.astimezone(city.CITY_TIMEZONE)
    else:
        frozen = datetime.combine(moment, time(9, 0), tzinfo=city.CITY_TIMEZONE)

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return frozen.astimezone(tz) if tz else frozen.replace(tzinfo=None)

    original = city.datetime
    city.datetime = FrozenClock  # type: ignore[misc]
    try:
        yield frozen
    finally:
        city.datetime = original  # type: ignore[misc]


def text_of(html: str) -> str:
    """The visible text of an HTML page, whitespace folded (for asserting what a user reads)."""
    without_tags = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", without_tags).strip()
