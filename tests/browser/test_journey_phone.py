"""On a 360 px phone: the header is one row with a menu button (with and without JavaScript), every
control is big enough for a thumb (44 x 44 px) and no text is smaller than 14 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_harness import PHONE, is_phone, open_menu
from playwright.sync_api import Page, expect

MAIN_PAGES = [
    "/",
    "/search?q=jalan",
    "/login",
    "/register",
    "/laksa/",
    "/siap-kerja/",
    "/simpati-rs/",
    "/e-plesiran/",
]
"""The host's pages and each service's first page, measured whole (the home page's widgets too)."""
MIN_TARGET = 44
"""px, each side: WCAG 2.5.5 (AAA), the size of a thumb's tap."""
MIN_TEXT = 14
"""px: the smallest text people read on a phone in the sun, meta lines included."""

# Small targets and small text the page may carry: a link inside a sentence (WCAG 2.5.8's inline
# exception) and what screen readers alone get. The map's own controls are Leaflet's.
MEASURE = """([minTarget, minText]) => {
  const shown = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
      && !el.closest('.visually-hidden, .tl-map, [hidden]');
  };
  const name = el => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
    return `<${el.tagName.toLowerCase()}> "${text.slice(0, 40)}"`;
  };
  const inSentence = el => {
    if (el.tagName !== 'A') return false;
    const block = el.parentElement;
    const own = (el.innerText || '').trim();
    const around = (block.innerText || '').trim();
    return around.length > own.length + 1 && getComputedStyle(el).display === 'inline';
  };
  const problems = [];
  const controls = 'a[href], button, summary, select, textarea, [role=button], '
    + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio])';
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el) || inSentence(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5) {
      problems.push(`${name(el)} is ${Math.round(box.width)}x${Math.round(box.height)} px`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Set();
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !parent || !shown(parent)) continue;
    const size = parseFloat(getComputedStyle(parent).fontSize);
    if (size < minText - 0.01) small.add(`${name(parent)} has ${size} px text`);
  }
  return problems.concat([...small]);
}"""


HEADER_ROW = ".site-bar > .brand, .site-bar > .notification-bell, .site-bar > .site-menu > summary"


def _header_row(page: Page) -> list[dict]:
    """The boxes of what the header shows in its row (the menu's contents aside)."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
             .map(el => el.getBoundingClientRect())
             .map(box => ({top: box.top, bottom: box.bottom, right: box.right}))""",
        HEADER_ROW,
    )


def test_the_header_is_one_row_with_a_menu_that_opens_and_closes(
    core_page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    """On a phone a menu button (a <details>: no JavaScript needed) holds the links; on a wide
    screen they stand in the header's row."""
    page = core_page
    page.goto("/")
    menu = page.locator("header details.site-menu")
    sign_in_link = page.locator("header a[href='/login']")
    check_accessibility(page)
    if not is_phone(page):
        expect(menu.locator("> summary")).to_be_hidden()
        expect(sign_in_link).to_be_visible()
        screenshot(page, "header-menu")
        return

    row = _header_row(page)
    assert len(row) == 2, row  # the brand and the menu button (no bell when signed out)
    assert max(b["top"] for b in row) - min(b["top"] for b in row) < 10, f"two rows: {row}"
    assert max(b["right"] for b in row) <= PHONE["width"]
    expect(sign_in_link).to_be_hidden()

    open_menu(page)
    expect(sign_in_link).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "header-menu")

    menu.locator("> summary").click()  # the same button closes it
    expect(sign_in_link).to_be_hidden()

    open_menu(page)
    sign_in_link.click()
    expect(page.locator("form[action='/login']")).to_be_visible()
    expect(menu).not_to_have_attribute("open", "")  # a new page starts with the menu closed
    check_accessibility(page)


def test_with_javascript_the_menu_closes_on_escape_and_on_a_tap_elsewhere(
    page_at: Callable[..., Page], check_accessibility: Callable[[Page], None]
) -> None:
    page = page_at(PHONE["width"])
    page.goto("/")
    check_accessibility(page)
    menu = page.locator("header details.site-menu")
    open_menu(page)
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.locator("> summary")).to_be_focused()
    open_menu(page)
    page.locator("main h1").click(position={"x": 5, "y": 5})  # beside the open menu
    expect(menu).not_to_have_attribute("open", "")


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_have_thumb_sized_controls_and_readable_text(
    page_at: Callable[..., Page],
    path: str,
    check_accessibility: Callable[[Page], None],
) -> None:
    page = page_at(PHONE["width"])
    page.goto(path)
    check_accessibility(page)  # waits for what htmx loads, and checks nothing sticks out
    row = _header_row(page)
    assert max(b["top"] for b in row) - min(b["top"] for b in row) < 10, f"two rows: {row}"
    limits = [MIN_TARGET, MIN_TEXT]
    problems = page.evaluate(MEASURE, limits)
    open_menu(page)
    problems += [f"menu: {p}" for p in page.evaluate(MEASURE, limits)]
    assert not problems, f"{path} at {PHONE['width']} px:\n" + "\n".join(sorted(set(problems)))
