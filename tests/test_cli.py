"""The ``tangerang-live`` command, run as a separate process like an operator would."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from processes import migrated_portal_env, portal_env, run_cli

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_migrate_createadmin_and_plugin_commands(hello_city_site, tmp_path):
    env = portal_env(tmp_path / "var", hello_city_site)
    assert "applied core.0001_initial" in run_cli(env, "migrate").stdout
    assert "nothing to apply" in run_cli(env, "migrate").stdout

    created = run_cli(
        env, "createadmin", "--email", "Boss@Example.org", "--password", "kata-sandi-kuat"
    )
    assert "created admin boss@example.org" in created.stdout
    short = run_cli(env, "createadmin", "--email", "x@example.org", "--password", "short")
    assert short.returncode == 2

    listing = run_cli(env, "plugins", "list").stdout
    assert "hello_city" in listing and "1.2.3" in listing and "disabled" in listing

    enabled = run_cli(env, "plugins", "enable", "hello_city")
    assert enabled.returncode == 0, enabled.stderr
    assert "hello_city: enabled" in enabled.stdout
    assert (
        "enabled" in run_cli(env, "plugins", "list").stdout.split("hello_city")[1].splitlines()[0]
    )

    unknown = run_cli(env, "plugins", "enable", "no_such_plugin")
    assert unknown.returncode == 1 and "no_such_plugin" in unknown.stderr


def test_demo_loads_enabled_plugins_data_idempotently(hello_city_site, tmp_path):
    env = migrated_portal_env(tmp_path / "var", hello_city_site)
    run_cli(env, "plugins", "enable", "hello_city")
    for _ in range(2):
        result = run_cli(env, "demo")
        assert "hello_city: demo data loaded" in result.stdout, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "var" / "portal.sqlite3") as database:
        rows = database.execute("SELECT text FROM hello_city_greeting ORDER BY id").fetchall()
    assert len(rows) == 3 and rows[0] == ("Selamat pagi",)


def test_quickstart_enables_everything_once_and_prints_the_demo_login(hello_city_site, tmp_path):
    env = portal_env(tmp_path / "var", hello_city_site)
    first = run_cli(env, "quickstart")
    assert first.returncode == 0, first.stderr
    password = (tmp_path / "var" / "demo-admin-password").read_text().strip()
    assert f"admin@tangerang.example / {password}" in first.stdout
    assert "hello_city: demo data loaded" in first.stdout
    run_cli(env, "plugins", "disable", "hello_city")
    second = run_cli(env, "quickstart")
    assert "demo data loaded" not in second.stdout  # an existing portal is left as the admin set it
    assert (
        "disabled" in run_cli(env, "plugins", "list").stdout.split("hello_city")[1].splitlines()[0]
    )


def test_new_plugin_scaffold_installs_enables_and_passes_its_own_tests(tmp_path):
    env = portal_env(tmp_path / "var")
    created = run_cli(env, "new-plugin", "demo_svc", "--directory", str(tmp_path))
    assert created.returncode == 0, created.stderr
    assert "tangerang-live migrate" in created.stdout.split("next:")[1]
    assert run_cli(env, "new-plugin", "pasar_murah", "--directory", str(tmp_path)).returncode == 0
    generated = tmp_path / "demo_svc"
    assert (generated / "README.md").is_file()
    assert (generated / "demo_svc" / "locale" / "id" / "LC_MESSAGES" / "messages.po").is_file()
    assert (generated / "tests" / "test_demo_svc.py").is_file()
    for check in (["check"], ["format", "--check"]):
        linted = subprocess.run(
            [sys.executable, "-m", "ruff", *check, "--config", str(PYPROJECT), str(tmp_path)],
            capture_output=True,
            text=True,
        )
        assert linted.returncode == 0, linted.stdout + linted.stderr
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--no-build-isolation", "--target", str(site), str(tmp_path / "demo_svc"),
            str(tmp_path / "pasar_murah"),
        ],
        check=True,
    )  # fmt: skip
    env = portal_env(tmp_path / "var", site)
    run_cli(env, "migrate")
    assert run_cli(env, "plugins", "enable", "demo_svc").returncode == 0
    assert "demo_svc" in run_cli(env, "plugins", "list").stdout

    # Both plugins' tests in one run: their test modules must not collide.
    generated_tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "demo_svc/tests"]
        + ["pasar_murah/tests", "-o", "asyncio_mode=auto"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert generated_tests.returncode == 0, generated_tests.stdout + generated_tests.stderr
    assert "6 passed" in generated_tests.stdout


def test_new_plugin_refuses_a_bad_name(tmp_path):
    result = run_cli(
        portal_env(tmp_path / "var"), "new-plugin", "Bad-Name", "--directory", str(tmp_path)
    )
    assert result.returncode == 2 and "identifier" in result.stderr
