"""E-Plesiran end to end: a visitor opens the map, filters it to places of worship, picks an
attraction, asks for directions on foot from a point tapped on the map and reads the line and the
steps; the list works without JavaScript; a Disbudpar editor's wrong opening hours come back next
to the field (at desktop and phone width)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_harness import sign_in
from playwright.sync_api import Page, expect

EDITOR = "disbudpar@tangerang.example"
DEMO_PASSWORD = "eplesiran-demo-2026"
CITIZEN = "siti.demo@tangerang.example"
CITIZEN_PASSWORD = "warga-demo-2026"


def tap_the_map(page: Page) -> None:
    """Tap the middle of the "pick a point" map once it is a map, as a person waits for it to
    draw: a tap on the bare box before Leaflet holds it sets nothing."""
    pick = page.locator(".tl-map[data-map='pick']")
    expect(pick).to_have_class(re.compile(r"\bleaflet-container\b"))
    pick.click()
    expect(page.locator("input[name='lat']")).not_to_have_value("")


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
    expect(page).to_have_url(re.compile(r"category=worship"))
    listed = page.locator("#eplesiran-list")
    expect(listed).to_contain_text("Vihara (demo)")
    expect(listed).not_to_contain_text("Pasar Lama")
    expect(page.locator(".tl-map .leaflet-interactive").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "eplesiran-worship")

    page.goto("/e-plesiran/?category=museum")
    page.get_by_role("link", name="Museum Benteng Heritage").first.click()
    expect(page).to_have_url(re.compile(r"/p/\d+$"))
    expect(page.locator("h1")).to_have_text("Museum Benteng Heritage")
    expect(page.locator(".eplesiran-facts")).to_contain_text("Rp 20.000")
    check_accessibility(page)
    screenshot(page, "eplesiran-place")

    page.locator("a[href$='/directions']").click()
    expect(page).to_have_url(re.compile(r"/directions$"))
    check_accessibility(page)
    page.locator("input[name='profile'][value='walking']").check()
    tap_the_map(page)
    page.get_by_role("button", name="Tampilkan rute").click()
    expect(page).to_have_url(re.compile(r"/directions\?.*lat="))
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
    # No empty map box: a note that points to the list of the same places.
    expect(nojs_page.locator(".tl-map")).to_be_hidden()
    nojs_page.locator(".eplesiran-nomap a").click()
    expect(nojs_page).to_have_url(re.compile(r"#eplesiran-list$"))
    nojs_page.locator("input[name='category'][value='atm']").check()
    nojs_page.locator(".eplesiran-filters [type='submit']").click()
    expect(nojs_page).to_have_url(re.compile(r"category=atm"))
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
    expect(page).to_have_url(re.compile(r"/manage/\d+$"))
    form = page.locator("#place-form")
    form.locator("input[name='opening_hours']").fill("setiap hari kecuali hujan")
    form.locator("button[type='submit']").click()
    error = page.locator("#opening_hours-error")
    expect(error).to_contain_text("opening_hours")
    expect(form.locator("input[name='opening_hours']")).to_have_value("setiap hari kecuali hujan")
    expect(form.locator("input[name='opening_hours']")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    screenshot(page, "eplesiran-edit-errors")


def test_bad_input_is_refused_on_the_page_with_javascript_on(
    page: Page, check_accessibility: Callable[[Page], None], tmp_path: Path
) -> None:
    # Directions from a point far from every road: the page says so, with the straight line.
    page.goto("/e-plesiran/?category=museum")
    check_accessibility(page)
    page.get_by_role("link", name="Museum Benteng Heritage").first.click()
    expect(page).to_have_url(re.compile(r"/p/\d+$"))
    check_accessibility(page)
    page.locator("a[href$='/directions']").click()
    expect(page).to_have_url(re.compile(r"/directions$"))
    page.locator("input[name='lat']").fill("-6.3500")
    page.locator("input[name='lon']").fill("106.5000")
    page.get_by_role("button", name="Tampilkan rute").click()
    refusal = page.locator("#eplesiran-route [role='alert']")
    expect(refusal).to_contain_text("terlalu jauh dari jalan")
    expect(page.locator("#eplesiran-route")).to_contain_text("Jarak garis lurus")
    check_accessibility(page)
    # Half a point: the missing coordinate is named next to its field, the other one kept.
    page.locator("input[name='lon']").fill("")
    page.get_by_role("button", name="Tampilkan rute").click()
    expect(page.locator("#lon-error")).to_contain_text("Garis bujur")
    expect(page.locator("input[name='lon']")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name='lat']")).to_have_value("-6.3500")
    check_accessibility(page)

    # "Near me" with half a point: the same, next to the field.
    page.goto("/e-plesiran/near")
    page.locator("input[name='lat']").fill("-6.1760")
    page.get_by_role("button", name="Cari yang terdekat").click()
    expect(page.locator("#lon-error")).to_contain_text("Garis bujur")
    check_accessibility(page)

    # A citizen who rates without choosing stars is told so next to the stars.
    sign_in(page, CITIZEN, CITIZEN_PASSWORD, audit=check_accessibility)
    page.goto("/e-plesiran/?category=park")
    page.get_by_role("link", name="Taman Potret").first.click()
    expect(page).to_have_url(re.compile(r"/p/\d+$"))
    check_accessibility(page)
    page.locator("#rating button[type='submit']").click()
    expect(page.locator("#stars-error")).to_contain_text("1 sampai 5")
    check_accessibility(page)
    page.context.clear_cookies()

    # An editor's new place without a name or a category, and an import that is not GeoJSON.
    sign_in(page, EDITOR, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/e-plesiran/manage/new")
    form = page.locator("#place-form")
    form.locator("input[name='latitude']").fill("-6.1760")
    form.locator("input[name='longitude']").fill("106.6355")
    form.locator("button[type='submit']").click()
    expect(page.locator("#name-error")).to_be_visible()
    expect(page.locator("#category-error")).to_be_visible()
    expect(form.locator("input[name='latitude']")).to_have_value("-6.1760")
    check_accessibility(page)
    page.goto("/e-plesiran/manage/")
    check_accessibility(page)
    not_geojson = tmp_path / "tempat.geojson"
    not_geojson.write_text("bukan json", encoding="utf-8")
    page.locator("input[name='file']").set_input_files(not_geojson)
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.locator("#file-error")).to_contain_text("Tidak ada yang diimpor")
    check_accessibility(page)
