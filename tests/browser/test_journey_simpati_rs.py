"""Simpati RS end to end: a citizen books a queue number for a family member (first with a date of
birth that does not match the NIK), gets the number, the time to come and the QR code; on the day
the desk checks a patient in, the polyclinic calls them, and the waiting-room board and the
patient's page show it (at desktop and phone width)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable

from browser_harness import Portal, is_phone, sign_in, sign_out
from playwright.sync_api import Page, expect

DEMO_PASSWORD = "simpati-demo-2026"
CITIZEN = "pasien1@tangerang.example"
DESK = "loket.rsud@tangerang.example"
NURSE = "poli.dalam@tangerang.example"

# Today's sessions may be over whenever the journey runs, so the on-the-day part starts from a
# booking made early this morning in a session of Penyakit Dalam running today.
BOOKED_THIS_MORNING = """
import asyncio, sys
from datetime import date, datetime, time
from simpati_rs import services
from simpati_rs.models import Doctor, Polyclinic, PracticeSession
from simpati_rs.workflow import Patient, Payer
from tangerang_live import CITY_TIMEZONE, User, city_today
from tangerang_live.app import create_app

async def main(nik, born):
    app = create_app()
    async with app.router.lifespan_context(app):
        today = city_today()
        polyclinic = await Polyclinic.get(code="penyakit-dalam")
        doctor = await Doctor.filter(polyclinic=polyclinic).first()
        session, _ = await PracticeSession.get_or_create(
            polyclinic=polyclinic, doctor=doctor, weekday=today.weekday(), starts_minute=7 * 60,
            defaults={"ends_minute": 23 * 60 + 59, "quota": 40, "jkn_quota": 20},
        )
        citizen = await User.get(email=sys.argv[3])
        elder = Patient("Ibu Sri Wahyuni", nik, date.fromisoformat(born), Payer.GENERAL)
        booking = await services.book(
            session, today, elder,
            booked_by=citizen, rules=services.Rules(14, 60),
            now=datetime.combine(today, time(0, 0), CITY_TIMEZONE),
        )
        print(booking.code)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def booked_this_morning(portal: Portal, nik: str, born: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", BOOKED_THIS_MORNING, nik, born, CITIZEN],
        env=portal.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_book_check_in_call_and_follow_the_board(
    page: Page,
    portal: Portal,
    page_at: Callable[..., Page],
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    phone = is_phone(page)
    # Each width books for a different family member: one booking per patient per polyclinic.
    child = ("3671015505150004", "2015-05-15") if phone else ("3671010707120003", "2012-07-07")
    elder = ("3671026208590012", "1959-08-22") if phone else ("3671026208590011", "1959-08-22")

    page.goto("/simpati-rs/")
    check_accessibility(page)
    screenshot(page, "simpati-rs-polyclinics")
    page.get_by_role("link", name="Anak", exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)
    screenshot(page, "simpati-rs-sessions")
    book_link = page.locator("a.srs-book").first
    expect(book_link).to_be_visible()
    book_href = book_link.get_attribute("href")

    sign_in(page, CITIZEN, DEMO_PASSWORD, audit=check_accessibility)
    page.goto(book_href)
    form = page.locator("form#srs-book")
    form.locator("input[name='patient_name']").fill("Rafi Fauzi")
    form.locator("input[name='nik']").fill(child[0])
    form.locator("input[name='born']").fill("2015-05-16")  # a day off: the NIK says otherwise
    form.locator("button[type='submit']").click()
    error = page.locator("#born-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("NIK")
    expect(form.locator("input[name='nik']")).to_have_value(child[0])
    check_accessibility(page)
    screenshot(page, "simpati-rs-book-errors")

    page.locator("form#srs-book input[name='born']").fill(child[1])
    page.locator("form#srs-book button[type='submit']").click()
    page.wait_for_url("**/simpati-rs/b/RS-*")
    expect(page.locator("[data-testid='number']")).to_have_text(re.compile(r"^[1-9][0-9]*$"))
    expect(page.locator("[data-testid='code']")).to_have_text(re.compile(r"^RS-[A-Z0-9]{6}$"))
    expect(page.locator(".srs-qr svg")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "simpati-rs-ticket")
    sign_out(page)

    code = booked_this_morning(portal, *elder)
    sign_in(page, DESK, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/simpati-rs/loket")
    page.locator("input[name='code']").fill("RS-NOPE00")
    page.locator("main form [type='submit']").click()
    expect(page.locator("#code-error")).to_be_visible()
    page.locator("input[name='code']").fill(code.lower())
    page.locator("main form [type='submit']").click()
    expect(page.locator(".srs-ok")).to_contain_text("Ibu Sri Wahyuni")
    check_accessibility(page)
    screenshot(page, "simpati-rs-desk")
    sign_out(page)

    sign_in(page, NURSE, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/simpati-rs/")
    link = page.get_by_role("link", name="Penyakit Dalam", exact=True)
    polyclinic_id = link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"/simpati-rs/petugas/poli/{polyclinic_id}")
    lane = page.locator("section.srs-lane", has_text="Ibu Sri Wahyuni").last
    lane.get_by_role("button", name="Panggil berikutnya").click()
    page.wait_for_load_state()
    called = page.locator("li.srs-called", has_text="Ibu Sri Wahyuni")
    expect(called).to_be_visible()
    number = called.locator("strong").first.inner_text()
    check_accessibility(page)
    screenshot(page, "simpati-rs-queue")

    width = page.viewport_size["width"]
    screen = page_at(width)  # the waiting-room screen: nobody signed in
    screen.goto(f"/simpati-rs/antrean/{polyclinic_id}")
    expect(screen.locator(f".srs-number[data-number='{number}']")).to_be_visible()
    check_accessibility(screen)
    screenshot(screen, "simpati-rs-board")

    patient = page_at(width)
    sign_in(patient, CITIZEN, DEMO_PASSWORD, audit=check_accessibility)
    patient.goto(f"/simpati-rs/b/{code}")
    expect(patient.locator("#srs-position")).to_contain_text("dipanggil")
    check_accessibility(patient)
    screenshot(patient, "simpati-rs-called")

    # Served at the polyclinic: the open board and the patient's page follow by themselves.
    called.get_by_role("button", name="Selesai").click()
    expect(screen.locator(f".srs-number[data-number='{number}']")).to_have_count(0, timeout=5000)
    expect(patient.locator("#srs-position")).not_to_contain_text("dipanggil", timeout=8000)
