"""An admin at work: closing a service and opening it again, and changing the portal's theme."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from browser_harness import Portal, admin_http, open_menu, sign_in
from playwright.sync_api import Page, expect


@pytest.fixture
def service(portal: Portal) -> Iterator[dict]:
    """An installed service to close: LAKSA when it is there, else the first enabled one."""
    listed = [p for p in _plugins(portal) if p["enabled"] and p["url_prefix"]]
    assert listed, "no enabled service with pages is installed to close"
    chosen = next((p for p in listed if p["name"] == "laksa"), listed[0])
    yield chosen
    # Whatever the journey did, the next one starts with the service open.
    if not _plugin(portal, chosen["name"])["enabled"]:
        portal.cli("plugins", "enable", chosen["name"])


@pytest.fixture
def default_theme_afterwards(portal: Portal) -> Iterator[None]:
    yield
    # Whatever the journey did, the next one sees the default theme.
    with admin_http(portal) as admin:
        answer = admin.post("/admin/themes", data={"theme": "default"})
        assert answer.status_code == 303, f"the theme could not be reset: {answer.status_code}"


def _plugins(portal: Portal) -> list[dict]:
    """Every installed plugin, as an admin sees the list (visitors see enabled ones only)."""
    with admin_http(portal) as admin:
        return admin.get("/-/plugins.json").json()["plugins"]


def _plugin(portal: Portal, name: str) -> dict:
    return next(p for p in _plugins(portal) if p["name"] == name)


def _look(page: Page) -> list[str]:
    """What a theme changes that a person sees: colours and text size."""
    page.wait_for_load_state("load")  # every stylesheet applied
    return page.evaluate(
        """() => [document.body, document.querySelector('main h1'),
                  document.querySelector('main button, main [type=submit]')]
                 .filter(Boolean).flatMap(el => {
                   const s = getComputedStyle(el);
                   return [s.backgroundColor, s.color, s.fontSize];
                 })"""
    )


def test_admin_closes_a_service_and_opens_it_again_with_its_data(
    core_page: Page,
    portal: Portal,
    service: dict,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    page, prefix = core_page, service["url_prefix"]
    tile = page.locator(f"a.service-tile[href='{prefix}/']")
    menu_entry = page.locator(f"header a[href='{prefix}/']")
    row = page.locator(f"#plugin-{service['name']}")

    sign_in(page, portal.admin_email, portal.admin_password, audit=check_accessibility)
    page.goto("/")
    expect(tile).to_be_visible()
    open_menu(page)
    expect(menu_entry).to_be_visible()
    check_accessibility(page)
    page.goto(f"{prefix}/")
    service_text = page.locator("main").inner_text()
    check_accessibility(page)

    page.goto("/admin/plugins")
    check_accessibility(page)
    screenshot(page, "admin-plugins")
    # Switching a service off is confirmed: with JavaScript the browser asks (and the dialog
    # names the service by its title), without it a page of its own does.
    title = row.locator("td strong").first.inner_text()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    row.locator("button[value='disable']").click()
    confirmation = page.locator("main form:has(input[name='confirm']) button")
    expect(row.locator("button[value='enable']").or_(confirmation)).to_be_visible()
    if confirmation.count():
        expect(page.locator("main h1")).to_contain_text(title)
        assert _plugin(portal, service["name"])["enabled"], "disabled before the admin agreed"
        check_accessibility(page)
        screenshot(page, "admin-plugin-disable")
        confirmation.click()
    else:
        assert asked and title in asked[0], asked
    expect(row.locator("button[value='enable']")).to_be_visible()
    expect(page.locator("[role='status']")).to_contain_text(title)
    check_accessibility(page)

    assert not _plugin(portal, service["name"])["enabled"]
    page.goto("/")
    expect(tile).to_have_count(0)
    expect(menu_entry).to_have_count(0)
    response = page.goto(f"{prefix}/")
    assert response is not None and response.status == 404
    expect(page.locator("main a[href='/']")).to_be_visible()
    expect(page.locator("main h1")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "service-closed")

    page.goto("/admin/plugins")
    row.locator("button[value='enable']").click()
    expect(row.locator("button[value='disable']")).to_be_visible()

    assert _plugin(portal, service["name"])["enabled"]
    page.goto("/")
    expect(tile).to_be_visible()
    open_menu(page)
    expect(menu_entry).to_be_visible()
    response = page.goto(f"{prefix}/")
    assert response is not None and response.status == 200
    assert page.locator("main").inner_text() == service_text, "the service came back without data"


def test_a_refused_admin_action_shows_its_message_with_javascript(
    page: Page, portal: Portal, check_accessibility: Callable[[Page], None]
) -> None:
    """htmx swaps a form sent back with errors in place, and puts any other refusal (here a form
    whose CSRF cookie has gone) in the page's message box: nothing fails silently."""
    sign_in(page, portal.admin_email, portal.admin_password, audit=check_accessibility)
    page.goto("/admin/plugins/laksa")
    check_accessibility(page)
    field = page.locator("main form input[type='number']").first
    field.fill("0")
    page.locator("main form [type='submit']").click()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main .error-text").first).to_be_visible()
    expect(field).to_have_value("0")
    check_accessibility(page)

    page.goto("/admin/plugins")
    page.context.clear_cookies(name="csrftoken")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#plugin-laksa button[value='disable']").click()
    problem = page.locator("#request-problem")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Formulir ini sudah kedaluwarsa")
    check_accessibility(page)
    assert _plugin(portal, "laksa")["enabled"], "a refused action changed nothing"


def test_admin_switches_theme_to_kontras_and_back(
    core_page: Page,
    portal: Portal,
    default_theme_afterwards: None,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    page = core_page
    kontras_css = page.locator("link[rel='stylesheet'][href*='/static/themes/kontras/']")

    sign_in(page, portal.admin_email, portal.admin_password, audit=check_accessibility)
    page.goto("/admin/themes")
    check_accessibility(page)
    screenshot(page, "admin-themes")
    default_look = _look(page)

    page.locator("input[name='theme'][value='kontras']").check()
    page.locator("form[action='/admin/themes'] [type='submit']").click()
    expect(page.locator("[role='status']")).to_be_visible()
    expect(kontras_css).to_have_count(1)
    assert _look(page) != default_look, "the kontras theme looks like the default one"
    check_accessibility(page)
    screenshot(page, "admin-themes-kontras")

    page.goto("/")
    expect(kontras_css).to_have_count(1)
    check_accessibility(page)
    screenshot(page, "home-kontras")

    page.goto("/admin/themes")
    page.locator("input[name='theme'][value='default']").check()
    page.locator("form[action='/admin/themes'] [type='submit']").click()
    expect(kontras_css).to_have_count(0)
    assert _look(page) == default_look
