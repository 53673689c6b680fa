"""SIAP Kerja end to end, at phone and desktop width: an employer registers, Disnaker verifies
it, the employer posts a vacancy (a wrong salary range first), Disnaker approves it, a seeker
finds it by typing into the search and applies, the employer hires and the vacancy shows filled;
and a seeker's AK/1 card goes from application to a printed card whose QR page verifies."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit

from browser_harness import sign_in, sign_out
from playwright.sync_api import Page, expect

DEMO_PASSWORD = "siap-demo-2026"
RECRUITER = "hrd.baru@tangerang.example"
OFFICER = "disnaker@tangerang.example"
SEEKER = "pencaker3@tangerang.example"
# Each width runs the whole journey on the same portal: its own company, vacancy and card holder.
CARD_HOLDERS = {
    360: ("pencaker4@tangerang.example", "Nur Aisyah", "3671094112010004"),
    1280: ("pencaker5@tangerang.example", "Bayu Saputra", "3671120303970005"),
}


def submit(page: Page, form_selector: str) -> None:
    """Send a form that succeeds: htmx answers with HX-Redirect, and the browser moves on."""
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type='submit']").first.click()


def press(page: Page, button: str) -> None:
    """Click a form button that succeeds and leads to another page (or the same one again)."""
    with page.expect_navigation():
        page.locator(button).click()


def test_employer_to_hire_and_the_ak1_card(
    page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    width = page.viewport_size["width"]
    company = f"PT Surya Panel {width}"
    title = f"Teknisi Panel Surya {width}"
    card_holder, holder_name, holder_nik = CARD_HOLDERS[width]

    # The employer registers the company.
    sign_in(page, RECRUITER, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/siap-kerja/employer/register")
    form = "form[action='/siap-kerja/employer/register']"
    page.fill(f"{form} #name", company)
    page.fill(f"{form} #nib", f"91200010{width:05d}")
    page.fill(f"{form} #npwp", "01.234.567.8-901.000")
    page.fill(f"{form} #address", "Jl. Gatot Subroto Km 5")
    page.fill(f"{form} #contact_name", "Joko HRD Baru")
    page.fill(f"{form} #contact_phone", "0812 3456 7890")
    page.select_option(f"{form} #sector", "manufacturing")
    page.select_option(f"{form} #kecamatan", label="Jatiuwung")
    check_accessibility(page)
    submit(page, form)
    expect(page.locator("main")).to_contain_text(company)
    check_accessibility(page)
    sign_out(page)

    # Disnaker verifies it.
    sign_in(page, OFFICER, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/siap-kerja/officer/")
    check_accessibility(page)
    screenshot(page, "siap-kerja-queue")
    page.get_by_role("link", name=company).click()
    check_accessibility(page)
    press(page, "button[name='decision'][value='approve']")
    sign_out(page)

    # The employer posts a vacancy; a salary range upside down is refused next to the field.
    sign_in(page, RECRUITER, DEMO_PASSWORD)
    page.goto("/siap-kerja/employer/")
    section = page.locator("section.sk-employer", has_text=company)
    section.get_by_role("button", name=re.compile("Pasang lowongan|Post a vacancy")).click()
    form = "form[action$='/vacancies/new']"
    page.fill(f"{form} #title", title)
    page.fill(f"{form} #description", "Memasang dan merawat panel surya di atap pabrik mitra.")
    page.select_option(f"{form} #employment_type", "FULL_TIME")
    page.fill(f"{form} #salary_min", "7000000")
    page.fill(f"{form} #salary_max", "6000000")
    page.fill(f"{form} #skills", "listrik, panel surya")
    page.fill(f"{form} #openings", "1")
    page.fill(f"{form} #closes_on", (date.today() + timedelta(days=20)).isoformat())
    page.fill(f"{form} #address", "Jl. Gatot Subroto Km 5")
    page.select_option(f"{form} #kecamatan", label="Jatiuwung")
    check_accessibility(page)
    page.locator(f"{form} button[type='submit']").click()
    expect(page.locator("#salary_max-error")).to_be_visible()
    expect(page.locator(f"{form} #title")).to_have_value(title)
    check_accessibility(page)
    screenshot(page, "siap-kerja-vacancy-errors")
    page.fill(f"{form} #salary_max", "8500000")
    submit(page, form)
    expect(page.locator("main")).to_contain_text(title)
    sign_out(page)

    # Disnaker approves the vacancy.
    sign_in(page, OFFICER, DEMO_PASSWORD)
    page.goto("/siap-kerja/officer/")
    page.get_by_role("link", name=title).click()
    check_accessibility(page)
    press(page, "button[name='decision'][value='approve']")
    sign_out(page)

    # A seeker finds it by typing (htmx, debounced) and applies.
    sign_in(page, SEEKER, DEMO_PASSWORD)
    page.goto("/siap-kerja/")
    page.locator("#q").press_sequentially("panel surya", delay=40)
    expect(page.locator("#sk-results")).to_contain_text(title)
    check_accessibility(page)
    screenshot(page, "siap-kerja-search")
    page.locator("#sk-results").get_by_role("link", name=title).click()
    vacancy_path = urlsplit(page.url).path
    check_accessibility(page)
    screenshot(page, "siap-kerja-vacancy")
    page.get_by_role("button", name=re.compile("^(Lamar|Apply)$")).click()
    check_accessibility(page)
    page.fill("#cover_note", "Saya berpengalaman memasang panel surya dua tahun.")
    submit(page, "form[action$='/apply']")
    number = re.search(r"SKL-\d{4}-\d{6}", page.locator("main h1").inner_text())[0]
    check_accessibility(page)
    sign_out(page)

    # The employer shortlists, invites and hires; the vacancy is filled.
    sign_in(page, RECRUITER, DEMO_PASSWORD)
    page.goto("/siap-kerja/employer/")
    mine = page.locator("section.sk-employer", has_text=company)
    mine.get_by_role("link", name=re.compile("^(Lamaran|Applications)$")).click()
    check_accessibility(page)
    page.get_by_role("link", name="Rizky Hidayat").click()
    check_accessibility(page)
    press(page, "button[name='action'][value='shortlist']")
    interview = (date.today() + timedelta(days=3)).isoformat() + "T10:00"
    page.fill("#interview_at", interview)
    page.fill("#interview_place", "Kantor HRD, Jatiuwung")
    press(page, "button[name='action'][value='invite']")
    press(page, "button[name='action'][value='hire']")
    check_accessibility(page)
    screenshot(page, "siap-kerja-hired")
    page.goto(vacancy_path)
    expect(page.locator(".sk-banner")).to_contain_text(re.compile("terisi|filled"))
    check_accessibility(page)
    sign_out(page)

    sign_in(page, SEEKER, DEMO_PASSWORD)
    page.goto("/siap-kerja/mine")
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text(re.compile("Diterima|Hired"))
    check_accessibility(page)
    sign_out(page)

    # The AK/1 card: a NIK from outside the city is refused, then approved and printed.
    sign_in(page, card_holder, DEMO_PASSWORD)
    page.goto("/siap-kerja/card")
    page.fill("#nik", "36030" + holder_nik[5:])
    page.fill("#address", "Jl. Kisamaun No. 8")
    page.select_option("#kecamatan", label="Tangerang")
    page.select_option("#education", "3")
    check_accessibility(page)
    page.locator("form[action='/siap-kerja/card'] button[type='submit']").click()
    expect(page.locator("#nik-error")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "siap-kerja-card-errors")
    page.fill("#nik", holder_nik)
    submit(page, "form[action='/siap-kerja/card']")
    sign_out(page)

    sign_in(page, OFFICER, DEMO_PASSWORD)
    page.goto("/siap-kerja/officer/")
    page.get_by_role("link", name=holder_name).click()
    check_accessibility(page)
    press(page, "button[name='decision'][value='approve']")
    sign_out(page)

    sign_in(page, card_holder, DEMO_PASSWORD)
    page.goto("/siap-kerja/card/print")
    card_number = re.search(r"AK1-3671-\d{4}-\d{6}", page.locator(".sk-ak1").inner_text())[0]
    expect(page.locator(".sk-ak1 svg")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "siap-kerja-card-print")
    check_url = page.locator("a.sk-check-link").get_attribute("href") or ""
    path = re.search(r"/siap-kerja/card/check/[^/?#]+$", check_url)
    assert path, check_url
    sign_out(page)
    page.goto(path[0])
    expect(page.locator(".sk-check")).to_contain_text(card_number)
    expect(page.locator(".sk-check")).to_contain_text(holder_name)
    check_accessibility(page)
    screenshot(page, "siap-kerja-card-check")
