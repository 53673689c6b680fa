"""Running the portal's command as a separate process, as an operator would."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_env(var_dir: Path, *extra_paths: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.pop("DATABASE_URL", None)
    env["PORTAL_VAR_DIR"] = str(var_dir)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in extra_paths)
    env.update(variables)
    return env


_migrated: dict[tuple[Path, ...], Path] = {}
"""A var folder `tangerang-live migrate` ran in, per set of extra plugin folders."""


def migrated_portal_env(var_dir: Path, *extra_paths: Path) -> dict[str, str]:
    """``portal_env`` for a portal whose database is as `tangerang-live migrate` leaves it.

    For tests of other commands: migrating from nothing runs every migration of every plugin (the
    slowest command there is), so it runs once per test run, and each test gets a copy.
    """
    if extra_paths not in _migrated:
        folder = Path(tempfile.mkdtemp(prefix="tl_migrated_"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        # Every test after the first depends on it: a busy machine must not fail them all.
        migrated = run_cli(portal_env(folder, *extra_paths), "migrate", timeout=600)
        assert migrated.returncode == 0, migrated.stderr
        _migrated[extra_paths] = folder
    var_dir.mkdir(parents=True, exist_ok=True)
    for database in _migrated[extra_paths].glob("portal.sqlite3*"):
        shutil.copyfile(database, var_dir / database.name)
    return portal_env(var_dir, *extra_paths)


def run_cli(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tangerang_live.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_until_healthy(
    base_url: str, process: subprocess.Popen[bytes], seconds: float = 30
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError("the portal did not become healthy")
