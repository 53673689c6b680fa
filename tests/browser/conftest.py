"""Fixtures for journeys in a real browser: Debian's chromium driven by Playwright against the
portal served by uvicorn in a subprocess (one per test session, demo data loaded).

For a journey:
- ``portal``: ``base_url``, ``admin_email``, ``admin_password``, ``var_dir``, ``cli(...)``;
- ``page`` / ``nojs_page``: a fresh browser profile at desktop and phone width (each test runs at
  both), with JavaScript on / off;
- ``page_at(width, javascript=True)``: another fresh profile, e.g. a second person;
- ``check_accessibility(page)``: axe-core finds nothing serious or critical and nothing is wider
  than the screen; every page a journey reaches must pass through it;
- ``screenshot(page, name)``: ``NAME-desktop.png`` or ``NAME-phone.png``, into ``docs/screenshots``
  when ``make screenshots`` runs, else into a temporary folder.

A journey also fails when a page asks for anything outside the portal, the CSP refuses something,
a script throws, the server answers 5xx, or a stylesheet, script, image or font is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_harness import (
    AXE_SCRIPT,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    SCREENSHOTS_ENV,
    Auditor,
    PageGuard,
    Portal,
    new_context,
    screenshot_path,
    served_portal,
    tile_server,
)
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

REQUIRE_ENV = "PORTAL_REQUIRE_BROWSER"
MISSING = "browser tests skipped: install chromium with `apt-get install chromium`"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CHROMIUM.exists():
        terminalreporter.write_line(MISSING, yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
        pytest.skip(MISSING)
    assert AXE_SCRIPT.is_file(), f"the vendored axe-core is missing: {AXE_SCRIPT}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def portal(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    with tile_server() as tiles, served_portal(tmp_path_factory.mktemp("portal"), tiles) as served:
        yield served


@pytest.fixture(scope="session")
def auditor(browser: Browser) -> Iterator[Auditor]:
    auditor = Auditor(browser)
    yield auditor
    auditor.close()


@pytest.fixture
def opened() -> list[tuple[BrowserContext, PageGuard]]:
    """The browser profiles one journey opened, each with its guard."""
    return []


@pytest.fixture
def page_at(
    browser: Browser, portal: Portal, opened: list[tuple[BrowserContext, PageGuard]]
) -> Iterator[Callable[..., Page]]:
    def open_page(width: int, javascript: bool = True) -> Page:
        viewport = {"width": width, "height": DESKTOP["height"]}
        context, guard = new_context(browser, portal, viewport, javascript=javascript)
        opened.append((context, guard))
        return context.new_page()

    yield open_page
    problems = []
    for context, guard in opened:
        context.close()
        problems += guard.problems
        problems += [f"not checked for accessibility: {url}" for url in guard.unaudited()]
    if problems:
        pytest.fail("the journey met broken pages:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(params=list(WIDTHS))
def page(request: pytest.FixtureRequest, page_at: Callable[..., Page]) -> Page:
    return page_at(WIDTHS[request.param]["width"])


@pytest.fixture(params=list(WIDTHS))
def nojs_page(request: pytest.FixtureRequest, page_at: Callable[..., Page]) -> Page:
    return page_at(WIDTHS[request.param]["width"], javascript=False)


@pytest.fixture(params=[*WIDTHS, *(f"{width}-nojs" for width in WIDTHS)])
def core_page(request: pytest.FixtureRequest, page_at: Callable[..., Page]) -> Page:
    """For the core journeys: both widths, with htmx and with JavaScript off."""
    width, _, nojs = request.param.partition("-")
    return page_at(WIDTHS[width]["width"], javascript=not nojs)


@pytest.fixture
def check_accessibility(
    auditor: Auditor, opened: list[tuple[BrowserContext, PageGuard]]
) -> Callable[[Page], None]:
    def check(page: Page) -> None:
        page.wait_for_load_state()
        # Audit what the page settles on: widgets that htmx fetches when they come into view
        # included, so it is read to the end first, like a person scrolling down.
        lazy = page.locator(".widget-link")
        if lazy.count() and page.evaluate("() => !!window.htmx"):
            while left := lazy.count():
                page.evaluate("() => document.querySelector('.widget-link')?.scrollIntoView()")
                page.wait_for_function(
                    "left => document.querySelectorAll('.widget-link').length < left", arg=left
                )
            page.evaluate("() => window.scrollTo(0, 0)")
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        problems = auditor.violations(page)
        if too_wide := auditor.overflow(page):
            problems.append(too_wide)
        for context, guard in opened:
            if context == page.context:
                guard.audited.add(urlsplit(page.url).path)
        assert not problems, f"{page.url} is not accessible:\n" + "\n".join(problems)

    return check


@pytest.fixture(scope="session")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Page, str], Path]:
    published = bool(os.environ.get(SCREENSHOTS_ENV))
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)

    taken: set[Path] = set()

    def take(page: Page, name: str) -> Path:
        # The first journey to reach a page shows it (htmx on); later variants keep that picture.
        path = screenshot_path(folder, name, page)
        if path not in taken:
            if published:  # pictures for the docs wait for late images and fragments
                page.wait_for_load_state("networkidle")
            page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
            taken.add(path)
        return path

    return take
