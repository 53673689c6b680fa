"""Simpati RS end to end: a citizen books a queue number for a family member (first with a date of
birth that does not match the NIK), gets the number, the time to come and the QR code; on the day
the desk checks a patient in, the polyclinic calls them, and the waiting-room board and the
patient's page show it (at desktop and phone width)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable

from browser_harness import Portal, is_phone, sign_in, sign_out
from playwright.sync_api import Locator, Page, expect

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


# Sessions of a test doctor at Poli Jiwa: one starting in 20 minutes (booking has closed), one in
# two days with its single place taken, and the same one three weeks later (not open yet).
PREPARED_SESSIONS = """
import asyncio, json, sys
from datetime import date, timedelta
from simpati_rs import services
from simpati_rs.models import Doctor, Polyclinic, PracticeSession
from simpati_rs.workflow import Patient, Payer
from tangerang_live import User, city_now, load_holidays
from tangerang_live.app import create_app

async def working_day(first):
    closed = set(await load_holidays(first, first + timedelta(days=30)))
    days = [first + timedelta(days=7 * k) for k in range(5)]
    return next(day for day in days if day not in closed)

async def main(width, nik):
    app = create_app()
    async with app.router.lifespan_context(app):
        now = city_now()
        polyclinic = await Polyclinic.get(code="jiwa")
        name = f"dr. Uji Formulir {width}, Sp.KJ"
        doctor, _ = await Doctor.get_or_create(polyclinic=polyclinic, name=name)
        soon = now + timedelta(minutes=20)
        start = min(soon.hour * 60 + soon.minute, 23 * 60 + 58)
        closing, _ = await PracticeSession.get_or_create(
            polyclinic=polyclinic, doctor=doctor, weekday=soon.weekday(),
            defaults={"starts_minute": start, "ends_minute": start + 1, "quota": 9, "jkn_quota": 0},
        )
        full_day = await working_day(now.date() + timedelta(days=2))
        full, _ = await PracticeSession.get_or_create(
            polyclinic=polyclinic, doctor=doctor, weekday=full_day.weekday(),
            defaults={"starts_minute": 8 * 60, "ends_minute": 12 * 60, "quota": 1, "jkn_quota": 0},
        )
        citizen = await User.get(email="pasien3@tangerang.example")
        taken = Patient("Pasien Kuota Penuh", nik, date(1990, 1, 1), Payer.GENERAL)
        await services.book(full, full_day, taken, booked_by=citizen, rules=services.Rules(14, 60))
        far = await working_day(full_day + timedelta(days=21))
        print(json.dumps({
            "closing": [closing.id, soon.date().isoformat()],
            "full": [full.id, full_day.isoformat()],
            "far": [full.id, far.isoformat()],
        }))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""
KEEPER = "jadwal.rsud@tangerang.example"
BEDS = "bed.rsud@tangerang.example"


