"""Plugins add subcommands to ``tangerang-live``: ``tangerang-live <plugin> <command> ...``."""

from __future__ import annotations

import sqlite3

from processes import migrated_portal_env, run_cli


def test_a_plugins_command_runs_with_the_database_open(hello_city_site, tmp_path):
    env = migrated_portal_env(tmp_path / "var", hello_city_site)
    overview = run_cli(env, "--help")
    assert "hello_city" in overview.stdout
    assert "save a greeting" in run_cli(env, "hello_city", "--help").stdout
    done = run_cli(env, "hello_city", "greet", "Wilujeng sumping")
    assert done.returncode == 0, done.stderr
    assert "hello_city saved Wilujeng sumping" in done.stdout
    with sqlite3.connect(tmp_path / "var" / "portal.sqlite3") as database:
        rows = database.execute("SELECT text FROM hello_city_greeting").fetchall()
    assert rows == [("Wilujeng sumping",)]
    missing = run_cli(env, "hello_city", "greet")  # the command's own argument is required
    assert missing.returncode == 2 and "text" in missing.stderr
