"""The pieces behind the browser fixtures: the running portal, a local tile server, the guard that
fails a journey on foreign requests or broken pages, the axe-core audit and the screenshots.

Journeys use them through the fixtures in ``conftest.py``; the helpers that drive pages the way a
person does (``sign_in``, ``press_tab_until``) are imported from here.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    expect,
)
from processes import free_port, portal_env, run_cli, wait_until_healthy
from tangerang_live.testing import TEST_DATABASE_ENV, throwaway_database

HERE = Path(__file__).resolve().parent
AXE_SCRIPT = HERE / "assets" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 800}
PHONE_MAX_WIDTH = 480
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOTS_ENV = "PORTAL_SCREENSHOTS_DIR"
# Signed values (CSRF tokens) that differ between sessions but not between pages.
SESSION_TOKEN = re.compile(r"[\w-]{16,}\.[\w-]{16,}")


@dataclass(frozen=True)
class Portal:
    """A portal served by uvicorn in a subprocess, as an operator starts it."""

    base_url: str
    admin_email: str
    admin_password: str
    var_dir: Path
    tile_origin: str
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``tangerang-live`` against this portal's database (e.g. to set state up)."""
        return run_cli(self.env, *args)


@contextmanager
def _database_url(folder: Path) -> Iterator[str]:
    """A fresh PostgreSQL database when the suite runs on one, else the portal's own SQLite file,
    written without waiting for the disk (like cheap password hashing: nothing here must survive
    a power cut, and the demo data loads in two thirds of the time)."""
    if not os.environ.get(TEST_DATABASE_ENV, "").startswith("postgres"):
        yield f"sqlite://{(folder / 'var' / 'portal.sqlite3').resolve()}?synchronous=OFF"
        return
    # The async helper runs on an event loop of its own thread: Playwright's sync API owns the
    # loop of this one, and the loop must live from entering to leaving.
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    manager = throwaway_database(folder)
    try:
        yield asyncio.run_coroutine_threadsafe(manager.__aenter__(), loop).result()
    finally:
        try:
            asyncio.run_coroutine_threadsafe(manager.__aexit__(None, None, None), loop).result()
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()


