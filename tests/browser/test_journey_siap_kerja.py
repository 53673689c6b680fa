"""SIAP Kerja end to end, at phone and desktop width: an employer registers, Disnaker verifies
it, the employer posts a vacancy (a wrong salary range first), Disnaker approves it, a seeker
finds it by typing into the search and applies, the employer hires and the vacancy shows filled;
and a seeker's AK/1 card goes from application to a printed card whose QR page verifies.

Then every form with JavaScript on (htmx), sent with a mistake the browser cannot catch: the
message is next to the field and what was typed is still there; a form sent while the connection
is lost, or after the session expired, keeps what was typed and the page's banner says why."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit

from browser_harness import sign_in, sign_out
from playwright.sync_api import Page, Route, expect

DEMO_PASSWORD = "siap-demo-2026"
RECRUITER = "hrd.baru@tangerang.example"
OFFICER = "disnaker@tangerang.example"
SEEKER = "pencaker3@tangerang.example"
SEEKER_NAME = "Rizky Hidayat"
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


REGISTER_FORM = "form[action='/siap-kerja/employer/register']"


def fill_company(page: Page, name: str, nib: str, sector: str, kecamatan: str) -> None:
    """Open the company registration form and fill it in (not sent)."""
    page.goto("/siap-kerja/employer/register")
    page.fill(f"{REGISTER_FORM} #name", name)
    page.fill(f"{REGISTER_FORM} #nib", nib)
    page.fill(f"{REGISTER_FORM} #npwp", "01.234.567.8-901.000")
    page.fill(f"{REGISTER_FORM} #address", f"Jl. Industri {kecamatan} No. 5")
    page.fill(f"{REGISTER_FORM} #contact_name", "Joko HRD Baru")
    page.fill(f"{REGISTER_FORM} #contact_phone", "0812 3456 7890")
    page.select_option(f"{REGISTER_FORM} #sector", sector)
    page.select_option(f"{REGISTER_FORM} #kecamatan", label=kecamatan)


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
    fill_company(page, company, f"91200010{width:05d}", "manufacturing", "Jatiuwung")
    check_accessibility(page)
    submit(page, REGISTER_FORM)
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
    page.get_by_role("link", name=SEEKER_NAME).click()
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


def send(page: Page, form: str) -> None:
    """Click the form's (first) submit button; the answer is swapped in by htmx."""
    page.locator(f"{form} [type='submit']").first.click()


def refused(page: Page, field: str) -> None:
    """The field's message is shown next to it, and the field is marked as the one to correct."""
    expect(page.locator(f"#{field}-error")).to_be_visible()
    expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{field}")).to_have_attribute("aria-describedby", f"{field}-error")


