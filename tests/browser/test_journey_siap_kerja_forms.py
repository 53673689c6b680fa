"""SIAP Kerja's forms with JavaScript on (htmx), at phone and desktop width: each form sent with
a mistake the browser cannot catch is answered with the message next to the field and what was
typed still there; a form sent while the connection is lost, or after the session expired, keeps
what was typed and says what happened in the page's banner."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from browser_harness import sign_in, sign_out
from playwright.sync_api import Page, Route, expect

DEMO_PASSWORD = "siap-demo-2026"
RECRUITER = "hrd.baru@tangerang.example"
OFFICER = "disnaker@tangerang.example"
# Each width runs on the same portal: its own company, vacancy and job seeker.
SEEKERS = {
    360: ("pencaker4@tangerang.example", "Nur Aisyah"),
    1280: ("pencaker5@tangerang.example", "Bayu Saputra"),
}


def send(page: Page, form: str) -> None:
    """Click the form's (first) submit button; the answer is swapped in by htmx."""
    page.locator(f"{form} [type='submit']").first.click()


def send_and_leave(page: Page, button: str) -> None:
    """Click a button whose form succeeds and leads to another page."""
    with page.expect_navigation():
        page.locator(button).click()


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
    seeker, seeker_name = SEEKERS[width]

    # Employer registration: an NIB one digit short.
    sign_in(page, RECRUITER, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/siap-kerja/employer/register")
    form = "form[action='/siap-kerja/employer/register']"
    page.fill(f"{form} #name", company)
    page.fill(f"{form} #nib", f"9130002{width:05d}")  # 12 digits
    page.fill(f"{form} #npwp", "01.234.567.8-901.000")
    page.fill(f"{form} #address", "Jl. Industri Raya No. 7")
    page.fill(f"{form} #contact_name", "Joko HRD Baru")
    page.fill(f"{form} #contact_phone", "0812 3456 7890")
    page.select_option(f"{form} #sector", "logistics")
    page.select_option(f"{form} #kecamatan", label="Periuk")
    send(page, form)
    refused(page, "nib")
    expect(page.locator(f"{form} #name")).to_have_value(company)
    expect(page.locator(f"{form} #contact_phone")).to_have_value("0812 3456 7890")
    expect(page.locator(f"{form} #sector")).to_have_value("logistics")
    check_accessibility(page)
    page.fill(f"{form} #nib", f"91300020{width:05d}")
    send_and_leave(page, f"{form} [type='submit']")
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
    send_and_leave(page, f"{form} [type='submit']")
    sign_out(page)

    # Officer review: sending a vacancy back needs a note.
    sign_in(page, OFFICER, DEMO_PASSWORD)
    page.goto("/siap-kerja/officer/")
    page.get_by_role("link", name=title).click()
    page.locator("button[name='decision'][value='refuse']").click()
    refused(page, "note")
    check_accessibility(page)
    send_and_leave(page, "button[name='decision'][value='approve']")
    sign_out(page)

    # The seeker's profile: a CV that is not a PDF.
    sign_in(page, seeker, DEMO_PASSWORD)
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
    send_and_leave(page, "form[action$='/apply'] [type='submit']")
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
    expect(page.locator(f"{form} #full_name")).to_have_value(seeker_name)
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
    page.get_by_role("link", name=seeker_name).click()
    send_and_leave(page, "button[name='action'][value='shortlist']")
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
