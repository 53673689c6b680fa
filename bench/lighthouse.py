"""`make lighthouse`: Lighthouse's mobile audit of the portal's main pages, written to
docs/lighthouse.md.

The portal runs as an operator runs it (`PORTAL_ENV=production`, demo data from `quickstart`, a
throwaway var folder, a free port); Lighthouse (the npm package, pinned in the Makefile) drives
Debian's chromium with its default mobile profile: a mid-range phone, 4x CPU slowdown and a slow
4G network, simulated. The report form is audited signed in as a demo citizen (its session cookie
is handed to Lighthouse), the other pages as a first-time visitor.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from servers import cli, portal_env, portal_server

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CITIZEN = ("warga1@tangerang.example", "laksa-demo-2026")  # LAKSA's demo citizen
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")


def _cookies(response: httpx.Response) -> dict[str, str]:
    # The production portal marks its cookies Secure; over plain HTTP on this machine they are
    # carried by hand.
    return {
        header.split("=", 1)[0]: header.split("=", 1)[1].split(";", 1)[0]
        for header in response.headers.get_list("set-cookie")
    }


def signed_in_cookie(base_url: str) -> str:
    with httpx.Client(base_url=base_url) as client:
        cookies = _cookies(client.get("/login"))
        answer = client.post(
            "/login",
            data={"email": CITIZEN[0], "identifier": CITIZEN[0], "password": CITIZEN[1]},
            headers={
                "cookie": f"csrftoken={cookies['csrftoken']}",
                "x-csrftoken": cookies["csrftoken"],
            },
        )
        if answer.status_code != 303:
            raise RuntimeError(f"the demo citizen could not sign in ({answer.status_code})")
        cookies.update(_cookies(answer))
    return "; ".join(f"{name}={value}" for name, value in cookies.items() if value != '""')


def first_report(base_url: str) -> str:
    listing = httpx.get(f"{base_url}/laksa/").text
    found = re.search(r'href="(/laksa/r/[^"?#]+)"', listing)
    if not found:
        raise RuntimeError("the LAKSA list shows no report")
    return found.group(1)


def audit(lighthouse: str, chromium: str, url: str, cookie: str, out: Path) -> dict:
    command = [
        lighthouse, url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
    ]  # fmt: skip
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium})
    return json.loads(out.read_text())


def body_bytes(report: dict, cookie: str) -> int:
    """The compressed bodies of the page's same-origin responses, headers left out (what the
    size of a page usually means), fetched again as the browser did."""
    origin = re.match(r"https?://[^/]+", report["finalDisplayedUrl"])
    assert origin is not None
    urls = {
        item["url"]
        for item in report["audits"]["network-requests"]["details"]["items"]
        if item["url"].startswith(origin.group(0))
    }
    headers = {"accept-encoding": "gzip", **({"cookie": cookie} if cookie else {})}
    total = 0
    with httpx.Client(headers=headers) as client:
        for url in urls:
            with client.stream("GET", url) as response:
                total += sum(len(chunk) for chunk in response.iter_raw())
    return total


def summary(name: str, path: str, report: dict, cookie: str) -> dict:
    audits = report["audits"]
    weight = audits["total-byte-weight"]
    return {
        "body_kib": body_bytes(report, cookie) / 1024,
        "page": name,
        "path": path,
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "metrics": {m: audits[m]["displayValue"] for m in METRICS},
        "kib": weight["numericValue"] / 1024,
        "requests": len(audits["network-requests"]["details"]["items"]),
        "findings": [
            f"{report['categories'][c]['title']}: {audits[ref['id']]['title']}"
            + _where(audits[ref["id"]])
            for c in CATEGORIES
            if c != "performance"
            for ref in report["categories"][c]["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ],
    }


def _where(audit: dict) -> str:
    """The hosts (with the error) an audit's items point at: a console error from map tiles the
    machine cannot reach reads differently from one in the portal's own code."""
    found = {
        f"{urlsplit(item['sourceLocation']['url']).netloc or 'the page'}: {item['description']}"
        for item in (audit.get("details") or {}).get("items", [])
        if isinstance(item.get("sourceLocation"), dict) and "description" in item
    }
    return f" ({'; '.join(sorted(found))})" if found else ""


def markdown(rows: list[dict], versions: dict[str, str], loads: tuple[str, str]) -> str:
    lines = [
        "# Lighthouse",
        "",
        "Lighthouse's mobile audit (a mid-range phone: 4x CPU slowdown, slow 4G, simulated) of "
        "the portal's main pages, as `make lighthouse` last wrote it. Goal: performance, "
        "accessibility and best practices each at least 90; the home page under 40 KB on the "
        "wire for a first visit, first contentful paint under 1.5 s.",
        "",
        f"- Run: `make lighthouse`, {versions['date']}",
        f"- Lighthouse {versions['lighthouse']}, {versions['chromium']}",
        "- The portal: `PORTAL_ENV=production`, SQLite, demo data (`tangerang-live quickstart`), "
        "one uvicorn worker; the report form signed in as LAKSA's demo citizen",
        f"- Machine load (1-minute load average, 2 cores) before and after: {loads[0]} and "
        f"{loads[1]}. The machine is shared: performance scores move with it.",
        "",
        "| page | performance | accessibility | best practices | SEO | first contentful paint "
        "| largest contentful paint | total blocking time | on the wire (all requests) "
        "| bodies alone |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        scores, metrics = row["scores"], row["metrics"]
        lines.append(
            f"| {row['page']} (`{row['path']}`) | {scores['performance']} "
            f"| {scores['accessibility']} | {scores['best-practices']} | {scores['seo']} "
            f"| {metrics['first-contentful-paint']} | {metrics['largest-contentful-paint']} "
            f"| {metrics['total-blocking-time']} | {row['kib']:.1f} KiB in {row['requests']} "
            f"requests | {row['body_kib']:.1f} KiB |"
        )
    findings = [(row["page"], f) for row in rows for f in row["findings"]]
    lines += ["", "## What Lighthouse found", ""]
    lines += [f"- {page}: {finding}" for page, finding in findings] or ["Nothing."]
    lines += [
        "",
        '"On the wire" is Lighthouse\'s total byte weight: every response of the first visit, '
        'headers included, compressed as sent. "Bodies alone" leaves the headers out (pages '
        "carry about 850 bytes of them: security headers, cookies, caching; the portal's own "
        "files about 300). The home page's widgets (latest reports, newest vacancies, places to "
        "visit) load when scrolled into view (htmx `intersect`): a phone that does not scroll "
        "to them does not fetch them, and Lighthouse's first visit does not scroll.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    versions = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "lighthouse": subprocess.run(
            [args.lighthouse, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip(),
        "chromium": subprocess.run(
            [args.chromium, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip(),
    }
    load_before = f"{os.getloadavg()[0]:.1f}"
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        env = portal_env(Path(folder))
        cli(env, "quickstart")
        with portal_server(env) as server:
            pages = [
                ("Home", "/", ""),
                ("LAKSA list", "/laksa/", ""),
                ("Report form", "/laksa/new", signed_in_cookie(server.base_url)),
                ("A report", first_report(server.base_url), ""),
            ]
            for name, path, cookie in pages:
                report = audit(
                    args.lighthouse,
                    args.chromium,
                    server.base_url + path,
                    cookie,
                    Path(folder) / "report.json",
                )
                rows.append(summary(name, path, report, cookie))
                print(f"{name}: {rows[-1]['scores']}")
    args.output.write_text(markdown(rows, versions, (load_before, f"{os.getloadavg()[0]:.1f}")))
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