def test_every_form_shows_its_refusals_next_to_the_field_and_keeps_what_was_typed(
    page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    width = page.viewport_size["width"]
    company = f"PT Formulir Uji {width}"
    title = f"Operator Gudang Dingin {width}"

    # Employer registration: an NIB one digit short.
    sign_in(page, RECRUITER, DEMO_PASSWORD, audit=check_accessibility)
    fill_company(page, company, f"9130002{width:05d}", "logistics", "Periuk")  # 12 digits
    form = REGISTER_FORM
    send(page, form)
    refused(page, "nib")
    expect(page.locator(f"{form} #name")).to_have_value(company)
    expect(page.locator(f"{form} #contact_phone")).to_have_value("0812 3456 7890")
    expect(page.locator(f"{form} #sector")).to_have_value("logistics")
    check_accessibility(page)
    page.fill(f"{form} #nib", f"91300020{width:05d}")
    press(page, f"{form} [type='submit']")
    expect(page.locator("main")).to_contain_text(company)
    check_accessibility(page)
    sign_out(page)

    # Officer review: another officer verified the company in the meantime (a second tab); the
    # refusal typed here is kept beside the message.
    sign_in(page, OFFICER, DEMO_PASSWORD)
    page.goto("/siap-kerja/officer/")
    check_accessibility(page)
    page.get_by_role("link", name=company).click()
    check_accessibility(page)
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    with other_tab.expect_navigation():
        other_tab.locator("button[name='decision'][value='approve']").click()
    other_tab.close()
    page.fill("#reason", "NPWP tidak terbaca")
    page.locator("button[name='decision'][value='refuse']").click()
    refused(page, "reason")
    expect(page.locator("#reason")).to_have_value("NPWP tidak terbaca")
    check_accessibility(page)
    sign_out(page)

    # Vacancy posting: no openings.
    sign_in(page, RECRUITER, DEMO_PASSWORD)
    page.goto("/siap-kerja/employer/")
    section = page.locator("section.sk-employer", has_text=company)
    section.get_by_role("button", name=re.compile("Pasang lowongan|Post a vacancy")).click()
    form = "form[action$='/vacancies/new']"
    page.fill(f"{form} #title", title)
    page.fill(f"{form} #description", "Menyusun dan mencatat barang di gudang berpendingin.")
    page.select_option(f"{form} #employment_type", "CONTRACTOR")
    page.check(f"{form} input[name='negotiable']")
    page.fill(f"{form} #openings", "0")
    page.fill(f"{form} #closes_on", (date.today() + timedelta(days=30)).isoformat())
    page.fill(f"{form} #address", "Jl. Industri Raya No. 7")
    page.select_option(f"{form} #kecamatan", label="Periuk")
    send(page, form)
    refused(page, "openings")
    expect(page.locator(f"{form} #title")).to_have_value(title)
    expect(page.locator(f"{form} input[name='negotiable']")).to_be_checked()
    check_accessibility(page)
    page.fill(f"{form} #openings", "2")
    press(page, f"{form} [type='submit']")
    sign_out(page)

    # Officer review: sending a vacancy back needs a note.
    sign_in(page, OFFICER, DEMO_PASSWORD)
    page.goto("/siap-kerja/officer/")
    page.get_by_role("link", name=title).click()
    page.locator("button[name='decision'][value='refuse']").click()
    refused(page, "note")
    check_accessibility(page)
    press(page, "button[name='decision'][value='approve']")
    sign_out(page)

    # The seeker's profile: a CV that is not a PDF.
    sign_in(page, SEEKER, DEMO_PASSWORD)
    page.goto("/siap-kerja/profile")
    form = "form[action='/siap-kerja/profile']"
    page.select_option(f"{form} #education", "3")
    page.fill(f"{form} #skills", "forklift, stok opname")
    page.select_option(f"{form} #kecamatan", label="Periuk")
    page.set_input_files(
        f"{form} #cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"hi"}]
    )
    send(page, form)
    refused(page, "cv")
    expect(page.locator(f"{form} #skills")).to_have_value("forklift, stok opname")
    check_accessibility(page)

    # Applying twice: the second is refused next to the cover note, which is kept.
    page.goto("/siap-kerja/")
    page.locator("#q").press_sequentially("gudang dingin", delay=40)
    expect(page.locator("#sk-results")).to_contain_text(title)
    check_accessibility(page)
    page.locator("#sk-results").get_by_role("link", name=title).click()
    check_accessibility(page)
    apply_path = page.url.rstrip("/") + "/apply"
    page.goto(apply_path)
    check_accessibility(page)
    page.fill("#cover_note", "Saya terbiasa bekerja di gudang berpendingin.")
    press(page, "form[action$='/apply'] [type='submit']")
    check_accessibility(page)
    page.goto(apply_path)
    page.fill("#cover_note", "Lamaran kedua untuk lowongan yang sama.")
    send(page, "form[action$='/apply']")
    refused(page, "cover_note")
    expect(page.locator("#cover_note")).to_have_value("Lamaran kedua untuk lowongan yang sama.")
    check_accessibility(page)

    # The AK/1 application: a NIK from outside the city.
    page.goto("/siap-kerja/card")
    form = "form[action='/siap-kerja/card']"
    page.fill(f"{form} #nik", "3603051505980001")
    page.fill(f"{form} #address", "Jl. Kisamaun No. 9")
    page.select_option(f"{form} #kecamatan", label="Periuk")
    send(page, form)
    refused(page, "nik")
    expect(page.locator(f"{form} #address")).to_have_value("Jl. Kisamaun No. 9")
    expect(page.locator(f"{form} #full_name")).to_have_value(SEEKER_NAME)
    check_accessibility(page)

    # The connection drops as the form is sent: the banner says so, the form stays as typed.
    problem = page.locator("#request-problem")
    page.route(re.compile(r".*/siap-kerja/card$"), lambda route: _drop_posts(route))
    send(page, form)
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Portal tidak dapat dihubungi")
    expect(page.locator(f"{form} #address")).to_have_value("Jl. Kisamaun No. 9")
    screenshot(page, "siap-kerja-form-offline")
    problem.get_by_role("button").click()
    page.unroute(re.compile(r".*/siap-kerja/card$"))

    # The session expired (signed out elsewhere, cookies gone): the form is refused (403) with
    # the host's message, and what was typed is still there to send again after signing in.
    page.context.clear_cookies()
    send(page, form)
    expect(problem).to_be_visible()
    expect(problem).to_contain_text(re.compile("kedaluwarsa|muat ulang", re.IGNORECASE))
    expect(page.locator(f"{form} #address")).to_have_value("Jl. Kisamaun No. 9")
    expect(page.locator(f"{form} #nik")).to_have_value("3603051505980001")

    # The employer's pipeline: an interview invitation without its date.
    sign_in(page, RECRUITER, DEMO_PASSWORD)
    page.goto("/siap-kerja/employer/")
    mine = page.locator("section.sk-employer", has_text=company)
    mine.get_by_role("link", name=re.compile("^(Lamaran|Applications)$")).click()
    check_accessibility(page)
    page.get_by_role("link", name=SEEKER_NAME).click()
    press(page, "button[name='action'][value='shortlist']")
    page.fill("#interview_place", "Gudang Periuk, pintu 3")
    page.locator("button[name='action'][value='invite']").click()
    refused(page, "interview_at")
    expect(page.locator("#interview_place")).to_have_value("Gudang Periuk, pintu 3")
    check_accessibility(page)
    screenshot(page, "siap-kerja-interview-errors")


def _drop_posts(route: Route) -> None:
    if route.request.method == "POST":
        route.abort("internetdisconnected")
    else:
        route.continue_()
