"""The kill -9 durability check: citizens file reports with photos while the portal is killed
mid-load, then it is started again and checked.

    .venv/bin/python bench/durability.py [--seconds 6] [--citizens 8] [--only sqlite|postgres]

For SQLite and PostgreSQL in turn: a fresh portal (`quickstart`, two uvicorn workers by default,
PORTAL_ENV=production), citizens posting the report form with a photo as fast as they can, and a
SIGKILL to every portal process in the middle of it. Then, with the portal started again:

- every tracking number the portal acknowledged (a 303 to the report) is stored;
- the numbers of the year run 1..N without a gap, and the counter stands at N;
- after `tangerang-live files prune --older-than 0`, every file in the upload folder is named by a
  stored-file row and every row's files are there (no orphans either way).

The figures are appended to bench/results.md with the command that produced them.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image
from run import on_postgres, postgres_database, python_script, sign_in, sqlite_url
from servers import BENCH_DIR, BIN, _wait, cli, free_port, portal_env

PASSWORD = "sandi-uji-tahan-banting"
RESULTS = BENCH_DIR / "results.md"


@dataclass
class Outcome:
    database: str
    acknowledged: int
    refused: int
    missing: list[str]
    gaps: list[int]
    counter: int
    highest: int
    orphans: int
    rows_without_file: int
    pruned: str

    @property
    def held(self) -> bool:
        return (
            not self.missing
            and not self.gaps
            and self.counter == self.highest
            and not self.orphans
            and not self.rows_without_file
        )


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def start(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """The portal in a session of its own, so one SIGKILL reaches every portal process."""
    port = free_port()
    command = [str(BIN / "tangerang-live"), "serve", "--port", str(port), "--workers",
               str(workers), "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    _wait(process, f"{base_url}/healthz", time.monotonic())
    return process, base_url


async def file_reports(
    base_url: str, sessions: list[str], token: str, category: int, kill_after: float, kill
) -> tuple[list[str], int]:
    """Every citizen posts reports with a photo until the portal dies; ``kill`` runs after
    ``kill_after`` seconds. Returns the acknowledged tracking numbers and refused posts."""
    acknowledged: list[str] = []
    refused = 0
    image = photo()
    dead = asyncio.Event()

    async def citizen(client: httpx.AsyncClient, number: int, session: str) -> None:
        nonlocal refused
        n = 0
        while not dead.is_set():
            n += 1
            try:
                response = await client.post(
                    "/laksa/new",
                    headers={"cookie": f"tl_session={session}; csrftoken={token}"},
                    data={
                        "csrftoken": token, "category": str(category),
                        "title": f"Jalan berlubang, uji {number}-{n}",
                        "description": "Lubang besar di tengah jalan, berbahaya bagi motor.",
                        "kecamatan": "Karawaci", "address": "Jl. Imam Bonjol",
                        "privacy": "public", "latitude": "-6.1767", "longitude": "106.6405",
                    },
                    files={"photos": ("lubang.jpg", image, "image/jpeg")},
                )  # fmt: skip
            except httpx.TransportError:
                return  # the portal is gone: this post was never acknowledged
            location = response.headers.get("location", "")
            if response.status_code == 303 and "/laksa/r/" in location:
                acknowledged.append(location.split("/laksa/r/")[1].split("?")[0])
            else:
                refused += 1

    async def killer() -> None:
        await asyncio.sleep(kill_after)
        kill()
        dead.set()

    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        await asyncio.gather(killer(), *(citizen(client, i, s) for i, s in enumerate(sessions)))
    return acknowledged, refused


def check(database: str, env: dict[str, str], url: str, acknowledged: list[str], refused: int,
          var_dir: Path) -> Outcome:  # fmt: skip
    """The portal's state after the restart, read from its database and upload folder."""
    query_numbers = "SELECT tracking_number FROM laksa_report"
    query_counter = "SELECT coalesce(max(last_number), 0) FROM laksa_tracking_counter"
    query_files = "SELECT key, thumbnail_key FROM core_stored_file"
    if database == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            stored = {row[0] for row in db.execute(query_numbers)}
            counter = db.execute(query_counter).fetchone()[0]
    else:
        stored = set(on_postgres(url, lambda c: c.fetch(query_numbers)))
        stored = {row[0] for row in stored}
        counter = on_postgres(url, lambda c: c.fetchval(query_counter))
    pruned = cli(env, "files", "prune", "--older-than", "0").strip()
    if database == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            rows = list(db.execute(query_files))
    else:
        rows = [tuple(r) for r in on_postgres(url, lambda c: c.fetch(query_files))]
    named = {key for row in rows for key in row if key}
    uploads = var_dir / "uploads"
    on_disk = {p.name for p in uploads.glob("*/*") if p.is_file()} if uploads.is_dir() else set()
    sequence = sorted(int(n.rsplit("-", 1)[1]) for n in stored)
    return Outcome(
        database=database,
        acknowledged=len(acknowledged),
        refused=refused,
        missing=sorted(set(acknowledged) - stored),
        gaps=sorted(set(range(1, (sequence[-1] if sequence else 0) + 1)) - set(sequence)),
        counter=counter,
        highest=sequence[-1] if sequence else 0,
        orphans=len(on_disk - named),
        rows_without_file=len(named - on_disk),
        pruned=pruned,
    )


