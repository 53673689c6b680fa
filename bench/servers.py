"""Starting the portal and the reference as a user would: uvicorn in a separate process."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    started_in: float
    """Seconds from launch until /healthz (or /) answered 200."""

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return pids or [self.process.pid]

    def rss_mib(self) -> float:
        """Resident memory of the first worker process, in MiB."""
        status = Path(f"/proc/{self.worker_pids()[0]}/status").read_text()
        kib = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
        return kib / 1024


def portal_env(var_dir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.pop("DATABASE_URL", None)
    env.update(
        PORTAL_VAR_DIR=str(var_dir),
        PORTAL_ENV="production",
        SECRET_KEY="bench-secret-key-not-for-real-use",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def cli(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "tangerang-live"), *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"tangerang-live {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def _wait(
    process: subprocess.Popen[bytes], url: str, launched: float, seconds: float = 120
) -> float:
    while time.monotonic() - launched < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - launched
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer")


@contextlib.contextmanager
def _running(command: list[str], env: dict[str, str], port: int) -> Iterator[Server]:
    launched = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        started = _wait(process, f"{base_url}/healthz", launched)
        yield Server(process, base_url, started)
    finally:
        process.terminate()
        process.wait(timeout=30)


def portal_server(
    env: dict[str, str], workers: int = 1
) -> contextlib.AbstractContextManager[Server]:
    port = free_port()
    command = [
        str(BIN / "tangerang-live"), "serve", "--port", str(port), "--workers", str(workers),
        "--no-access-log",
    ]  # fmt: skip
    return _running(command, env, port)


def reference_server(env: dict[str, str]) -> contextlib.AbstractContextManager[Server]:
    port = free_port()
    command = [
        str(BIN / "uvicorn"), "app:app", "--app-dir", str(BENCH_DIR / "reference"),
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    return _running(command, env, port)
