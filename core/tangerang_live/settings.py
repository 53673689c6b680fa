"""Settings read from the environment, the same for the server and every command."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent


class SettingsError(RuntimeError):
    """The environment does not describe a portal that may start."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    database_url: str = Field(
        default="", validation_alias=AliasChoices("DATABASE_URL", "PORTAL_DATABASE_URL")
    )
    secret_key: str = Field(
        default="", validation_alias=AliasChoices("SECRET_KEY", "PORTAL_SECRET_KEY")
    )
    var_dir: Path = Path("var")
    themes_dir: Path | None = None
    strict_plugins: bool = False
    """Make a plugin that fails to load fatal (for CI)."""
    state_poll_seconds: float = 1.0
    """How often each worker checks whether an admin changed the enabled plugins or the theme."""
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    redis_url: str = Field(
        default="", validation_alias=AliasChoices("REDIS_URL", "PORTAL_REDIS_URL")
    )
    """Shared store for sign-in rate limits across workers; without it each worker counts alone."""
    upload_dir: Path | None = None
    """Where uploaded files are kept; default ``var_dir / "uploads"``."""
    max_body_bytes: int = 20 * 1024 * 1024
    """The largest request body accepted (a report's three photos fit); larger ones get 413
    before they are read."""
    max_form_bytes: int = 1024 * 1024
    """The largest URL-encoded form (text only) accepted."""
    public_url: str = "http://localhost:8000"
    """The portal's address as citizens reach it (``https://live.tangerangkota.go.id``): links in
    email, SMS and QR codes are built from it, never from a request's Host header."""
    run_tasks: bool | None = None
    """Whether this process runs scheduled tasks; unset, every process does except in tests.
    Running them everywhere is safe: a database lock lets one process run each due task."""
    task_poll_seconds: float = 30.0
    """How often each process looks for due scheduled tasks."""
    smtp_url: str = ""
    """``smtp://user:password@host:587?from=portal@example.org`` (``smtps://`` for TLS): where
    ``tangerang-live outbox send`` delivers email; unset, messages wait in the outbox."""
    sms_url: str = ""
    """``https://TOKEN@sms.example.org/send``: the HTTP gateway ``tangerang-live outbox send``
    posts SMS to (JSON ``{"to", "message"}``, ``Authorization: Bearer TOKEN``). Set, password
    reset codes go by SMS too, to accounts with a phone number; unset, by email only."""

    @model_validator(mode="after")
    def _require_secret_in_production(self) -> Settings:
        if self.env == "production" and not self.secret_key:
            raise SettingsError("SECRET_KEY must be set when PORTAL_ENV=production")
        return self

    @model_validator(mode="after")
    def _check_public_url(self) -> Settings:
        parts = urlsplit(self.public_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
            raise SettingsError("PORTAL_PUBLIC_URL must look like https://portal.example.org")
        self.public_url = self.public_url.rstrip("/")
        return self

    @cached_property
    def db_url(self) -> str:
        """The database URL; without one, a SQLite file in ``var_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite://{(self.var_dir / 'portal.sqlite3').resolve()}"

    @cached_property
    def signing_key(self) -> str:
        """``SECRET_KEY``, or in development a random key kept in ``var_dir`` across restarts."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    @cached_property
    def theme_root(self) -> Path:
        """Folder holding one sub-folder per theme."""
        if self.themes_dir:
            return self.themes_dir
        # Inside an installed wheel the themes travel with the package; in a checkout they sit at
        # the top of the repository.
        bundled = PACKAGE_DIR / "themes"
        return bundled if bundled.is_dir() else PACKAGE_DIR.parents[1] / "themes"

    @property
    def runs_tasks(self) -> bool:
        return self.run_tasks if self.run_tasks is not None else self.env != "test"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


_active: Settings | None = None


def use_settings(settings: Settings) -> None:
    """Make ``settings`` the ones this process's helpers read (the app factory calls it)."""
    global _active
    _active = settings


def active_settings() -> Settings:
    """The settings of this process: those the portal was built with, else the environment's."""
    global _active
    if _active is None:
        _active = Settings()
    return _active
