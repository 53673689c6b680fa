"""Simpati RS at 07:00: the booking rush and the waiting-room boards, on PostgreSQL.

    python bench/simpati_rs_rush.py [--workers 4] [--requests 2000] [--sessions 40] [--quick]

1. The rush: ``--requests`` booking forms posted at once over ``--sessions`` sessions of
   tomorrow (quota 30, 20 of them JKN: fewer places than requests), by 50 signed-in citizens
   booking for family members, some patients sent twice, to ``tangerang-live serve --workers N``.
   Reported: bookings per second, p50/p99 of a booking request, and the exact-quota check read
   back from the database (every session at most its quota, JKN at most its share, queue numbers
   1..n without gap or repeat, no patient twice, every acknowledged booking stored).
2. The boards: 500 waiting-room screens polling a polyclinic's board fragment (wrk, 500
   connections) against the same workers. 500 screens every 2 s need 250 requests/s; reported
   are the requests/s served, p50 and p99, and the headroom over that need.

Set-up (``setup``) runs inside the portal's environment and may use its code.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from load import require_wrk, run_wrk
from run import machine, on_postgres, postgres_database, python_script, sign_in
from servers import BENCH_DIR, cli, portal_env, portal_server

CITIZENS = 50
PASSWORD = "sandi-uji-beban-panjang"
QUOTA, JKN_QUOTA = 30, 20
SCREENS = 500
CONNECTIONS = 100
POLL_SECONDS = 2


async def _setup(out: Path, sessions: int) -> None:
    from simpati_rs.models import HOSPITAL_KIND, Doctor, Polyclinic, PracticeSession
    from tangerang_live import User, city_today, create_organisation
    from tangerang_live.app import create_app
    from tangerang_live.auth import hash_password

    app = create_app()
    async with app.router.lifespan_context(app):
        hospital = await create_organisation(
            "simpati_rs", HOSPITAL_KIND, "RS Uji Beban", code="rs-uji-beban"
        )
        day = city_today() + timedelta(days=1)
        ids = []
        polyclinics = []
        for p in range(sessions // 4 or 1):
            polyclinic = await Polyclinic.create(
                hospital=hospital, code=f"poli-{p}", name_id=f"Poli {p}", name_en=f"Clinic {p}"
            )
            polyclinics.append(polyclinic.id)
        for s in range(sessions):
            polyclinic_id = polyclinics[s % len(polyclinics)]
            doctor = await Doctor.create(polyclinic_id=polyclinic_id, name=f"dr. Uji {s}")
            session = await PracticeSession.create(
                polyclinic_id=polyclinic_id,
                doctor=doctor,
                weekday=day.weekday(),
                starts_minute=8 * 60 + (s % 3) * 60,
                ends_minute=12 * 60 + (s % 3) * 60,
                quota=QUOTA,
                jkn_quota=JKN_QUOTA,
            )
            ids.append(session.id)
        emails = []
        password_hash = hash_password(PASSWORD)
        for c in range(CITIZENS):
            email = f"warga.antre{c}@example.org"
            await User.create(
                email=email,
                full_name=f"Warga Antre {c}",
                password_hash=password_hash,
                role="citizen",
            )
            emails.append(email)
        out.write_text(
            json.dumps(
                {
                    "sessions": ids,
                    "day": day.isoformat(),
                    "citizens": emails,
                    "board": polyclinics[0],
                }
            )
        )


def _patients(requests: int, rng: random.Random) -> list[tuple[int, bool]]:
    """``(serial, is_jkn)`` per request: about one in eight is a patient sending again."""
    distinct = requests * 7 // 8
    jkn = {serial: rng.random() < 0.6 for serial in range(1, distinct + 1)}
    chosen = list(jkn) + [rng.randint(1, distinct) for _ in range(requests - distinct)]
    rng.shuffle(chosen)
    return [(serial, jkn[serial]) for serial in chosen]


def _signed_in(base_url: str, email: str) -> tuple[str, str]:
    """A citizen's session cookie and the CSRF token their browser holds next: signing in drops
    the sign-in page's token, and the first page after it issues a new one."""
    cookie = sign_in(base_url, email, PASSWORD)
    page = httpx.get(f"{base_url}/simpati-rs/saya", headers={"cookie": f"tl_session={cookie}"})
    if page.status_code != 200 or "csrftoken" not in page.cookies:
        raise RuntimeError(f"{email}: no page after signing in ({page.status_code})")
    return page.cookies.get("tl_session", cookie), page.cookies["csrftoken"]


