"""Several uvicorn workers: a toggle made anywhere reaches every worker within two seconds."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from processes import free_port, portal_env, run_cli, wait_until_healthy

PROPAGATION_LIMIT = 2.0
STREAK = 40  # consecutive answers on fresh connections: a worker left out would show up


@pytest.fixture
def two_workers(hello_city_site, tmp_path):
    env = portal_env(tmp_path / "var", hello_city_site)
    assert run_cli(env, "quickstart").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tangerang_live.cli",
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, server)
        yield base_url, env
    finally:
        server.terminate()
        server.wait(timeout=30)


def fresh_get(url: str) -> httpx.Response:
    # A new connection per request, so the kernel spreads them over both workers.
    return httpx.get(url, headers={"connection": "close"}, timeout=5)


def seconds_until_streak(url: str, status: int, since: float) -> float:
    """Time from ``since`` until ``url`` began answering ``status`` for STREAK requests in a row."""
    streak_started, streak = None, 0
    deadline = since + 10
    while time.monotonic() < deadline:
        if fresh_get(url).status_code == status:
            if streak == 0:
                streak_started = time.monotonic()
            streak += 1
            if streak == STREAK:
                return streak_started - since
        else:
            streak = 0
        time.sleep(0.01)
    raise AssertionError(f"{url} never answered {status} {STREAK} times in a row")


def test_both_workers_see_a_toggle_from_the_cli_and_from_the_web(two_workers):
    base_url, env = two_workers
    pids = {fresh_get(f"{base_url}/hello/worker").text for _ in range(60)}
    assert len(pids) == 2, "expected two worker processes to answer"

    disabled = run_cli(env, "plugins", "disable", "hello_city")
    since = time.monotonic()
    assert disabled.returncode == 0, disabled.stderr
    assert seconds_until_streak(f"{base_url}/hello/", 404, since) <= PROPAGATION_LIMIT

    password = env["PORTAL_VAR_DIR"] + "/demo-admin-password"
    with open(password) as handle, httpx.Client(base_url=base_url) as admin:
        admin.get("/login")
        token = admin.cookies["csrftoken"]
        signed_in = admin.post(
            "/login",
            data={
                "email": "admin@tangerang.example",
                "password": handle.read().strip(),
                "csrftoken": token,
            },
        )
        assert signed_in.status_code == 303
        # Signing in replaces the CSRF token: the next page brings the new one.
        admin.get("/")
        token = admin.cookies["csrftoken"]
        enabled = admin.post(
            "/admin/plugins/hello_city", data={"action": "enable", "csrftoken": token}
        )
        since = time.monotonic()
        assert enabled.status_code == 303
    assert seconds_until_streak(f"{base_url}/hello/", 200, since) <= PROPAGATION_LIMIT
