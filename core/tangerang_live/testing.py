"""Helpers for testing the portal and its plugins: a real portal on a throwaway database.

``running_portal`` migrates a fresh database (SQLite in a temporary folder, or a new PostgreSQL
database when ``PORTAL_TEST_DATABASE_URL`` points at a server), starts the application with its
lifespan, and yields a client that talks to it in-process and fills in CSRF tokens like a browser.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from starlette.applications import Starlette

from tangerang_live.app import create_app, model_apps
from tangerang_live.auth import hash_password
from tangerang_live.db import migrate
from tangerang_live.models import Role, User
from tangerang_live.settings import Settings

TEST_DATABASE_ENV = "PORTAL_TEST_DATABASE_URL"


class PortalClient(httpx.AsyncClient):
    """An in-process browser: keeps cookies and sends the CSRF token with every unsafe request."""

    app: Starlette

    async def request(self, method: str, url: Any, **kwargs: Any) -> httpx.Response:  # type: ignore[override]
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
        response = await self.post("/login", data={"email": email, "password": password})
        assert response.status_code == 303, f"sign-in failed: {response.status_code}"
        return response

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


@asynccontextmanager
async def throwaway_database(folder: Path) -> AsyncIterator[str]:
    """A database URL nobody else uses, removed afterwards."""
    server = os.environ.get(TEST_DATABASE_ENV, "")
    if not server.startswith("postgres"):
        yield f"sqlite://{(folder / 'portal.sqlite3').resolve()}"
        return
    import asyncpg

    name = f"tl_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    parts = urlsplit(server)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin = await asyncpg.connect(server)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@asynccontextmanager
async def running_portal(
    folder: Path,
    *,
    enable: Iterable[str] = (),
    entry_points: Iterable[EntryPoint] | None = None,
    **settings: Any,
) -> AsyncIterator[PortalClient]:
    """A migrated, started portal on a throwaway database, with ``enable`` plugins switched on."""
    async with throwaway_database(folder) as url:
        config = Settings(
            env="test",
            database_url=url,
            var_dir=folder / "var",
            secret_key="test-secret-" + uuid.uuid4().hex,
            **settings,
        )
        app = create_app(config, entry_points=entry_points)
        portal = app.state.portal
        await migrate(config, model_apps(portal.registry))
        async with app.router.lifespan_context(app):
            for name in enable:
                await portal.registry.set_enabled(name, True, actor=None, actor_label="test")
            async with PortalClient(
                transport=httpx.ASGITransport(app=app), base_url="http://testserver"
            ) as client:
                client.app = app
                yield client


def text_of(html: str) -> str:
    """The visible text of an HTML page, whitespace folded (for asserting what a user reads)."""
    without_tags = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", without_tags).strip()