def prepared_sessions(portal: Portal, width: str, nik: str) -> dict[str, list]:
    done = subprocess.run(
        [sys.executable, "-c", PREPARED_SESSIONS, width, nik],
        env=portal.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def send(page: Page, form: Locator) -> None:
    """Submit ``form`` with a mark on the page, which a full reload would wipe out."""
    page.evaluate("window.srsSamePage = true")
    form.locator("button[type='submit']").first.click()


def answered_in_place(page: Page, error: Locator, text: str) -> None:
    """The refusal is shown next to its field, swapped in by htmx (the page was not reloaded)."""
    expect(error).to_be_visible()
    expect(error).to_contain_text(text)
    assert page.evaluate("window.srsSamePage === true"), "the form was not sent by htmx"


def test_every_form_shows_what_is_wrong_with_javascript_on(
    page: Page,
    portal: Portal,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    phone = is_phone(page)
    width = "phone" if phone else "desktop"
    prepared = prepared_sessions(portal, width, "3671030101900102" if phone else "3671030101900101")
    child = ("3671014406180006", "2018-06-04") if phone else ("3671010303170005", "2017-03-03")

    # The booking's steps: the doctor chosen on the polyclinic's page narrows its sessions in place.
    sign_in(page, CITIZEN, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/simpati-rs/")
    check_accessibility(page)
    page.get_by_role("link", name="Jiwa", exact=True).click()
    page.wait_for_load_state()
    page.evaluate("window.srsSamePage = true")
    page.locator("#dokter").select_option(label=f"dr. Uji Formulir {width}, Sp.KJ")
    expect(page).to_have_url(re.compile(r"dokter=\d+"))
    expect(page.locator("#srs-dates li").first).to_contain_text(f"Uji Formulir {width}")
    assert page.evaluate("window.srsSamePage === true")
    check_accessibility(page)

    def booking_page(session_day: list) -> Locator:
        page.goto(f"/simpati-rs/daftar?session={session_day[0]}&day={session_day[1]}")
        check_accessibility(page)
        form = page.locator("form#srs-book")
        form.locator("input[name='patient_name']").fill("Nayla Putri")
        form.locator("input[name='nik']").fill(child[0])
        form.locator("input[name='born']").fill(child[1])
        return form

    for session_day, text in (
        (prepared["far"], "14 hari"),
        (prepared["closing"], "ditutup"),
        (prepared["full"], "penuh"),
    ):
        form = booking_page(session_day)
        send(page, form)
        answered_in_place(page, page.locator("#session-error"), text)
        expect(page.locator("form#srs-book input[name='nik']")).to_have_value(child[0])
        check_accessibility(page)

    # A session open for booking at Poli Anak: JKN without a referral, then a lost connection and
    # an expired form (both shown by the portal's banner, the typed details left as they were),
    # then booked, then the same patient a second time.
    page.goto("/simpati-rs/")
    check_accessibility(page)
    page.get_by_role("link", name="Anak", exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)
    open_href = page.locator("a.srs-book").last.get_attribute("href")
    session_day = re.findall(r"session=(\d+)&day=([0-9-]+)", open_href)[0]
    form = booking_page(list(session_day))
    form.locator("input[name='payer'][value='jkn']").check()
    form.locator("input[name='jkn_number']").fill("0001234567890")
    send(page, form)
    answered_in_place(page, page.locator("#referral-error"), "rujukan")
    expect(page.locator("form#srs-book input[name='jkn_number']")).to_have_value("0001234567890")
    check_accessibility(page)

    form = page.locator("form#srs-book")
    form.locator("input[name='payer'][value='general']").check()
    page.route("**/simpati-rs/daftar", lambda route: route.abort("internetdisconnected"))
    send(page, form)
    problem = page.locator("#request-problem")
    expect(problem).to_contain_text("Portal tidak dapat dihubungi")
    expect(form.locator("input[name='nik']")).to_have_value(child[0])
    page.unroute("**/simpati-rs/daftar")
    problem.get_by_role("button").click()
    check_accessibility(page)

    send(page, form)
    page.wait_for_url("**/simpati-rs/b/RS-*")
    booked = page.url
    check_accessibility(page)
    form = booking_page(list(session_day))
    send(page, form)
    answered_in_place(page, page.locator("#nik-error"), "sudah")
    check_accessibility(page)

    # Cancelled in another tab meanwhile: the second cancel and a move are refused on the page.
    page.goto(booked)
    check_accessibility(page)
    cancel_url = page.locator("form#srs-cancel").get_attribute("action")
    move_url = page.get_by_role("link", name="Pindah ke tanggal atau dokter lain").get_attribute(
        "href"
    )
    token = page.locator("form#srs-cancel input[name='csrftoken']").input_value()
    page.goto(move_url)
    check_accessibility(page)
    assert page.request.post(cancel_url, form={"csrftoken": token}, max_redirects=0).status == 303
    send(page, page.locator("main form").first)
    answered_in_place(page, page.locator("#session-error"), "tidak dapat diubah")
    check_accessibility(page)

    # The form of a page left open after signing out elsewhere has expired: the banner says so.
    form = booking_page(list(session_day))
    page.context.clear_cookies()
    send(page, form)
    expect(page.locator("#request-problem")).to_contain_text("kedaluwarsa")
    expect(form.locator("input[name='patient_name']")).to_have_value("Nayla Putri")
    check_accessibility(page)

    # The registration desk: a code nobody has.
    sign_in(page, DESK, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/simpati-rs/loket")
    check_accessibility(page)
    page.locator("#srs-desk input[name='code']").fill("RS-NOPE00")
    send(page, page.locator("#srs-desk"))
    answered_in_place(page, page.locator("#code-error"), "Tidak ada pendaftaran")
    expect(page.locator("#srs-desk input[name='code']")).to_have_value("RS-NOPE00")
    check_accessibility(page)
    sign_out(page)

    # The bed board: more occupied beds than there are.
    sign_in(page, BEDS, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/simpati-rs/petugas/bed")
    check_accessibility(page)
    ward = page.locator("form.srs-ward").first
    capacity = ward.locator("input[name='capacity']").input_value()
    ward.locator("input[name='occupied']").fill(str(int(capacity) + 5))
    send(page, ward)
    answered_in_place(page, page.locator("#occupied-error"), "kapasitas")
    expect(page.locator("form.srs-ward").first.locator("input[name='occupied']")).to_have_value(
        str(int(capacity) + 5)
    )
    check_accessibility(page)
    sign_out(page)

    # The catalogue: a session ending before it starts with more JKN places than places, leave
    # ending before it starts, a day closed in the past, a polyclinic code with spaces.
    sign_in(page, KEEPER, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/simpati-rs/kelola")
    check_accessibility(page)
    screenshot(page, "simpati-rs-catalogue")
    page.get_by_role("link", name="Jiwa", exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.get_by_role("button", name="Tambah sesi praktik mingguan").click()
    page.wait_for_load_state()
    check_accessibility(page)
    form = page.locator("#srs-catalogue")
    form.locator("#f-doctor").select_option(label=f"dr. Uji Formulir {width}, Sp.KJ")
    form.locator("#f-weekday").select_option(label="Sabtu")
    form.locator("#f-starts").fill("10:00")
    form.locator("#f-ends").fill("09:00")
    form.locator("#f-quota").fill("10")
    form.locator("#f-jkn_quota").fill("12")
    send(page, form)
    answered_in_place(page, page.locator("#ends-error"), "setelah jam mulai")
    expect(page.locator("#jkn_quota-error")).to_contain_text("lebih dari kuota")
    expect(page.locator("#f-starts")).to_have_value("10:00")
    check_accessibility(page)
    screenshot(page, "simpati-rs-catalogue-errors")

    page.goto("/simpati-rs/kelola")
    check_accessibility(page)
    page.get_by_role("link", name="Jiwa", exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.get_by_role("link", name=f"dr. Uji Formulir {width}, Sp.KJ", exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.get_by_role("button", name="Catat cuti").click()
    page.wait_for_load_state()
    check_accessibility(page)
    form = page.locator("#srs-catalogue")
    first = form.locator("#f-starts_on").input_value()
    form.locator("#f-ends_on").fill("2000-01-01")
    send(page, form)
    answered_in_place(page, page.locator("#ends_on-error"), "sebelum hari pertama")
    expect(page.locator("#f-starts_on")).to_have_value(first)
    check_accessibility(page)

    page.goto("/simpati-rs/kelola")
    check_accessibility(page)
    page.get_by_role("button", name="Tutup satu hari").click()
    page.wait_for_load_state()
    check_accessibility(page)
    form = page.locator("#srs-catalogue")
    form.locator("#f-day").fill("2001-02-03")
    form.locator("#f-name").fill("Hari jadi")
    send(page, form)
    answered_in_place(page, page.locator("#day-error"), "hari ini")
    expect(page.locator("#f-name")).to_have_value("Hari jadi")
    check_accessibility(page)

    page.goto("/simpati-rs/kelola")
    check_accessibility(page)
    page.get_by_role("button", name="Tambah poliklinik").click()
    page.wait_for_load_state()
    check_accessibility(page)
    form = page.locator("#srs-catalogue")
    form.locator("#f-code").fill("Poli Baru")
    form.locator("#f-name_id").fill("Poli Baru")
    form.locator("#f-name_en").fill("New clinic")
    send(page, form)
    answered_in_place(page, page.locator("#code-error"), "huruf kecil")
    expect(page.locator("#f-name_en")).to_have_value("New clinic")
    check_accessibility(page)
