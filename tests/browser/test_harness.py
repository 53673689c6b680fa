"""The harness catches what it promises to catch: a journey cannot pass over a broken page."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from browser_harness import (
    DESKTOP,
    PHONE,
    Auditor,
    PageGuard,
    Portal,
    new_context,
    press_tab_until,
)
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

# A loopback address that is not the portal: the guard must stop the request before it leaves.
FOREIGN = "http://127.0.0.2:9"


@pytest.fixture
def watched(browser: Browser, portal: Portal) -> Iterator[tuple[Page, PageGuard]]:
    context, guard = new_context(browser, portal, DESKTOP)
    page = context.new_page()
    page.goto("/")
    yield page, guard
    context.close()


def test_a_request_outside_the_portal_is_blocked_and_reported(watched) -> None:
    page, guard = watched
    with pytest.raises(PlaywrightError):
        page.goto(f"{FOREIGN}/font.woff2")
    assert guard.problems == [f"request outside the portal: {FOREIGN}/font.woff2"]


def test_a_script_the_csp_refuses_is_reported(watched) -> None:
    page, guard = watched
    page.evaluate(
        """src => new Promise(done => {
             const script = Object.assign(document.createElement('script'), {src});
             script.onerror = done;
             document.head.append(script);
           })""",
        f"{FOREIGN}/analytics.js",
    )
    page.wait_for_timeout(100)
    assert any(p.startswith("refused by the CSP") for p in guard.problems), guard.problems


def test_a_javascript_error_is_reported(watched) -> None:
    page, guard = watched
    page.evaluate("() => setTimeout(() => { throw new Error('boom') })")
    page.wait_for_timeout(100)
    assert any("boom" in p for p in guard.problems), guard.problems


def test_a_page_left_unaudited_is_listed(watched) -> None:
    page, guard = watched
    assert guard.unaudited() == [page.url]
    guard.audited.add("/")
    assert guard.unaudited() == []


def test_axe_reports_an_image_without_alternative_text(watched, auditor: Auditor) -> None:
    page, _ = watched
    assert auditor.violations(page) == []
    page.evaluate(
        "() => document.querySelector('main').append("
        "Object.assign(document.createElement('img'), {src: '/healthz'}))"
    )
    found = auditor.violations(page)
    assert any(line.startswith("image-alt (critical)") for line in found), found


def test_content_wider_than_a_phone_is_reported(browser: Browser, portal: Portal) -> None:
    context, _ = new_context(browser, portal, PHONE)
    page = context.new_page()
    page.goto("/")
    auditor = Auditor(browser)
    try:
        assert auditor.overflow(page) == ""
        page.evaluate(
            """() => {
                 const banner = Object.assign(document.createElement('div'), {id: 'banner'});
                 banner.style.width = '900px';  // set through the CSSOM, which the CSP allows
                 document.querySelector('main').append(banner);
               }"""
        )
        assert 'id="banner"' in auditor.overflow(page)
    finally:
        auditor.close()
        context.close()


def test_map_tiles_come_from_the_local_tile_server(portal: Portal) -> None:
    tile = httpx.get(f"{portal.tile_origin}/15/26150/16930.png", timeout=5)
    assert tile.status_code == 200 and tile.headers["content-type"] == "image/png"
    policy = httpx.get(f"{portal.base_url}/", timeout=5).headers["content-security-policy"]
    assert portal.tile_origin in policy


def test_a_keyboard_focus_that_does_not_show_is_reported(watched) -> None:
    page, _ = watched
    brand = page.locator("header a[href='/']").first
    press_tab_until(page, brand)
    brand.evaluate("el => { el.style.outline = 'none'; el.style.boxShadow = 'none'; }")
    page.evaluate("() => document.activeElement.blur()")
    with pytest.raises(AssertionError, match="does not show it"):
        press_tab_until(page, brand)
