"""A citizen looks for something across every service from the home page."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

# Words from the demo data of the installed services (LAKSA's reports about fallen trees).
KNOWN = "Pohon"
ANOTHER = "Genangan"


def search_box(page: Page):  # noqa: ANN201 (a Locator)
    return page.locator("main [role='search'] input[name='q']")


def test_search_from_the_home_page_finds_and_opens_a_result(
    core_page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    page = core_page
    results = page.locator("#search-results")
    page.goto("/")
    check_accessibility(page)

    search_box(page).fill(KNOWN)
    search_box(page).press("Enter")
    expect(page).to_have_url(f"/search?q={KNOWN}")
    expect(results.get_by_role("link", name=KNOWN).first).to_be_visible()
    assert all(KNOWN.lower() in t.lower() for t in results.get_by_role("link").all_inner_texts())
    check_accessibility(page)
    screenshot(page, "search")

    # Typed markup is shown as text, never run or rendered.
    attack = "<img src=x onerror=alert(1)>"
    search_box(page).fill(attack)
    search_box(page).press("Enter")
    expect(results).to_contain_text(attack)
    expect(results.locator("img")).to_have_count(0)

    search_box(page).fill(ANOTHER)
    search_box(page).press("Enter")
    first = results.get_by_role("link", name=ANOTHER).first
    expect(first).to_be_visible()
    first.click()
    page.wait_for_load_state()
    expect(page.locator("main h1")).to_contain_text(ANOTHER)
    check_accessibility(page)


def test_search_answers_while_typing_with_htmx(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    page.goto("/search")
    check_accessibility(page)
    # A mark on the window survives only if the page is not loaded again.
    page.evaluate("() => { window.stayedOnPage = true; }")
    search_box(page).press_sequentially(KNOWN, delay=20)
    expect(page.locator("#search-results").get_by_role("link", name=KNOWN).first).to_be_visible()
    expect(page).to_have_url(f"/search?q={KNOWN}")
    assert page.evaluate("() => window.stayedOnPage === true")
    check_accessibility(page)
