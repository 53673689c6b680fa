"""SIAP Kerja vacancy search (words + filters) over 100,000 vacancies, on SQLite and PostgreSQL,
against the bare reference (``siap_kerja_reference.py``) doing the same query and page.

    python bench/siap_kerja_search.py            full run; appends its table to bench/results.md
    python bench/siap_kerja_search.py --quick    20,000 vacancies, one-second rounds, print only

Measured like every benchmark here (see README.md): interleaved wrk rounds after a warm-up, the
median ratio of requests per second with its range, the portal's p50 and p99, and both pages'
HTML sizes. Goal: ≥ 0.8×.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from load import require_wrk
from run import (
    FULL,
    QUICK,
    Row,
    compare,
    machine,
    postgres_database,
    reference_env,
    sqlite_url,
    table,
)
from servers import BENCH_DIR, BIN, _running, cli, free_port, portal_env, portal_server

COUNT = {"full": 100_000, "quick": 20_000}
QUERIES = {
    "words + kecamatan + type": (
        "/siap-kerja/?q=operator+produksi&kecamatan=36.71.07&type=FULL_TIME"
    ),
    "word + salary + schooling": "/siap-kerja/?q=kasir&salary=4000000&education=3",
}


def reference_server(env: dict[str, str]):
    port = free_port()
    command = [
        str(BIN / "uvicorn"), "siap_kerja_reference:app", "--app-dir", str(BENCH_DIR),
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    return _running(command, env, port)


def search_rows(work: Path, profile, database: str, count: int) -> list[Row]:
    var_dir = work / f"siap-kerja-{database}"
    with contextlib.ExitStack() as stack:
        url = (
            sqlite_url(var_dir)
            if database == "sqlite"
            else stack.enter_context(postgres_database(f"tl_bench_sk_{os.getpid()}"))
        )
        env = portal_env(var_dir, url)
        cli(env, "quickstart")
        subprocess.run(
            [sys.executable, str(BENCH_DIR / "siap_kerja_data.py"), str(count)],
            env=env,
            check=True,
        )
        ref_env = reference_env(env, work, url)
        with portal_server(env) as portal, reference_server(ref_env) as reference:
            return [
                compare(
                    f"SIAP Kerja search, {count:,} vacancies on {database}, {name}",
                    path,
                    portal,
                    reference,
                    profile,
                    0.8,
                )
                for name, path in QUERIES.items()
            ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    require_wrk()
    profile = QUICK if args.quick else FULL
    count = COUNT["quick" if args.quick else "full"]
    started = time.monotonic()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="tl-bench-sk-") as work:
        for database in [args.only] if args.only else ["sqlite", "postgres"]:
            print(f"running SIAP Kerja search on {database} …", flush=True)
            rows += search_rows(Path(work), profile, database, count)
    report = (
        f"Machine: {machine()}. Rounds: {profile.rounds} × {profile.seconds:g} s per side, "
        f"{profile.connections} connections, wrk. Took {time.monotonic() - started:.0f} s.\n\n"
        f"{table(rows)}\n"
    )
    print(report)
    if not args.quick:
        command = "python bench/siap_kerja_search.py" + (
            f" --only {args.only}" if args.only else ""
        )
        with (BENCH_DIR / "results.md").open("a") as results:
            results.write(f"\n## SIAP Kerja vacancy search\n\nCommand: `{command}`\n\n{report}")


if __name__ == "__main__":
    main()