def run_once(database: str, work: Path, seconds: float, citizens: int, workers: int) -> Outcome:
    var_dir = work / database
    with (
        postgres_database(f"tl_bench_durability_{os.getpid()}")
        if database == "postgres"
        else _nothing(sqlite_url(var_dir))
    ) as url:
        env = portal_env(var_dir, url, PORTAL_PUBLIC_URL="http://127.0.0.1")
        cli(env, "quickstart")
        # Each citizen posts as fast as it can: far past a real citizen's hourly limit.
        python_script(env, str(BENCH_DIR / "portal_data.py"), "set-setting", "laksa",
                      "reports_per_hour", "1000000")  # fmt: skip
        emails = [f"tahan{i}@warga.example" for i in range(citizens)]
        for email in emails:
            python_script(env, str(BENCH_DIR / "portal_data.py"), "create-user", email, PASSWORD,
                          "citizen")  # fmt: skip
        process, base_url = start(env, workers)
        sessions = [sign_in(base_url, email, PASSWORD) for email in emails]
        token = httpx.get(f"{base_url}/login").cookies["csrftoken"]
        first_category = "SELECT min(id) FROM laksa_category WHERE is_active"
        if database == "sqlite":
            with sqlite3.connect(url.removeprefix("sqlite://")) as db:
                category = db.execute(first_category).fetchone()[0]
        else:
            category = on_postgres(url, lambda c: c.fetchval(first_category))

        def kill() -> None:
            os.killpg(process.pid, signal.SIGKILL)

        acknowledged, refused = asyncio.run(
            file_reports(base_url, sessions, token, category, seconds, kill)
        )
        process.wait(timeout=30)
        restarted, _base = start(env, workers)  # the restart must succeed after the kill
        try:
            return check(database, env, url, acknowledged, refused, var_dir)
        finally:
            os.killpg(restarted.pid, signal.SIGTERM)
            restarted.wait(timeout=30)


class _nothing:
    def __init__(self, value: str) -> None:
        self.value = value

    def __enter__(self) -> str:
        return self.value

    def __exit__(self, *exc: object) -> None:
        return None


def report(
    outcomes: list[Outcome], command: str, seconds: float, citizens: int, workers: int
) -> str:
    lines = [
        "",
        "## Durability: kill -9 in the middle of report submissions",
        "",
        f"Command: `{command}`. {citizens} citizens post the report form with a 640×480 photo as "
        f"fast as they can to {workers} worker(s); after {seconds:g} s every portal process gets "
        "SIGKILL; "
        "the portal is started again and checked.",
        "",
        "| database | acknowledged | refused | acknowledged but missing | gaps in numbers | "
        "counter / highest number | orphan files after prune | rows without files | held |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.database} | {o.acknowledged} | {o.refused} | {len(o.missing)} | {len(o.gaps)} "
            f"| {o.counter} / {o.highest} | {o.orphans} | {o.rows_without_file} "
            f"| {'yes' if o.held else 'NO'} |"
        )
    lines += ["", "Prune: " + "; ".join(f"{o.database}: {o.pruned}" for o in outcomes), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="load before the kill")
    parser.add_argument("--citizens", type=int, default=8)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--workers", type=int, default=2, help="uvicorn workers (1 on a machine under heavy load)"
    )
    args = parser.parse_args()
    databases = [args.only] if args.only else ["sqlite", "postgres"]
    command = "python bench/durability.py " + " ".join(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="tl-durability-") as work:
        outcomes = [
            run_once(db, Path(work), args.seconds, args.citizens, args.workers) for db in databases
        ]
    text = report(outcomes, command.strip(), args.seconds, args.citizens, args.workers)
    print(text)
    with RESULTS.open("a") as results:
        results.write(text)
    if not all(o.held for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
