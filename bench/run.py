"""Benchmarks of Tangerang LIVE: the portal against a bare reference, measured in the same run.

    python bench/run.py            full run, writes bench/results.md
    python bench/run.py --quick    under three minutes, prints the table only

Every figure with a reference is measured interleaved (portal, reference, portal, reference …) and
reported as the median ratio of requests per second with its range over the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from load import Comparison, LoadResult, interleave, require_wrk, run_wrk
from servers import BENCH_DIR, cli, portal_env, portal_server, reference_server

ROOT = BENCH_DIR.parent
RPS = "requests_per_second"
T = TypeVar("T")
CITIZEN = ("warga.beban@example.org", "sandi-uji-beban-panjang")


@dataclass
class Profile:
    rounds: int
    seconds: int
    """Per round and side; whole seconds, as wrk takes no fractions."""
    connections: int = 32
    plugins_many: int = 200
    plugins_enabled: int = 100
    reports_sqlite: int = 200_000
    reports_postgres: int = 1_000_000
    startup_samples: int = 3


# Quick: fewer and shorter rounds and a smaller crowd of plugins (building 200 plugin wheels alone
# takes minutes on a fresh machine); the full run uses the sizes the goals are stated for.
QUICK = Profile(
    rounds=3,
    seconds=1,
    plugins_many=24,
    plugins_enabled=12,
    reports_sqlite=50_000,
    reports_postgres=100_000,
    startup_samples=1,
)
FULL = Profile(rounds=5, seconds=8)
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


@dataclass
class Row:
    scenario: str
    ratio: str = ""
    portal: str = ""
    reference: str = ""
    p50: str = ""
    p99: str = ""
    goal: str = ""
    met: str = ""
    notes: list[str] = field(default_factory=list)


def describe(
    comparison: Comparison, goal: float, *, p50_goal_ms: float | None = None
) -> dict[str, str]:
    ratios = comparison.ratios
    p50 = Comparison.median_of(comparison.portal, "p50_ms")
    met = comparison.ratio >= goal and (p50_goal_ms is None or p50 <= p50_goal_ms)
    errors = sum(r.errors for r in comparison.portal + comparison.reference)
    return {
        "ratio": f"{comparison.ratio:.2f}× ({min(ratios):.2f}–{max(ratios):.2f})",
        "portal": f"{Comparison.median_of(comparison.portal, RPS):.0f} req/s",
        "reference": f"{Comparison.median_of(comparison.reference, RPS):.0f} req/s",
        "p50": f"{p50:.1f} ms",
        "p99": f"{Comparison.median_of(comparison.portal, 'p99_ms'):.1f} ms",
        "met": ("yes" if met and not errors else "NO") + (f" ({errors} errors)" if errors else ""),
    }


def wrk_runner(
    url: str, profile: Profile, headers: dict[str, str] | None = None
) -> Callable[[], LoadResult]:
    return lambda: run_wrk(
        url, seconds=profile.seconds, connections=profile.connections, headers=headers
    )


def python_script(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True)


@dataclass(frozen=True)
class SignedIn:
    """A browser after signing in: its session and the CSRF token issued after the sign-in (which
    drops the token sent with it, as a browser's next page shows)."""

    session: str
    token: str

    @property
    def cookie(self) -> str:
        """The ``Cookie`` header such a browser sends."""
        return f"tl_session={self.session}; csrftoken={self.token}"


def signed_in(base_url: str, email: str, password: str) -> SignedIn:
    """Sign in like a browser, then open the home page for the token to post forms with.

    Cookies are carried by hand: in production they are marked Secure, and the benchmark talks
    plain HTTP on loopback as a TLS-terminating load balancer would.
    """
    token = httpx.get(f"{base_url}/login").cookies["csrftoken"]
    response = httpx.post(
        f"{base_url}/login",
        data={"identifier": email, "email": email, "password": password, "csrftoken": token},
        headers={"cookie": f"csrftoken={token}"},
    )
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed with {response.status_code}")
    session = response.cookies["tl_session"]
    home = httpx.get(f"{base_url}/", headers={"cookie": f"tl_session={session}"})
    return SignedIn(session, home.cookies["csrftoken"])


def sign_in(base_url: str, email: str, password: str) -> str:
    """The session cookie value of ``signed_in`` (for benchmarks that only read pages)."""
    return signed_in(base_url, email, password).session


def reference_env(env: dict[str, str], work: Path, database_url: str) -> dict[str, str]:
    """The reference's environment: same database and key, and the portal's data as JSON."""
    python_script(env, str(BENCH_DIR / "portal_data.py"), "create-user", *CITIZEN, "citizen")
    data_file = work / "portal-data.json"
    python_script(env, str(BENCH_DIR / "portal_data.py"), str(data_file), CITIZEN[0])
    data = json.loads(data_file.read_text())
    catalogs = [ROOT / "core/tangerang_live/locale/id/LC_MESSAGES/messages.po"]
    catalogs += ROOT.glob("plugins/*/*/locale/id/LC_MESSAGES/messages.po")
    return {
        **env,
        "DATABASE_URL": database_url,
        "BENCH_DATA": str(data_file),
        "BENCH_TEMPLATE_DIRS": os.pathsep.join(data["template_dirs"]),
        "BENCH_CATALOG": os.pathsep.join(str(c) for c in catalogs),
    }


def sqlite_url(var_dir: Path) -> str:
    return f"sqlite://{(var_dir / 'portal.sqlite3').resolve()}"


def compare(name: str, path: str, portal, reference, profile: Profile, goal: float, **extra) -> Row:
    """One interleaved comparison of ``path`` on both servers, with the HTML sizes noted."""
    headers = extra.pop("headers", None)
    sizes = [
        len(httpx.get(f"{server.base_url}{path}", headers=headers).content)
        for server in (portal, reference)
    ]
    comparison = interleave(
        wrk_runner(f"{portal.base_url}{path}", profile, headers),
        wrk_runner(f"{reference.base_url}{path}", profile, headers),
        profile.rounds,
    )
    row = Row(
        name,
        goal=f"≥ {goal}×" + extra.get("goal_suffix", ""),
        **describe(comparison, goal, p50_goal_ms=extra.get("p50_goal_ms")),
    )
    row.notes.append(
        f"HTML {sizes[0]} vs {sizes[1]} bytes ({100 * (sizes[0] / sizes[1] - 1):+.1f} %)"
    )
    return row


def home_pages(work: Path, profile: Profile) -> list[Row]:
    env = portal_env(work / "home")
    cli(env, "quickstart")
    ref_env = reference_env(env, work, sqlite_url(work / "home"))
    rows = []
    with portal_server(env) as portal, reference_server(ref_env) as reference:
        citizen = signed_in(portal.base_url, *CITIZEN)
        rows.append(compare("home page, anonymous", "/", portal, reference, profile, 0.8))
        rows.append(
            compare(
                "home page, signed-in citizen", "/", portal, reference, profile, 0.7,
                headers={"Cookie": citizen.cookie},
            )
        )  # fmt: skip
        rows.append(
            Row("memory: one worker after the home runs", portal=f"{portal.rss_mib():.0f} MiB RSS")
        )
    return rows


def generated_plugins(count: int) -> Path:
    """``count`` plugins made with ``tangerang-live new-plugin`` and installed with pip, cached."""
    cache = BENCH_DIR / ".cache" / f"plugins-{count}"
    if (cache / "done").exists():
        return cache / "site"
    shutil.rmtree(cache, ignore_errors=True)
    (cache / "src").mkdir(parents=True)
    for n in range(count):
        cli(
            portal_env(cache / "var"),
            "new-plugin",
            f"bench_p{n:03d}",
            "--directory",
            str(cache / "src"),
        )
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
            "--target", str(cache / "site"), *sorted(str(p) for p in (cache / "src").iterdir()),
        ],
        check=True,
    )  # fmt: skip
    (cache / "done").touch()
    return cache / "site"


