"""What an operator must fix is said in one line on stderr, not in a traceback."""

from __future__ import annotations

import pytest
from host_fixtures import fixture_entry_point
from tangerang_live import plugins
from tangerang_live.cli import main


@pytest.fixture
def portal_env(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "PORTAL_DATABASE_URL", "PORTAL_STRICT_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path / "var"))
    return monkeypatch


@pytest.mark.parametrize("command", [["plugins", "list"], ["demo"], ["serve", "--port", "8103"]])
def test_an_unmigrated_database_is_one_line(portal_env, capsys, command):
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("tangerang-live: the database is not migrated (")
    assert err.rstrip().endswith("run `tangerang-live migrate`")


def test_a_plugin_failure_in_strict_mode_is_one_line(portal_env, capsys):
    broken = [fixture_entry_point("raises_on_import", "tl_fixture_raises_on_import")]
    portal_env.setattr(plugins, "installed_entry_points", lambda: broken)
    portal_env.setenv("PORTAL_STRICT_PLUGINS", "1")
    assert main(["plugins", "list"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "tangerang-live: raises_on_import: import failed: "
        "RuntimeError: this plugin is broken at import\n"
    )


@pytest.mark.parametrize(("extra", "seconds"), [([], 30), (["--worker-timeout", "90"], 90)])
def test_serve_gives_starting_workers_time_before_replacing_them(
    portal_env, monkeypatch, extra, seconds
):
    # uvicorn's own 5 s killed workers still importing on a busy machine, restarting them forever.
    import uvicorn

    assert main(["migrate"]) == 0
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    assert main(["serve", "--workers", "4", *extra]) == 0
    assert calls[0]["workers"] == 4
    assert calls[0]["timeout_worker_healthcheck"] == seconds
