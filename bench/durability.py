"""The kill -9 durability check: citizens file reports with photos while the portal is killed
mid-load, then it is started again and checked.

    .venv/bin/python bench/durability.py [--seconds 6] [--citizens 8] [--only sqlite|postgres]

For SQLite and PostgreSQL in turn: a fresh portal (`quickstart`, two uvicorn workers by default,
PORTAL_ENV=production), citizens posting the report form with a photo as fast as they can, a
SIGKILL to one worker halfway (uvicorn starts another; the citizens go on posting), and a SIGKILL
to every portal process at the end. Then, with the portal started again:

- every tracking number the portal acknowledged (a 303 to the report) is stored;
- the numbers of the year run 1..N without a gap, and the counter stands at N;
- after `tangerang-live files prune --older-than 0`, every file in the upload folder is named by a
  stored-file row and every row's files are there (no orphans either way).

The figures replace the Durability section of bench/results.md, with the command that produced
them and the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image
from run import (
    SignedIn,
    on_postgres,
    postgres_database,
    python_script,
    set_reports_per_hour_to_the_maximum,
    signed_in,
    sqlite_url,
)
from servers import BENCH_DIR, BIN, _wait, cli, free_port, portal_env

PASSWORD = "sandi-uji-tahan-banting"
RESULTS = BENCH_DIR / "results.md"
HEADING = "## Durability: kill -9 in the middle of report submissions"


@dataclass
class Outcome:
    database: str
    acknowledged: int
    refused: Counter[int]
    """Answers other than the report's page, by status."""
    cut_off: int
    """Posts whose connection the first kill broke, while the other worker went on."""
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