def plugin_scaling(work: Path, profile: Profile) -> list[Row]:
    sites = {4: generated_plugins(4), profile.plugins_many: generated_plugins(profile.plugins_many)}
    envs = {}
    for count, site in sites.items():
        env = portal_env(work / f"plugins-{count}", PYTHONPATH=str(site))
        cli(env, "migrate")
        enabled = min(count, profile.plugins_enabled)
        cli(env, "plugins", "enable", *[f"bench_p{n:03d}" for n in range(enabled)])
        envs[count] = env
    url_path = "/bench-p000/"
    many = profile.plugins_many
    with portal_server(envs[many]) as crowded, portal_server(envs[4]) as few:
        comparison = interleave(
            wrk_runner(crowded.base_url + url_path, profile),
            wrk_runner(few.base_url + url_path, profile),
            profile.rounds,
        )
        row = Row(
            f"plugin page, {many} vs 4 plugins installed",
            goal="≥ 0.9×",
            **describe(comparison, 0.9),
        )
        row.reference = row.reference.replace("req/s", "req/s (4 plugins)")
        row.notes.append(f"{profile.plugins_enabled} of {many} enabled")
        starts = {}
    for count in (4, many):
        times = []
        for _ in range(profile.startup_samples):
            with portal_server(envs[count]) as server:
                times.append(server.started_in)
        starts[count] = statistics.median(times)
    return [
        row,
        Row(
            f"start-up with {many} plugins installed",
            portal=f"{starts[many]:.2f} s",
            reference=f"{starts[4]:.2f} s (4 plugins)",
            notes=[f"launch to first 200 from /healthz, median of {profile.startup_samples}"],
        ),
    ]