def _form(session: int, day: str, serial: int, jkn: bool, token: str) -> dict[str, str]:
    # Born 1 January 1980 + serial days: NIK and date of birth agree, every patient differs.
    born = date(1980, 1, 1) + timedelta(days=serial % 9000)
    nik = f"367101{born:%d%m%y}{serial % 9999 + 1:04d}"
    return {
        "csrftoken": token, "session": str(session), "day": day,
        "patient_name": f"Pasien {serial}", "nik": nik, "born": born.isoformat(),
        "payer": "jkn" if jkn else "general",
        "jkn_number": f"{serial:013d}" if jkn else "", "referral": f"RJK-{serial}" if jkn else "",
    }  # fmt: skip


async def _rush(base_url: str, setup: dict, people: list[tuple[str, str]], requests: int):
    rng = random.Random(7)
    plan = _patients(requests, rng)
    sessions = setup["sessions"]
    latencies: list[float] = []
    acknowledged: list[str] = []
    refused = errors = 0
    # All requests are released at once; CONNECTIONS of them are on the wire at any moment, as
    # behind a load balancer (one pool with thousands of queued requests costs the client more
    # than the portal).
    gate = asyncio.Semaphore(CONNECTIONS)
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:

        async def one(i: int, serial: int, jkn: bool) -> None:
            async with gate:
                await send(serial, jkn)

        async def send(serial: int, jkn: bool) -> None:
            nonlocal refused, errors
            # A patient is always booked into the same session, so repeats are real duplicates.
            session = sessions[serial % len(sessions)]
            cookie, token = people[serial % len(people)]
            started = time.monotonic()
            try:
                response = await client.post(
                    "/simpati-rs/daftar",
                    data=_form(session, setup["day"], serial, jkn, token),
                    headers={"cookie": f"tl_session={cookie}; csrftoken={token}"},
                )
            except httpx.TransportError:
                # A dropped connection is a failed request to report, not the end of the run.
                errors += 1
                return
            latencies.append(time.monotonic() - started)
            if response.status_code == 303 and "/simpati-rs/b/" in response.headers["location"]:
                acknowledged.append(response.headers["location"].split("/b/")[1].split("?")[0])
            elif response.status_code == 422:
                refused += 1
            else:
                errors += 1

        started = time.monotonic()
        await asyncio.gather(*(one(i, s, j) for i, (s, j) in enumerate(plan)))
        took = time.monotonic() - started
    return acknowledged, refused, errors, latencies, took, plan


