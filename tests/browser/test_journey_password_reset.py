"""A citizen who forgot the password sets a new one with the emailed code (JavaScript on and off);
a visitor asked to sign in on the way to the report form registers and lands back on it; an
officer who resolves without a note sees why, next to the note."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from browser_harness import Portal, login_field, sign_in, sign_out
from playwright.sync_api import Page, expect

_serial = itertools.count(1)
DEMO_PASSWORD = "laksa-demo-2026"
PUPR = "pupr@tangerang.example"

LAST_MESSAGE = """
import asyncio, sys
from tangerang_live import cli
from tangerang_live.service_models import OutboxMessage
from tangerang_live.settings import Settings

async def main():
    async with cli._connected(Settings()):
        message = await OutboxMessage.filter(recipient=sys.argv[1]).order_by("-id").first()
        print(message.body if message else "")

asyncio.run(main())
"""


def last_message_to(portal: Portal, email: str) -> str:
    """The newest outbox message to ``email``, read from the portal's database."""
    done = subprocess.run(
        [sys.executable, "-c", LAST_MESSAGE, email],
        env=portal.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def register(page: Page, n: int, password: str, audit: Callable[[Page], None]) -> str:
    """Fill in the registration form on the current page, auditing it and the page it leads
    to; the citizen's email."""
    audit(page)
    email = f"lupa.sandi.{n}@example.org"
    form = page.locator("form[action='/register']")
    form.locator("input[name='full_name']").fill(f"Rina Lupa {chr(ord('A') + n % 26)}")
    form.locator("input[name='nik']").fill(f"367101150591{n:04d}")
    form.locator("input[name='email']").fill(email)
    form.locator("input[name='phone']").fill(f"0813{66_000_000 + n:08d}")
    form.locator("input[name='password']").fill(password)
    form.locator("input[name='password_again']").fill(password)
    form.locator("[type='submit']").click()
    page.wait_for_load_state()
    audit(page)
    return email


def test_a_citizen_sets_a_new_password_with_the_emailed_code(
    core_page: Page,
    portal: Portal,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    page, n = core_page, next(_serial)
    old, new = "Cisadane-senja-2026", "Pasar-Lama-malam-2027"
    page.goto("/register")
    email = register(page, n, old, check_accessibility)
    sign_out(page)
    check_accessibility(page)

    page.goto("/login")
    page.locator("main a[href='/password-reset']").click()
    expect(page.locator("h1")).to_have_text("Lupa kata sandi?")
    check_accessibility(page)
    screenshot(page, "password-reset-request")
    page.locator("input[name='login']").fill(email.upper())
    page.locator("form[action='/password-reset'] [type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("main [role='status']")).to_contain_text("kode 6 angka")
    check_accessibility(page)

    code = re.search(r"\b(\d{6})\b", last_message_to(portal, email))
    assert code, "no code in the message"
    wrong = f"{(int(code[1]) + 1) % 10**6:06d}"
    form = page.locator("form[action='/password-reset/new']")
    form.locator("input[name='code']").fill(wrong)
    form.locator("input[name='new_password']").fill(new)
    form.locator("input[name='new_password_again']").fill(new)
    form.locator("[type='submit']").click()
    page.wait_for_load_state()
    code_field = page.locator("input[name='code']")
    expect(code_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#code-error")).to_contain_text("salah atau sudah kedaluwarsa")
    expect(page.locator("input[name='login']")).to_have_value(email.upper())
    check_accessibility(page)
    screenshot(page, "password-reset-wrong-code")

    code_field.fill(code[1])
    page.locator("input[name='new_password']").fill(new)
    page.locator("input[name='new_password_again']").fill(new)
    page.locator("form[action='/password-reset/new'] [type='submit']").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/login"
    expect(page.locator("main [role='status']")).to_contain_text("Kata sandi baru Anda")
    check_accessibility(page)
    sign_in(page, email, new, audit=check_accessibility)


def test_registering_from_the_report_form_lands_back_on_it(
    core_page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    page, n = core_page, next(_serial) + 500
    page.goto("/laksa/new")
    expect(login_field(page)).to_be_visible()
    expect(page.locator("#login-reason")).to_have_text("Masuk untuk mengirim laporan.")
    check_accessibility(page)
    page.locator("main a[href^='/register?']").click()
    register(page, n, "Situ-Cipondoh-pagi-2026", check_accessibility)
    assert urlsplit(page.url).path == "/laksa/new"
    expect(page.locator("form#laksa-new")).to_be_visible()
    expect(page.locator("input[name='name_shown'][value='kecamatan']")).to_be_checked()


def test_an_officer_resolving_without_a_note_sees_why_next_to_it(
    page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    sign_in(page, PUPR, DEMO_PASSWORD, audit=check_accessibility)
    page.goto("/laksa/officer/?status=in_progress")
    check_accessibility(page)
    page.locator("main a[href^='/laksa/officer/r/']").first.click()
    page.wait_for_load_state()
    expect(page.locator(".laksa-where a[href^='geo:']")).to_be_visible()
    expect(
        page.locator(".laksa-where .tl-map .leaflet-marker-icon, .laksa-where .tl-map path").first
    ).to_be_visible()
    check_accessibility(page)
    screenshot(page, "laksa-officer-report")
    form = page.locator("form[action$='/act']")
    form.locator("input[name='action'][value='resolve']").check()
    form.locator("textarea[name='note']").fill("")
    form.locator("[type='submit']").click()
    note = form.locator("textarea[name='note']")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#note-error")).to_be_visible()
    expect(form.locator("input[name='action'][value='resolve']")).to_be_checked()
    check_accessibility(page)
    screenshot(page, "laksa-officer-note-required")
