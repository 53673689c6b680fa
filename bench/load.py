"""Driving a server with wrk and turning its output into numbers."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

WRK = "wrk"


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    """Socket errors plus non-2xx/3xx answers: a benchmark with errors measured the wrong thing."""


def require_wrk() -> None:
    if shutil.which(WRK) is None:
        raise SystemExit("wrk is missing: `apt-get install -y wrk` (make bench does this)")


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> LoadResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return LoadResult(rps, p50, p99, errors)


def run_wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: dict[str, str] | None = None,
    threads: int = 2,
) -> LoadResult:
    command = [
        WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
    ]  # fmt: skip
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


@dataclass(frozen=True)
class Comparison:
    """Portal against reference, measured in alternating rounds (A B A B …)."""

    portal: list[LoadResult]
    reference: list[LoadResult]

    @property
    def ratios(self) -> list[float]:
        return [
            p.requests_per_second / r.requests_per_second
            for p, r in zip(self.portal, self.reference, strict=True)
        ]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @staticmethod
    def median_of(results: list[LoadResult], field: str) -> float:
        return statistics.median(getattr(r, field) for r in results)


def interleave(
    portal: Callable[[], LoadResult], reference: Callable[[], LoadResult], rounds: int
) -> Comparison:
    # One uncounted round each first: caches, lazily compiled templates and the database's pages
    # warm up there, not in the first measured round (which matters most for short rounds).
    portal()
    reference()
    portal_results, reference_results = [], []
    for _ in range(rounds):
        portal_results.append(portal())
        reference_results.append(reference())
    return Comparison(portal_results, reference_results)