def _check(url: str, acknowledged: list[str]) -> list[str]:
    """Every invariant of the issue, read back from the database: the problems found."""

    async def read(connection):
        rows = await connection.fetch(
            "SELECT session_id, number, nik, payer, status, code FROM simpati_rs_booking"
        )
        sessions = await connection.fetch("SELECT id, quota, jkn_quota FROM simpati_rs_session")
        return rows, sessions

    rows, sessions = on_postgres(url, read)
    quota = {s["id"]: (s["quota"], s["jkn_quota"]) for s in sessions}
    problems = []
    by_session: dict[int, list] = {}
    for row in rows:
        by_session.setdefault(row["session_id"], []).append(row)
    for session_id, bookings in by_session.items():
        numbers = sorted(b["number"] for b in bookings)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"session {session_id}: numbers {numbers[:5]}… not 1..n")
        active = [b for b in bookings if b["status"] != "cancelled"]
        jkn = [b for b in active if b["payer"] == "jkn"]
        if len(active) > quota[session_id][0] or len(jkn) > quota[session_id][1]:
            problems.append(f"session {session_id}: {len(active)} booked, {len(jkn)} JKN")
        if len({b["nik"] for b in active}) != len(active):
            problems.append(f"session {session_id}: a patient twice")
    stored = {r["code"] for r in rows}
    missing = [c for c in acknowledged if c not in stored]
    if missing:
        problems.append(f"{len(missing)} acknowledged bookings not stored")
    if len(set(acknowledged)) != len(acknowledged):
        problems.append("a booking code acknowledged twice")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="run", choices=["run", "setup"])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=10, help="of board polling")
    args = parser.parse_args()
    if args.mode == "setup":
        asyncio.run(_setup(args.out, args.sessions))
        return
    require_wrk()
    with (
        tempfile.TemporaryDirectory(prefix="tl-bench-srs-") as work,
        postgres_database(f"tl_bench_srs_{os.getpid()}") as url,
    ):
        env = portal_env(Path(work), url)
        cli(env, "migrate")
        cli(env, "plugins", "enable", "simpati_rs")
        setup_file = Path(work) / "setup.json"
        python_script(
            env, __file__, "setup", "--out", str(setup_file), "--sessions", str(args.sessions)
        )
        setup = json.loads(setup_file.read_text())
        with portal_server(env, workers=args.workers) as portal:
            people = [_signed_in(portal.base_url, email) for email in setup["citizens"]]
            load_before = os.getloadavg()[0]
            acknowledged, refused, errors, latencies, took, plan = asyncio.run(
                _rush(portal.base_url, setup, people, args.requests)
            )
            board = run_wrk(
                f"{portal.base_url}/simpati-rs/antrean/{setup['board']}/live",
                seconds=args.seconds,
                connections=SCREENS,
            )
            load_after = os.getloadavg()[0]
        problems = _check(url, acknowledged)
    patients = {s for s, _j in plan}
    capacity = QUOTA * args.sessions
    quantiles = statistics.quantiles(latencies, n=100)
    need = SCREENS / POLL_SECONDS
    served = board.requests_per_second
    print(
        f"## Simpati RS: the 07:00 rush and the queue boards\n\n"
        f"Command: `python bench/simpati_rs_rush.py --workers {args.workers} "
        f"--requests {args.requests} --sessions {args.sessions}`\n\n"
        f"Machine: {machine()}. PostgreSQL, `tangerang-live serve --workers {args.workers}`. "
        f"Load average (1 min) when the rush started: {load_before:.1f}, when the boards' run "
        f"ended: {load_after:.1f}.\n\n"
        f"| what | figure |\n|---|---|\n"
        f"| booking requests | {args.requests:,} at once over {CONNECTIONS} connections, "
        f"{len(patients):,} patients, "
        f"{args.sessions} sessions × quota {QUOTA} ({JKN_QUOTA} JKN) = {capacity:,} places |\n"
        f"| bookings acknowledged | {len(acknowledged):,} in {took:.1f} s: "
        f"**{len(acknowledged) / took:.0f} bookings/s** ({args.requests / took:.0f} requests/s) |\n"
        f"| refused (full, JKN full, duplicate) | {refused:,}; other answers: {errors} |\n"
        f"| booking request latency | p50 {quantiles[49] * 1000:.0f} ms, "
        f"**p99 {quantiles[98] * 1000:.0f} ms** |\n"
        f"| exact-quota check afterwards | "
        f"{'**passed**' if not problems else 'FAILED: ' + '; '.join(problems)} |\n"
        f"| board fragment, {SCREENS} screens polling | **{served:.0f} requests/s**, "
        f"p50 {board.p50_ms:.0f} ms, p99 {board.p99_ms:.0f} ms, {board.errors} errors; "
        f"{SCREENS} screens every {POLL_SECONDS} s need {need:.0f}/s: "
        f"{served / need:.1f}× headroom |\n"
    )
    sys.exit(1 if problems or errors else 0)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH_DIR))
    main()