class _TileHandler(BaseHTTPRequestHandler):
    """Answers every tile request with one plain PNG, so maps draw without the internet."""

    tile = b""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def tile_server() -> Iterator[str]:
    """A local map-tile server on a free port; yields its origin."""
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (226, 232, 220)).save(buffer, format="PNG")
    handler = type("Tiles", (_TileHandler,), {"tile": buffer.getvalue()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def served_portal(folder: Path, tile_origin: str) -> Iterator[Portal]:
    """``tangerang-live quickstart`` on a fresh var dir, then ``serve`` until the test run ends."""
    var_dir = folder / "var"
    with _database_url(folder) as database_url:
        env = portal_env(
            var_dir,
            PORTAL_STATE_POLL_SECONDS="0.2",
            PORTAL_TILE_URL=f"{tile_origin}/{{z}}/{{x}}/{{y}}.png",
            DATABASE_URL=database_url,
        )
        quickstart = run_cli(env, "quickstart")
        assert quickstart.returncode == 0, quickstart.stderr
        found = re.search(r"Demo admin: (\S+) /", quickstart.stdout)
        assert found, f"quickstart did not print the demo admin: {quickstart.stdout}"
        port = free_port()
        log = (folder / "serve.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tangerang_live.cli", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base_url, process)
            yield Portal(
                base_url=base_url,
                admin_email=found.group(1),
                admin_password=(var_dir / "demo-admin-password").read_text().strip(),
                var_dir=var_dir,
                tile_origin=tile_origin,
                env=env,
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


@dataclass
class PageGuard:
    """Watches one browser context and lists what a person would count as broken.

    A request outside the portal (or its tile server) is blocked and listed, and so are a script
    or style the Content-Security-Policy refused, a JavaScript error, a server error, and a
    stylesheet, script, image or font that did not load. Every page the journey reached is listed
    too, so the fixture can fail a journey that skipped the accessibility audit of one.
    """

    portal: Portal
    problems: list[str] = field(default_factory=list)
    visited: dict[str, str] = field(default_factory=dict)
    audited: set[str] = field(default_factory=set)

    def attach(self, context: BrowserContext) -> None:
        own = (self.portal.base_url + "/", self.portal.tile_origin + "/")
        context.route(lambda url: not url.startswith(own), self._block)
        context.on("page", self._watch)

    def _block(self, route) -> None:  # noqa: ANN001 (playwright's Route)
        self.problems.append(f"request outside the portal: {route.request.url}")
        route.abort("blockedbyclient")

    def _watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("response", self._response)
        page.on("framenavigated", lambda frame: self._navigated(page, frame))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"refused by the CSP: {message.text}")

    def _response(self, response: Response) -> None:
        kind = response.request.resource_type
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")
        elif response.status >= 400 and kind in {"stylesheet", "script", "image", "font"}:
            self.problems.append(f"{kind} missing ({response.status}): {response.url}")

    def _navigated(self, page: Page, frame) -> None:  # noqa: ANN001 (playwright's Frame)
        if frame == page.main_frame and frame.url.startswith(self.portal.base_url):
            self.visited.setdefault(urlsplit(frame.url).path, frame.url)

    def unaudited(self) -> list[str]:
        return [url for path, url in self.visited.items() if path not in self.audited]


def new_context(
    browser: Browser, portal: Portal, viewport: dict[str, int], *, javascript: bool = True
) -> tuple[BrowserContext, PageGuard]:
    """A fresh browser profile (no cookies) guarded by a ``PageGuard``."""
    context = browser.new_context(
        base_url=portal.base_url,
        viewport=viewport,
        java_script_enabled=javascript,
        # Playwright's default en-US, as on the many phones sold set to English: the portal
        # still speaks Indonesian until the visitor chooses English.
        timezone_id="Asia/Jakarta",
        service_workers="block",
    )
    context.set_default_timeout(10_000)
    guard = PageGuard(portal)
    guard.attach(context)
    return context, guard


def is_phone(page: Page) -> bool:
    return (page.viewport_size or DESKTOP)["width"] <= PHONE_MAX_WIDTH


class Auditor:
    """Runs axe-core on what a journey's page shows right now.

    The portal's CSP rightly refuses injected scripts, so the audit happens in a twin context with
    ``bypass_csp``: the page's current DOM (after htmx swaps, or a form sent back with errors) is
    served there under the same URL, with the same cookies, so styles and contrast are real. The
    journey's own context keeps the CSP, which the guard relies on.

    The twin loads axe once, as an init script, and none of the page's own scripts: they ran in
    the journey already, and run again they would change what is audited (htmx fetching widgets
    anew, a map drawn twice) and cost most of the audit's time.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self._twins: dict[tuple[int, int], Page] = {}
        self._passed: set[tuple[str, int, str]] = set()

    def _twin(self, viewport: dict[str, int]) -> Page:
        key = (viewport["width"], viewport["height"])
        if key not in self._twins:
            context = self.browser.new_context(viewport=viewport, bypass_csp=True)
            context.set_default_timeout(10_000)
            context.add_init_script(path=str(AXE_SCRIPT))
            context.route(
                lambda url: urlsplit(url).path.endswith(".js"), lambda route: route.abort()
            )
            self._twins[key] = context.new_page()
        return self._twins[key]

    def violations(self, page: Page) -> list[str]:
        """Blocking violations (impact serious or critical), one readable line each."""
        viewport = page.viewport_size or DESKTOP
        url = page.url.split("#")[0]
        html = page.content()
        # The same markup at the same width passed before (say the sign-in page, in another
        # journey): only the per-session tokens differ, so the verdict cannot.
        seen = (urlsplit(url).path, viewport["width"], SESSION_TOKEN.sub("", html))
        if seen in self._passed:
            return []
        twin = self._twin(viewport)
        twin.context.clear_cookies()
        twin.context.add_cookies(page.context.cookies())
        twin.route(
            lambda candidate: candidate.split("#")[0] == url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        try:
            twin.goto(url, wait_until="load")
        finally:
            twin.unroute_all()
        results = twin.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        found = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
            for v in results["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        if not found:
            self._passed.add(seen)
        return found

    def overflow(self, page: Page) -> str:
        """What sticks out past the right edge of the screen (WCAG 1.4.10 reflow), or ''.

        Measured per element rather than by the page's scroll width, so content cut off by a
        clipping ancestor counts too; boxes that scroll sideways on purpose (wide tables) and
        map panes do not.
        """
        widest = page.evaluate(
            """() => {
              const limit = document.documentElement.clientWidth + 1;
              const scrollable = el => {
                for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                  if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
                }
                return false;
              };
              const wide = [...document.body.querySelectorAll('*')].filter(el => {
                const box = el.getBoundingClientRect();
                return box.width > 0 && box.right > limit
                  && !el.closest('.leaflet-container') && !scrollable(el);
              });
              return wide.slice(-3).map(el => el.outerHTML.slice(0, 160)).join(' | ');
            }"""
        )
        return f"wider than the screen: {widest}" if widest else ""

    def close(self) -> None:
        for page in self._twins.values():
            page.context.close()


def screenshot_path(folder: Path, name: str, page: Page) -> Path:
    return folder / f"{name}-{'phone' if is_phone(page) else 'desktop'}.png"


@contextmanager
def admin_http(portal: Portal) -> Iterator[httpx.Client]:
    """An HTTP client signed in as the demo admin that sends the CSRF token, to tidy up after a
    journey that failed half-way."""
    with httpx.Client(base_url=portal.base_url, timeout=10) as client:
        client.get("/login").raise_for_status()
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        answer = client.post(
            "/login", data={"email": portal.admin_email, "password": portal.admin_password}
        )
        assert answer.status_code == 303, f"the demo admin cannot sign in: {answer.status_code}"
        # Signing in replaces the CSRF token: take the new one from the next page.
        client.get("/").raise_for_status()
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        yield client


def login_field(page: Page) -> Locator:
    """The sign-in form's email-or-phone field (named ``identifier``, formerly ``email``)."""
    form = page.locator("form[action='/login']")
    return form.locator("input[name='identifier'], input[name='email']").first


def sign_in(
    page: Page, identifier: str, password: str, *, audit: Callable[[Page], None] | None = None
) -> None:
    """Sign in through the form, as a person does; ``audit`` (``check_accessibility``) checks the
    sign-in page and the page it leads to."""
    page.goto("/login")
    if audit:
        audit(page)
    login_field(page).fill(identifier)
    page.locator("form[action='/login'] input[name='password']").fill(password)
    page.locator("form[action='/login'] [type='submit']").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path != "/login", f"{identifier} could not sign in"
    if audit:
        audit(page)


def open_menu(page: Page, *, keyboard: bool = False) -> None:
    """Open the header's menu where it is a button (a phone's width); wider, its links are in the
    header's row already. ``keyboard``: with Tab and Enter, as a keyboard user does."""
    page.wait_for_load_state()  # styled: whether the menu is a button depends on the width
    menu = page.locator("header details.site-menu")
    summary = menu.locator("> summary")
    if not summary.is_visible() or menu.evaluate("details => details.open"):
        return
    if keyboard:
        press_tab_until(page, summary)
        page.keyboard.press("Enter")
    else:
        summary.click()
    expect(menu).to_have_attribute("open", "")


def sign_out(page: Page) -> None:
    open_menu(page)
    page.locator("form[action='/logout'] [type='submit']").click()
    page.wait_for_load_state()


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def press_tab_until(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Move the keyboard focus forward with Tab until ``target`` has it; fail if it never does,
    or if the focused element shows no focus indicator (WCAG 2.4.7)."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        visited.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.tagName + ' ' + (e.innerText || e.name || '').slice(0, 20); }"
            )
        )
        if is_focused(target):
            shows_focus = target.evaluate(
                """el => {
                  const style = getComputedStyle(el);
                  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                    || style.boxShadow !== 'none';
                }"""
            )
            assert shows_focus, f"{target} has the keyboard focus but does not show it"
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key; focus went {visited}")