def worker_pids(server: int) -> list[int]:
    """The worker processes uvicorn's supervisor ``server`` started (none with one worker)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        if parent == server and b"spawn_main" in command:
            pids.append(int(stat.parent.name))
    return sorted(pids)


async def file_reports(
    base_url: str, citizens: list[SignedIn], category: int, kill_after: float, kills
) -> tuple[list[str], Counter[int], int]:
    """Every citizen posts reports with a photo until the portal dies; each of ``kills`` runs
    after an equal share of ``kill_after`` seconds, the last one killing the whole portal.
    Returns the acknowledged tracking numbers, refused posts, and posts cut off before that."""
    acknowledged: list[str] = []
    refused: Counter[int] = Counter()
    cut_off = 0
    image = photo()
    dead = asyncio.Event()

    async def citizen(client: httpx.AsyncClient, number: int, browser: SignedIn) -> None:
        nonlocal cut_off
        n = 0
        while not dead.is_set():
            n += 1
            try:
                response = await client.post(
                    "/laksa/new",
                    headers={"cookie": browser.cookie},
                    data={
                        "csrftoken": browser.token, "category": str(category),
                        "title": f"Jalan berlubang, uji {number}-{n}",
                        "description": "Lubang besar di tengah jalan, berbahaya bagi motor.",
                        "kecamatan": "Karawaci", "address": "Jl. Imam Bonjol",
                        "privacy": "public", "latitude": "-6.1767", "longitude": "106.6405",
                    },
                    files={"photos": ("lubang.jpg", image, "image/jpeg")},
                )  # fmt: skip
            except httpx.TransportError:
                # Never acknowledged: the portal is gone, or only the worker that had it.
                if dead.is_set():
                    return
                cut_off += 1
                continue
            location = response.headers.get("location", "")
            if response.status_code == 303 and "/laksa/r/" in location:
                acknowledged.append(location.split("/laksa/r/")[1].split("?")[0])
            else:
                refused[response.status_code] += 1

    async def killer() -> None:
        for kill in kills:
            await asyncio.sleep(kill_after / len(kills))
            kill()
        dead.set()

    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        await asyncio.gather(killer(), *(citizen(client, i, c) for i, c in enumerate(citizens)))
    return acknowledged, refused, cut_off


def check(database: str, env: dict[str, str], url: str, acknowledged: list[str],
          refused: Counter[int], cut_off: int, var_dir: Path) -> Outcome:  # fmt: skip
    """The portal's state after the restart, read from its database and upload folder."""
    query_numbers = "SELECT tracking_number FROM laksa_report"
    query_counter = (
        "SELECT coalesce(max(value), 0) FROM core_number_sequence WHERE key = 'laksa.report'"
    )
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
        cut_off=cut_off,
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
        set_reports_per_hour_to_the_maximum(env)
        emails = [f"tahan{i}@warga.example" for i in range(citizens)]
        for email in emails:
            python_script(env, str(BENCH_DIR / "portal_data.py"), "create-user", email, PASSWORD,
                          "citizen")  # fmt: skip
        process, base_url = start(env, workers)
        citizens = [signed_in(base_url, email, PASSWORD) for email in emails]
        first_category = "SELECT min(id) FROM laksa_category WHERE is_active"
        if database == "sqlite":
            with sqlite3.connect(url.removeprefix("sqlite://")) as db:
                category = db.execute(first_category).fetchone()[0]
        else:
            category = on_postgres(url, lambda c: c.fetchval(first_category))

        def kill_one_worker() -> None:
            os.kill(worker_pids(process.pid)[0], signal.SIGKILL)

        def kill_the_portal() -> None:
            os.killpg(process.pid, signal.SIGKILL)

        kills = [kill_one_worker] if workers > 1 else []
        acknowledged, refused, cut_off = asyncio.run(
            file_reports(base_url, citizens, category, seconds, [*kills, kill_the_portal])
        )
        process.wait(timeout=30)
        restarted, _base = start(env, workers)  # the restart must succeed after the kill
        try:
            return check(database, env, url, acknowledged, refused, cut_off, var_dir)
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
    outcomes: list[Outcome],
    command: str,
    seconds: float,
    citizens: int,
    workers: int,
    load: tuple[float, float],
) -> str:
    first_kill = (
        f"after {seconds / 2:g} s one worker gets SIGKILL (uvicorn starts another, the citizens go "
        f"on posting), after {seconds:g} s "
        if workers > 1
        else f"after {seconds:g} s "
    )
    lines = [
        HEADING,
        "",
        f"Command: `{command}`. {citizens} citizens post the report form with a 640×480 photo as "
        f"fast as they can to {workers} worker(s); {first_kill}every portal process gets SIGKILL; "
        "the portal is started again and checked. Load average (1 min) on the machine's "
        f"{os.cpu_count()} cores: {load[0]:.1f} at the start, {load[1]:.1f} at the end.",
        "",
        "| database | acknowledged | refused | cut off by the worker's kill | "
        "acknowledged but missing | gaps in numbers | counter / highest number | "
        "orphan files after prune | rows without files | held |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.database} | {o.acknowledged} | {statuses(o.refused)} | {o.cut_off} "
            f"| {len(o.missing)} "
            f"| {len(o.gaps)} | {o.counter} / {o.highest} | {o.orphans} | {o.rows_without_file} "
            f"| {'yes' if o.held else 'NO'} |"
        )
    lines += ["", "Prune: " + "; ".join(f"{o.database}: {o.pruned}" for o in outcomes), ""]
    return "\n".join(lines)


def statuses(counts: Counter[int]) -> str:
    return ", ".join(f"{n} × {status}" for status, n in sorted(counts.items())) or "0"


def replace_section(results: str, section: str) -> str:
    """``results`` with its Durability section(s) replaced by ``section`` (at the first one's
    place; at the end when there was none)."""
    parts = re.split(r"(?m)^(?=## )", results)
    at = next((i for i, part in enumerate(parts) if part.startswith(HEADING)), len(parts))
    after = [part for part in parts[at:] if not part.startswith(HEADING)]
    return "".join([*parts[:at], section + "\n", *after])


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
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="tl-durability-") as work:
        outcomes = [
            run_once(db, Path(work), args.seconds, args.citizens, args.workers) for db in databases
        ]
    load = (load_at_start, os.getloadavg()[0])
    text = report(outcomes, command.strip(), args.seconds, args.citizens, args.workers, load)
    print(text)
    RESULTS.write_text(replace_section(RESULTS.read_text(), text))
    if not all(o.held for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
