"""E-Plesiran end to end: a visitor opens the map, filters it to places of worship, picks an
attraction, asks for directions on foot from a point tapped on the map and reads the line and the
steps; the list works without JavaScript; a Disbudpar editor's wrong opening hours come back next
to the field (at desktop and phone width)."""

from __future__ import annotations

from collections.abc import Callable

from browser_harness import sign_in
from playwright.sync_api import Page, expect

EDITOR = "disbudpar@tangerang.example"
DEMO_PASSWORD = "eplesiran-demo-2026"


def test_map_filter_attraction_and_directions(
    page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    page.goto("/e-plesiran/")
    # Sixty-odd places gather into clusters that open as one zooms in.
    expect(page.locator(".tl-map .marker-cluster").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "eplesiran-map")

    page.locator("input[name='category'][value='worship']").check()
    page.locator(".eplesiran-filters [type='submit']").click()
    page.wait_for_load_state()
    listed = page.locator("#eplesiran-list")
    expect(listed).to_contain_text("Vihara (demo)")
    expect(listed).not_to_contain_text("Pasar Lama")
    expect(page.locator(".tl-map .leaflet-interactive").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "eplesiran-worship")

    page.goto("/e-plesiran/?category=museum")
    page.get_by_role("link", name="Museum Benteng Heritage").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Museum Benteng Heritage")
    expect(page.locator(".eplesiran-facts")).to_contain_text("Rp 20.000")
    check_accessibility(page)
    screenshot(page, "eplesiran-place")

    page.locator("a[href$='/directions']").click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.locator("input[name='profile'][value='walking']").check()
    page.locator(".tl-map[data-map='pick']").click()
    expect(page.locator("input[name='lat']")).not_to_have_value("")
    page.get_by_role("button", name="Tampilkan rute").click()
    page.wait_for_load_state()
    route = page.locator("#eplesiran-route")
    expect(route).to_contain_text("jaringan jalan buatan")  # the demo's grid says it is made up
    steps = route.locator(".eplesiran-steps li")
    expect(steps.first).to_contain_text("Berangkat melalui")
    expect(route.locator(".eplesiran-steps")).to_contain_text("ke Jl. Contoh")
    expect(steps.last).to_contain_text("Anda telah tiba")
    # The line and its two ends are drawn on the map.
    expect(route.locator(".tl-map path.leaflet-interactive")).to_have_count(3)
    check_accessibility(page)
    screenshot(page, "eplesiran-directions")


def test_the_list_works_without_javascript(
    nojs_page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    nojs_page.goto("/e-plesiran/")
    nojs_page.locator("input[name='category'][value='atm']").check()
    nojs_page.locator(".eplesiran-filters [type='submit']").click()
    nojs_page.wait_for_load_state()
    expect(nojs_page.locator("#eplesiran-list")).to_contain_text("ATM Bank BJB (demo)")
    check_accessibility(nojs_page)
    nojs_page.goto("/e-plesiran/near?category=fuel&lat=-6.1760&lon=106.6355")
    expect(nojs_page.locator("#eplesiran-near li").first).to_contain_text("SPBU")
    check_accessibility(nojs_page)


def test_an_editor_sees_wrong_hours_next_to_the_field(
    page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    sign_in(page, EDITOR, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/e-plesiran/manage/")
    check_accessibility(page)
    page.get_by_role("link", name="Situ Cipondoh").click()
    page.wait_for_load_state()
    form = page.locator("#place-form")
    form.locator("input[name='opening_hours']").fill("setiap hari kecuali hujan")
    form.locator("button[type='submit']").click()
    error = page.locator("#opening_hours-error")
    expect(error).to_contain_text("opening_hours")
    expect(form.locator("input[name='opening_hours']")).to_have_value("setiap hari kecuali hujan")
    expect(form.locator("input[name='opening_hours']")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    screenshot(page, "eplesiran-edit-errors")