async def _streak_after(
    base_url: str, path: str, status: int, since: float, streak_needed: int
) -> tuple[float, int]:
    """Seconds from ``since`` until ``path`` answered ``status`` ``streak_needed`` times in a row on
    fresh connections, with 8 requests in flight; also how many 5xx answers were seen."""
    server_errors = 0
    streak, started = 0, None
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10) as client:
        while time.monotonic() - since < 15:
            answers = await asyncio.gather(*(client.get(path) for _ in range(8)))
            for answer in answers:
                server_errors += answer.status_code >= 500
                if answer.status_code == status:
                    if streak == 0:
                        started = time.monotonic()
                    streak += 1
                else:
                    streak = 0
            if streak >= streak_needed:
                return started - since, server_errors
    raise TimeoutError(f"{path} did not settle on {status}")


def toggle_propagation(work: Path, profile: Profile) -> list[Row]:
    site = generated_plugins(4)
    env = portal_env(work / "toggle", PYTHONPATH=str(site))
    cli(env, "migrate")
    cli(env, "plugins", "enable", "bench_p000")
    disable_times, enable_times, errors = [], [], 0
    with portal_server(env, workers=4) as portal:
        # Long enough for any run; stopped as soon as the toggles are measured.
        load = subprocess.Popen(
            ["wrk", "-t1", "-c16", "-d10m", f"{portal.base_url}/bench-p000/"],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(profile.rounds):
                cli(env, "plugins", "disable", "bench_p000")
                seconds, bad = asyncio.run(
                    _streak_after(portal.base_url, "/bench-p000/", 404, time.monotonic(), 80)
                )
                disable_times.append(seconds)
                errors += bad
                cli(env, "plugins", "enable", "bench_p000")
                seconds, bad = asyncio.run(
                    _streak_after(portal.base_url, "/bench-p000/", 200, time.monotonic(), 80)
                )
                enable_times.append(seconds)
                errors += bad
        finally:
            load.terminate()
            load.wait()
    worst = max(disable_times + enable_times)
    return [
        Row(
            "toggle reaches all 4 workers under load (CLI in another process)",
            portal=(
                f"disable {statistics.median(disable_times):.2f} s, "
                f"enable {statistics.median(enable_times):.2f} s"
            ),
            p99=f"worst {worst:.2f} s",
            goal="≤ 2 s, no 5xx",
            met="yes" if worst <= 2.0 and errors == 0 else f"NO ({errors} 5xx)",
            notes=[
                f"{profile.rounds} rounds, each settled when 80 answers in a row on fresh "
                "connections agreed; wrk kept 16 connections busy meanwhile"
            ],
        )
    ]


def on_postgres(url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``work`` with a fresh asyncpg connection to ``url``, closed afterwards."""
    import asyncpg

    async def run() -> T:
        connection = await asyncpg.connect(url)
        try:
            return await work(connection)
        finally:
            await connection.close()

    return asyncio.run(run())


@contextlib.contextmanager
def postgres_database(name: str):
    """A throwaway PostgreSQL database on BENCH_POSTGRES's server, dropped afterwards."""
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    on_postgres(POSTGRES_SERVER, lambda c: c.execute(drop))
    on_postgres(POSTGRES_SERVER, lambda c: c.execute(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{name}"
    finally:
        on_postgres(POSTGRES_SERVER, lambda c: c.execute(drop))


def laksa_list(work: Path, profile: Profile, database: str) -> list[Row]:
    var_dir = work / f"laksa-{database}"
    count = profile.reports_sqlite if database == "sqlite" else profile.reports_postgres
    with contextlib.ExitStack() as stack:
        url = (
            sqlite_url(var_dir)
            if database == "sqlite"
            else stack.enter_context(postgres_database(f"tl_bench_{os.getpid()}"))
        )
        env = portal_env(var_dir, url)
        cli(env, "quickstart")
        subprocess.run(
            [sys.executable, str(BENCH_DIR / "laksa_data.py"), url, str(count)], check=True
        )
        ref_env = reference_env(env, work, url)
        with portal_server(env) as portal, reference_server(ref_env) as reference:
            label = f"LAKSA public list, {count:,} reports on {database}"
            pages = {"page 1": "/laksa/", "deep page": "/laksa/?after=2000"}
            return [
                compare(
                    f"{label}, {page}",
                    path,
                    portal,
                    reference,
                    profile,
                    0.8,
                    p50_goal_ms=50,
                    goal_suffix=", p50 < 50 ms",
                )  # fmt: skip
                for page, path in pages.items()
            ]


async def _submit_reports(
    base_url: str, citizens: list[SignedIn], category: int, seconds: float
) -> tuple[list[str], int, float]:
    """Post report forms as fast as the citizens can, one at a time each; return the tracking
    numbers the portal acknowledged, the number of refused posts, and the seconds taken."""
    acknowledged: list[str] = []
    refused = 0
    started = time.monotonic()

    async def post_as(client: httpx.AsyncClient, worker: int, browser: SignedIn) -> None:
        nonlocal refused
        n = 0
        while time.monotonic() - started < seconds:
            n += 1
            response = await client.post(
                "/laksa/new",
                headers={"cookie": browser.cookie},
                data={
                    "csrftoken": browser.token, "category": str(category),
                    "title": f"Lampu jalan mati, uji {worker}-{n}",
                    "description": "Lampu penerangan jalan umum mati sejak kemarin malam.",
                    "kecamatan": "Karawaci", "address": "Jl. Imam Bonjol", "privacy": "public",
                    "latitude": "-6.1767", "longitude": "106.6405",
                },
            )  # fmt: skip
            location = response.headers.get("location", "")
            if response.status_code == 303 and "/laksa/r/" in location:
                acknowledged.append(location.split("/laksa/r/")[1].split("?")[0])
            else:
                refused += 1

    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        await asyncio.gather(*(post_as(client, w, c) for w, c in enumerate(citizens)))
    return acknowledged, refused, time.monotonic() - started


def set_reports_per_hour_to_the_maximum(env: dict[str, str]) -> None:
    """Each citizen posts as fast as it can: far past a real citizen's hourly limit. The highest
    an admin may set (a value past it would read as the default, 10)."""
    python_script(env, str(BENCH_DIR / "portal_data.py"), "set-setting", "laksa",
                  "reports_per_hour", "1000")  # fmt: skip


def laksa_submission(work: Path, profile: Profile) -> list[Row]:
    var_dir = work / "submit"
    with postgres_database(f"tl_bench_submit_{os.getpid()}") as url:
        env = portal_env(var_dir, url)
        cli(env, "quickstart")
        emails = [f"warga.kirim{n}@example.org" for n in range(16)]
        for email in emails:
            python_script(env, str(BENCH_DIR / "portal_data.py"), "create-user", email,
                          CITIZEN[1], "citizen")  # fmt: skip
        set_reports_per_hour_to_the_maximum(env)
        category = on_postgres(url, lambda c: c.fetchval("SELECT min(id) FROM laksa_category"))
        with portal_server(env) as portal:
            citizens = [signed_in(portal.base_url, email, CITIZEN[1]) for email in emails]
            numbers, refused, took = asyncio.run(
                _submit_reports(portal.base_url, citizens, category, profile.seconds * 3)
            )
        stored = on_postgres(
            url,
            lambda c: c.fetchval(
                "SELECT count(*) FROM laksa_report WHERE tracking_number = ANY($1::text[])", numbers
            ),
        )
    unique = len(set(numbers))
    return [
        Row(
            "LAKSA report submission on postgres (form post, no photo)",
            portal=f"{len(numbers) / took:.0f} reports/s",
            goal="every acknowledged number stored, none twice",
            met="yes" if stored == unique == len(numbers) and not refused else "NO",
            notes=[
                f"{len(numbers)} acknowledged in {took:.0f} s by 16 concurrent citizens, "
                f"{stored} found afterwards, {len(numbers) - unique} duplicates, {refused} refused"
            ],
        )
    ]


SCENARIOS: dict[str, Callable[[Path, Profile], list[Row]]] = {
    "home": home_pages,
    "laksa-sqlite": lambda work, profile: laksa_list(work, profile, "sqlite"),
    "laksa-postgres": lambda work, profile: laksa_list(work, profile, "postgres"),
    "laksa-submit": laksa_submission,
    "plugins": plugin_scaling,
    "toggle": toggle_propagation,
}


def table(rows: list[Row]) -> str:
    lines = [
        "| scenario | portal ÷ reference | portal | reference | p50 | p99 | goal | met | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [r.scenario, r.ratio, r.portal, r.reference, r.p50, r.p99, r.goal, r.met]
        lines.append("| " + " | ".join([*cells, "; ".join(r.notes)]) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    require_wrk()
    profile = QUICK if args.quick else FULL
    rows: list[Row] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tl-bench-") as work:
        for name in args.only or SCENARIOS:
            print(f"running {name} …", flush=True)
            rows += SCENARIOS[name](Path(work), profile)
    report = (
        f"Machine: {machine()}. Rounds: {profile.rounds} × {profile.seconds:g} s per side, "
        f"{profile.connections} connections, wrk. Took {time.monotonic() - started:.0f} s.\n\n"
        f"{table(rows)}\n"
    )
    print(report)
    if not args.quick:
        command = (
            "make bench" if not args.only else f"python bench/run.py --only {' '.join(args.only)}"
        )
        results = BENCH_DIR / "results.md"
        results.write_text(f"# Benchmark results\n\nCommand: `{command}`\n\n{report}")


if __name__ == "__main__":
    main()
