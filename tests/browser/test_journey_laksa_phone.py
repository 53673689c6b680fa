"""LAKSA on a cheap phone: from a tap on the home page to a filed report in three taps and three
fields, every refusal shown with JavaScript on, "I am affected too" beside the form, the list
and the map at 360 px, and tracking numbers as phones type them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from browser_harness import Portal, sign_in
from PIL import Image
from playwright.sync_api import Locator, Page, Route, expect
from tangerang_live import nearest_kecamatan

PASSWORD = "laksa-demo-2026"
CITIZEN = "warga1@tangerang.example"
NEIGHBOUR = "warga2@tangerang.example"
PUPR = "pupr@tangerang.example"
LIVE_ROOM = "liveroom@tangerang.example"
# Where the phone says it is: the city hall, Pusat Pemerintahan Kota Tangerang.
HERE = {"latitude": -6.1767, "longitude": 106.6405}
STREET_LIGHT = "Lampu jalan (PJU) mati"
NUMBER = re.compile(r"LKS-\d{4}-\d{6}")


@dataclass
class Effort:
    """What the citizen does with their thumbs: taps (links, buttons) and fields given."""

    taps: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    def tap(self, target: Locator, what: str) -> None:
        self.taps.append(what)
        target.click()

    def give(self, what: str, act: Callable[[], object]) -> None:
        self.fields.append(what)
        act()


def phone_photo(folder: Path, name: str = "jalan.jpg") -> Path:
    """A photo as a phone camera takes it: 4000×3000 of busy detail, larger than the portal
    accepts (5 MB) until the browser makes it smaller."""
    path = folder / name
    Image.effect_noise((4000, 3000), 90).convert("RGB").save(path, "JPEG", quality=95)
    assert path.stat().st_size > 5 * 1024 * 1024
    return path


def small_photo(folder: Path) -> Path:
    path = folder / "kecil.jpg"
    Image.new("RGB", (320, 240), (90, 100, 120)).save(path, "JPEG")
    return path


def choose_category(page: Page, name: str) -> None:
    select = page.locator("#category")
    value = select.locator("option", has_text=name).first.get_attribute("value")
    select.select_option(value)


def problem_banner(page: Page) -> Locator:
    return page.locator("#request-problem")


def test_a_citizen_files_from_the_home_page_in_three_taps(
    page: Page,
    portal: Portal,
    check_accessibility: Callable[[Page], None],
    tmp_path: Path,
) -> None:
    page.context.grant_permissions(
        ["geolocation", "clipboard-read", "clipboard-write"], origin=portal.base_url
    )
    page.context.set_geolocation(HERE)
    sign_in(page, CITIZEN, PASSWORD, audit=check_accessibility)
    page.goto("/")
    check_accessibility(page)
    effort = Effort()

    effort.tap(page.locator("main a.laksa-action"), "Laporkan masalah")
    page.wait_for_url("**/laksa/new")
    check_accessibility(page)
    photo = phone_photo(tmp_path)
    effort.give("foto", lambda: page.locator("#photos").set_input_files(str(photo)))
    effort.give("kategori", lambda: choose_category(page, STREET_LIGHT))
    effort.give(
        "uraian",
        lambda: page.locator("#description").fill(
            "Lampu jalan di depan kantor wali kota mati sejak Senin. Jalan jadi gelap sekali."
        ),
    )
    effort.tap(page.get_by_role("button", name="Pakai lokasi saya"), "Pakai lokasi saya")
    expect(page.locator("#latitude-input")).not_to_have_value("")
    expected = nearest_kecamatan(HERE["latitude"], HERE["longitude"]).name
    expect(page.locator("#kecamatan")).to_have_value(expected)  # filled in, still changeable
    expect(page.locator("#title")).to_be_hidden()  # optional, folded away
    expect(page.locator("#latitude-input")).to_be_hidden()  # behind "Masukkan koordinat"

    # The browser made the camera's photo smaller than the server's limit before sending.
    page.wait_for_function(
        "() => { const f = document.getElementById('photos').files[0];"
        " return f && f.name.endsWith('.jpg') && f.size < 5 * 1024 * 1024; }"
    )
    longest = page.evaluate(
        "async () => { const b = await createImageBitmap(document.getElementById('photos')"
        ".files[0]); return Math.max(b.width, b.height); }"
    )
    assert longest == 1600
    check_accessibility(page)

    # While it is sent: a progress bar, and a button that cannot be pressed twice.
    held: list[Route] = []
    page.route(
        "**/laksa/new",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    submit = page.locator("form#laksa-new button[type='submit']")
    effort.tap(submit, "Kirim laporan")
    expect(submit).to_be_disabled()
    expect(page.locator(".laksa-progress")).to_be_visible()
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    page.unroute("**/laksa/new")

    page.wait_for_url(re.compile(r".*/laksa/r/LKS-\d{4}-\d{6}\?sent=1$"))
    number = page.locator(".laksa-sent .laksa-number")
    expect(number).to_have_text(NUMBER)
    check_accessibility(page)
    print(
        f"\nFiling a report from the home page: {len(effort.taps)} taps"
        f" ({', '.join(effort.taps)}) and {len(effort.fields)} fields"
        f" ({', '.join(effort.fields)})"
    )
    assert len(effort.taps) <= 3 and len(effort.fields) <= 3

    # The number stays on one line, and copies or shares with one tap.
    assert number.evaluate("el => el.getClientRects().length") == 1
    share = page.locator(".laksa-share")
    expect(share).to_be_visible()
    share.get_by_role("button", name="Salin nomor").click()
    expect(share).to_contain_text("Tersalin.")
    assert page.evaluate("navigator.clipboard.readText()") == number.inner_text()
    if not page.evaluate("'share' in navigator"):  # no Web Share here: the link is copied
        share.get_by_role("button", name="Bagikan").click()
        link = page.evaluate("navigator.clipboard.readText()")
        assert link.endswith(f"/laksa/r/{number.inner_text()}")

    # The draft kept while writing is gone once the report is received.
    filed = number.inner_text()
    page.goto("/laksa/new")
    expect(page.locator("#description")).to_have_value("")
    check_accessibility(page)

    # Tracked later as a phone types it: spaces, an en dash, no prefix, no leading zeros.
    year, sequence = filed.split("-")[1:]
    page.goto("/laksa/track")
    check_accessibility(page)
    page.locator("#number").fill(f" {year} \u2013 {int(sequence)} ")
    page.locator("form[action$='/track'] [type='submit']").click()
    page.wait_for_url(f"**/laksa/r/{filed}")
    check_accessibility(page)


def test_the_report_form_shows_every_refusal_with_javascript_on(
    page: Page, portal: Portal, check_accessibility: Callable[[Page], None], tmp_path: Path
) -> None:
    sign_in(page, NEIGHBOUR, PASSWORD, audit=check_accessibility)
    page.goto("/laksa/new")
    check_accessibility(page)
    form = page.locator("form#laksa-new")
    submit = form.locator("button[type='submit']")
    page.locator("#photos").set_input_files(str(small_photo(tmp_path)))
    choose_category(page, STREET_LIGHT)
    page.locator("#description").fill("Gelap")

    # No place and a description too short: each message beside its field, the input kept.
    submit.click()
    expect(page.locator("#description-error")).to_be_visible()
    expect(page.locator("#location-error")).to_be_visible()
    expect(page.locator("#description")).to_have_value("Gelap")
    expect(page.locator("#category option:checked")).to_contain_text(STREET_LIGHT)
    assert page.evaluate("document.getElementById('photos').files.length") == 1
    check_accessibility(page)

    # A photo over the server's limit that the browser cannot shrink (it is not a picture).
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * (5 * 1024 * 1024 + 10))
    page.locator("#photos").set_input_files(str(broken))
    page.locator("#description").fill("Lampu jalan mati, gelap total di malam hari.")
    page.locator(".tl-map[data-map='pick']").click()
    expect(page.locator("#latitude-input")).not_to_have_value("")
    expect(page.locator("#kecamatan")).not_to_have_value("")
    submit.click()
    expect(page.locator("#photos-error")).to_contain_text("5 MB")
    expect(page.locator("#description")).to_have_value(
        "Lampu jalan mati, gelap total di malam hari."
    )
    expect(page.locator("#latitude-input")).not_to_have_value("")
    check_accessibility(page)

    # The connection drops: said at the top, the form as it was, the button usable again.
    page.locator("#photos").set_input_files(str(small_photo(tmp_path)))
    page.route("**/laksa/new", lambda route: route.abort("internetdisconnected"))
    submit.click()
    expect(problem_banner(page)).to_contain_text("Portal tidak dapat dihubungi")
    expect(page.locator("#description")).to_have_value(
        "Lampu jalan mati, gelap total di malam hari."
    )
    expect(submit).to_be_enabled()
    page.unroute("**/laksa/new")
    check_accessibility(page)

    # The session expired (cookies gone): the form's token is refused, and the page says so.
    problem_banner(page).get_by_role("button").click()
    page.context.clear_cookies()
    submit.click()
    expect(problem_banner(page)).to_contain_text("kedaluwarsa")
    expect(page.locator("#description")).to_have_value(
        "Lampu jalan mati, gelap total di malam hari."
    )
    check_accessibility(page)

    # Signed in again, the form comes back with what was written (the photo is asked again).
    sign_in(page, NEIGHBOUR, PASSWORD, audit=check_accessibility)
    page.goto("/laksa/new")
    expect(page.locator("#description")).to_have_value(
        "Lampu jalan mati, gelap total di malam hari."
    )
    expect(page.locator("#category option:checked")).to_contain_text(STREET_LIGHT)
    expect(page.locator("#latitude-input")).not_to_have_value("")
    check_accessibility(page)


def _open_report_to_support(page: Page) -> dict:
    """A public report in process, with its pin and category, from the map's own data: one the
    signed-in citizen did not file (its page offers "I am affected too")."""
    data = page.request.get("/laksa/reports.geojson?colour=yellow").json()
    return next(
        f
        for f in data["features"]
        if f["properties"]["status"] in ("dispatched", "in_progress")
        and "/support" in page.request.get(f["properties"]["url"]).text()
    )


def test_i_am_affected_too_answers_in_its_own_box(
    page: Page, portal: Portal, check_accessibility: Callable[[Page], None]
) -> None:
    sign_in(page, "warga5@tangerang.example", PASSWORD, audit=check_accessibility)
    feature = _open_report_to_support(page)
    lon, lat = feature["geometry"]["coordinates"]
    page.context.grant_permissions(["geolocation"], origin=portal.base_url)
    page.context.set_geolocation({"latitude": lat, "longitude": lon})
    page.goto("/laksa/new")
    title = page.title()
    choose_category(page, feature["properties"]["category"])
    page.locator("#description").fill("Masalah yang sama, masih belum beres juga.")
    page.get_by_role("button", name="Pakai lokasi saya").click()
    number = feature["properties"]["id"]
    row = page.locator(f"#nearby-{number}")
    expect(row).to_be_visible()
    check_accessibility(page)
    row.get_by_role("button", name="Saya juga mengalami").click()
    expect(row).to_contain_text("Terima kasih")
    expect(row.get_by_role("link", name=re.compile(number))).to_be_visible()
    expect(
        page.locator("#laksa-nearby").locator("nav, h1, a[href='/notifications']")
    ).to_have_count(0)
    assert page.title() == title  # still the form, as typed
    expect(page.locator("#description")).to_have_value("Masalah yang sama, masih belum beres juga.")
    check_accessibility(page)


def test_the_list_at_360px_shows_a_report_before_scrolling_and_filters_by_colour(
    page: Page, check_accessibility: Callable[[Page], None], screenshot: Callable
) -> None:
    page.goto("/laksa/")
    first = page.locator(".laksa-list .laksa-row").first
    box = first.bounding_box()
    viewport = page.viewport_size
    assert box and viewport and box["y"] + box["height"] <= viewport["height"], box
    check_accessibility(page)
    screenshot(page, "laksa-list")
    # The legend's colours are radio choices, not buttons; one tap filters.
    assert page.locator(".laksa-colours button").count() == 0
    page.locator(".laksa-colours label", has_text="Selesai").click()
    page.wait_for_url("**/laksa/?*colour=green*")
    badges = page.locator(".laksa-list .laksa-badge")
    expect(badges.first).to_be_visible()
    assert badges.count() == page.locator(".laksa-list .laksa-badge.laksa-green").count()
    expect(page.locator(".laksa-more")).not_to_have_attribute("open", "")
    check_accessibility(page)


def test_the_map_has_aligned_zoom_a_key_and_clusters(
    page: Page, check_accessibility: Callable[[Page], None], screenshot: Callable
) -> None:
    page.goto("/laksa/map")
    expect(page.locator(".laksa-map .marker-cluster").first).to_be_visible()
    zoom_in = page.locator(".leaflet-control-zoom-in").bounding_box()
    zoom_out = page.locator(".leaflet-control-zoom-out").bounding_box()
    assert zoom_in and zoom_out
    assert zoom_in["x"] == zoom_out["x"] and zoom_in["width"] == zoom_out["width"]
    assert zoom_in["y"] + zoom_in["height"] <= zoom_out["y"] + 1  # stacked, not overlapping
    for button in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out"):
        # The sign sits in the middle of its box (Pico's button padding pushed it off).
        offset = page.locator(button).evaluate(
            """el => { const range = document.createRange(); range.selectNodeContents(el);
                const sign = range.getBoundingClientRect(), box = el.getBoundingClientRect();
                return Math.abs((sign.top + sign.bottom) / 2 - (box.top + box.bottom) / 2); }"""
        )
        assert offset < 4, f"{button} is {offset}px off its box"
    key = page.locator(".laksa-key")
    for words in ("Menunggu", "Proses", "Selesai"):
        expect(key).to_contain_text(words)
    # The key's dots are the list's colours.
    red = page.locator(".laksa-key .laksa-red").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    badge = page.locator(".laksa-list .laksa-badge.laksa-red").first
    assert red == badge.evaluate("el => getComputedStyle(el).backgroundColor")
    check_accessibility(page)
    page.wait_for_load_state("networkidle")
    screenshot(page, "laksa-map")


def test_without_javascript_the_map_links_to_the_list(
    nojs_page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    nojs_page.goto("/laksa/map?colour=red")
    expect(nojs_page.locator(".tl-map")).to_be_hidden()
    link = nojs_page.get_by_role("link", name="Lihat laporan dalam daftar")
    expect(link).to_be_visible()
    check_accessibility(nojs_page)
    link.click()
    nojs_page.wait_for_url("**/laksa/?colour=red")
    check_accessibility(nojs_page)


def test_without_javascript_a_report_is_filed_with_an_address(
    nojs_page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    sign_in(nojs_page, "warga3@tangerang.example", PASSWORD, audit=check_accessibility)
    nojs_page.goto("/laksa/new")
    check_accessibility(nojs_page)
    choose_category(nojs_page, STREET_LIGHT)
    nojs_page.locator("#description").fill("Lampu jalan mati di depan Pasar Lama sejak kemarin.")
    nojs_page.locator("form#laksa-new button[type='submit']").click()
    expect(nojs_page.locator("#location-error")).to_be_visible()  # no pin, no address
    expect(nojs_page.locator("#address")).to_be_visible()  # opened to be typed in
    check_accessibility(nojs_page)
    nojs_page.locator("#address").fill("Depan Pasar Lama, Jl. Kisamaun")
    nojs_page.locator("#kecamatan").select_option("Tangerang")
    nojs_page.locator("form#laksa-new button[type='submit']").click()
    nojs_page.wait_for_url("**/laksa/r/*?sent=1")
    expect(nojs_page.locator(".laksa-sent .laksa-number")).to_have_text(NUMBER)
    expect(nojs_page.locator(".laksa-share")).to_be_hidden()  # nothing that cannot work
    check_accessibility(nojs_page)


def test_officer_reporter_and_manager_forms_show_their_refusals_with_javascript_on(
    page: Page,
    portal: Portal,
    page_at: Callable[..., Page],
    check_accessibility: Callable[[Page], None],
) -> None:
    width = (page.viewport_size or {"width": 1280})["width"]
    sign_in(page, PUPR, PASSWORD, audit=check_accessibility)
    page.goto("/laksa/officer/?status=in_progress")
    check_accessibility(page)
    page.locator("main table a[href*='/laksa/officer/r/']").first.click()
    page.wait_for_load_state()
    check_accessibility(page)
    number = NUMBER.search(page.url)[0]
    act = page.locator("form[action$='/act']")

    # Resolving without a note for the reporter: the message beside the note, the choice kept.
    act.locator("input[name='action'][value='resolve']").check()
    act.locator("[type='submit']").click()
    expect(page.locator("#note-error")).to_contain_text("wajib")
    expect(act.locator("input[name='action'][value='resolve']")).to_be_checked()
    check_accessibility(page)

    # A note alone, left empty: the message beside the note.
    act.locator("input[name='action'][value='note']").check()
    act.locator("[type='submit']").click()
    expect(page.locator("#note-error")).to_be_visible()
    check_accessibility(page)

    # The session expired while the officer typed. The action form is a plain form (its answer
    # is a whole page with a map), so the answer is the portal's page saying what to do.
    act.locator("input[name='action'][value='resolve']").check()
    act.locator("textarea[name='note']").fill("Lubang sudah ditambal.")
    cookies = page.context.cookies()
    page.context.clear_cookies()
    act.locator("[type='submit']").click()
    expect(page.locator("body")).to_contain_text("kedaluwarsa")
    page.context.add_cookies(cookies)
    page.goto(f"/laksa/officer/r/{number}")
    check_accessibility(page)
    act.locator("input[name='action'][value='resolve']").check()
    act.locator("textarea[name='note']").fill("Lubang sudah ditambal.")
    act.locator("[type='submit']").click()
    expect(page.locator("main .laksa-badge.laksa-green").first).to_be_visible()
    page.locator("summary", has_text="Kontak pelapor").click()
    reporter = page.locator("dt:has-text('Email') + dd").first.inner_text()
    check_accessibility(page)

    # The reporter: a rating without stars, a reopening without a reason.
    citizen = page_at(width)
    sign_in(citizen, reporter, PASSWORD, audit=check_accessibility)
    citizen.goto(f"/laksa/r/{number}")
    check_accessibility(citizen)
    citizen.locator("form[action$='/rate'] textarea[name='comment']").fill("Kurang rapi.")
    citizen.locator("form[action$='/rate'] [type='submit']").click()
    expect(citizen.locator("#rating-error")).to_contain_text("bintang")
    expect(citizen.locator("form[action$='/rate'] textarea[name='comment']")).to_have_value(
        "Kurang rapi."
    )
    check_accessibility(citizen)
    citizen.locator("form[action$='/reopen'] [type='submit']").click()
    expect(citizen.locator("#reopen-error")).to_be_visible()
    check_accessibility(citizen)

    # The Live Room's moderation without a reason.
    moderator = page_at(width)
    sign_in(moderator, LIVE_ROOM, PASSWORD, audit=check_accessibility)
    moderator.goto(f"/laksa/officer/r/{number}")
    check_accessibility(moderator)
    moderator.locator("details.laksa-moderation summary").click()
    moderator.locator("form[action$='/hide'] [type='submit']").click()
    expect(moderator.locator("#reason-error")).to_be_visible()
    check_accessibility(moderator)

    # A manager's category with a code already taken.
    manager = page_at(width)
    sign_in(manager, portal.admin_email, portal.admin_password, audit=check_accessibility)
    manager.goto("/laksa/manage/categories/new")
    check_accessibility(manager)
    manager.locator("#code").fill("pju")
    manager.locator("#name_id").fill("Lampu taman mati")
    manager.locator("#name_en").fill("Park light out")
    manager.locator("main form [type='submit']").click()
    expect(manager.locator("#code-error")).to_be_visible()
    expect(manager.locator("#name_id")).to_have_value("Lampu taman mati")
    check_accessibility(manager)
