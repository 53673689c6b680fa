"""The test set-up itself: each test's database is a fresh copy of one migrated template, and
passwords hash cheaply without changing what sign-in accepts."""

from __future__ import annotations

import sys
from pathlib import Path

from argon2 import PasswordHasher
from tangerang_live.app import model_apps
from tangerang_live.auth import hash_password, verify_password
from tangerang_live.db import ModelApp, pending_migrations
from tangerang_live.models import User
from tangerang_live.testing import _migrations_fingerprint, create_user, running_portal


async def test_each_portal_starts_from_a_fully_migrated_empty_database(tmp_path: Path) -> None:
    async with running_portal(tmp_path / "first") as client:
        await create_user("budi@warga.example")
        assert await User.filter(email="budi@warga.example").exists()
    async with running_portal(tmp_path / "second") as client:
        assert not await User.filter(email="budi@warga.example").exists()
        portal = client.portal
        assert await pending_migrations(portal.settings, model_apps(portal.registry)) == []


def test_a_changed_migration_file_gets_a_new_template(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "fingerprinted_migrations"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "0001_initial.py").write_text("operations = []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    app = ModelApp("fingerprinted", (), "fingerprinted_migrations")
    before = _migrations_fingerprint([app])
    (package / "0002_more.py").write_text("operations = ['add a column']\n")
    assert _migrations_fingerprint([app]) != before
    sys.modules.pop("fingerprinted_migrations", None)


def test_passwords_hash_cheaply_in_tests_and_production_hashes_still_verify() -> None:
    cheap = hash_password("rahasia-yang-panjang")
    assert cheap.startswith("$argon2id$") and "m=8,t=1,p=1" in cheap
    assert verify_password(cheap, "rahasia-yang-panjang")
    assert not verify_password(cheap, "rahasia-yang-salah")
    production = PasswordHasher().hash("rahasia-yang-panjang")
    assert verify_password(production, "rahasia-yang-panjang")
