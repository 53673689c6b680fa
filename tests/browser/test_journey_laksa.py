"""LAKSA end to end: a citizen reports a broken road with a photo and a map pin, the Tangerang
Live Room verifies and dispatches it, Dinas PUPR resolves it with an after-photo, and the citizen
sees it green and rates the result (at desktop and phone width)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_harness import sign_in, sign_out
from PIL import Image
from playwright.sync_api import Page, expect

DEMO_PASSWORD = "laksa-demo-2026"
CITIZEN = "warga1@tangerang.example"
LIVE_ROOM = "liveroom@tangerang.example"
PUPR = "pupr@tangerang.example"


def photo(folder: Path, name: str, colour: tuple[int, int, int]) -> Path:
    path = folder / name
    Image.new("RGB", (320, 240), colour).save(path, "JPEG")
    return path


def act(page: Page, action: str, note: str = "", files: list[Path] | None = None) -> None:
    form = page.locator("form[action$='/act']")
    form.locator(f"input[name='action'][value='{action}']").check()
    if note:
        form.locator("textarea[name='note']").fill(note)
    if files:
        form.locator("input[name='photos']").set_input_files([str(f) for f in files])
    form.locator("[type='submit']").click()
    page.wait_for_load_state()


def test_report_is_verified_dispatched_resolved_and_rated(
    page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
    tmp_path: Path,
) -> None:
    sign_in(page, CITIZEN, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/laksa/new")
    form = page.locator("form#laksa-new")
    form.locator("select[name='category']").select_option(
        label="Jalan rusak / berlubang (Dinas Pekerjaan Umum dan Penataan Ruang)"
    )
    form.locator("textarea[name='description']").fill(
        "Lubang selebar satu meter di lajur kiri, sudah ada pengendara motor jatuh."
    )
    page.locator(".tl-map[data-map='pick']").click()
    expect(form.locator("input[name='latitude']")).not_to_have_value("")
    expect(form.locator("input[name='longitude']")).not_to_have_value("")
    form.locator("select[name='kecamatan']").select_option("Tangerang")
    form.locator("input[name='photos']").set_input_files(
        str(photo(tmp_path, "before.jpg", (120, 110, 100)))
    )
    check_accessibility(page)
    screenshot(page, "laksa-new")
    form.locator("button[type='submit']").click()
    page.wait_for_load_state()

    banner = page.locator(".laksa-sent")
    expect(banner).to_be_visible()
    number = re.search(r"LKS-\d{4}-\d{6}", banner.inner_text())[0]
    expect(page.locator("main .laksa-badge.laksa-red").first).to_be_visible()
    expect(page.locator(".laksa-photos img").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "laksa-received")
    sign_out(page)

    sign_in(page, LIVE_ROOM, DEMO_PASSWORD, audit=check_accessibility)
    page.goto(f"/laksa/officer/r/{number}")
    check_accessibility(page)
    act(page, "verify")
    check_accessibility(page)
    expect(page.locator("form[action$='/act'] select[name='department']")).to_be_visible()
    act(page, "dispatch")
    expect(page.locator("main .laksa-badge.laksa-yellow").first).to_be_visible()
    check_accessibility(page)
    sign_out(page)

    sign_in(page, PUPR, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/laksa/officer/")
    expect(page.locator(f"a[href='/laksa/officer/r/{number}']")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "laksa-queue")
    page.locator(f"a[href='/laksa/officer/r/{number}']").click()
    act(page, "start")
    check_accessibility(page)
    act(
        page,
        "resolve",
        note="Lubang sudah ditambal dengan aspal panas.",
        files=[photo(tmp_path, "after.jpg", (40, 120, 60))],
    )
    expect(page.locator("main .laksa-badge.laksa-green").first).to_be_visible()
    check_accessibility(page)
    sign_out(page)

    sign_in(page, CITIZEN, DEMO_PASSWORD, audit=check_accessibility)
    page.goto(f"/laksa/r/{number}")
    expect(page.locator("main .laksa-badge.laksa-green").first).to_be_visible()
    expect(page.locator(".laksa-timeline")).to_contain_text("Lubang sudah ditambal")
    expect(page.locator(".laksa-timeline .laksa-photos img").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "laksa-resolved")
    rating = page.locator("form[action$='/rate']")
    rating.locator("input[name='rating'][value='5']").check()
    rating.locator("textarea[name='comment']").fill("Cepat sekali, terima kasih!")
    rating.locator("[type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator(".laksa-facts")).to_contain_text("5")
    expect(page.locator(".laksa-timeline")).to_contain_text("Cepat sekali, terima kasih!")
    expect(page.locator("form[action$='/rate']")).to_have_count(0)
    check_accessibility(page)
