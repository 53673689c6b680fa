"""A newcomer's first visit: register, sign in, read the portal in English and back, sign out."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from browser_harness import login_field, open_menu, press_tab_until, sign_in, sign_out
from playwright.sync_api import Page, expect

_serial = itertools.count(1)


@dataclass(frozen=True)
class Newcomer:
    full_name: str
    nik: str
    email: str
    phone: str
    password: str = "Cisadane-senja-2026"


def newcomer() -> Newcomer:
    """A citizen nobody has registered yet in this test session."""
    n = next(_serial)
    return Newcomer(
        full_name=f"Siti Rahma {chr(ord('A') + n % 26)}",
        # Kota Tangerang (36.71), Kecamatan Tangerang (01), born 15 May 1990, serial n.
        nik=f"367101150590{n:04d}",
        email=f"siti.rahma.{n}@example.org",
        phone=f"0812{55_000_000 + n:08d}",
    )


def register_field(page: Page, name: str):  # noqa: ANN201 (a Locator)
    form = page.locator("form[action='/register']")
    if name == "password_again":
        return form.locator("input[name='password_again'], input[name='password_confirm']").first
    return form.locator(f"input[name='{name}']")


def fill_registration(page: Page, person: Newcomer, *, nik: str | None = None) -> None:
    for name in ("full_name", "email", "phone"):
        register_field(page, name).fill(getattr(person, name))
    register_field(page, "nik").fill(person.nik if nik is None else nik)
    register_field(page, "password").fill(person.password)
    register_field(page, "password_again").fill(person.password)


def sign_out_button(page: Page):  # noqa: ANN201 (a Locator)
    return page.locator("form[action='/logout'] [type='submit']")


def test_newcomer_registers_signs_in_switches_language_and_signs_out(
    core_page: Page,
    check_accessibility: Callable[[Page], None],
    screenshot: Callable[[Page, str], object],
) -> None:
    page, person = core_page, newcomer()

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    check_accessibility(page)
    screenshot(page, "home")

    open_menu(page)
    page.locator("header a[href='/login']").click()
    expect(login_field(page)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "login")

    page.locator("main a[href='/register']").click()
    expect(register_field(page, "nik")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "register")

    # A NIK with a wrong shape: the form comes back with the error beside the field and the
    # newcomer's other answers still in it.
    fill_registration(page, person, nik="3671011505")
    page.locator("form[action='/register'] [type='submit']").click()
    nik = register_field(page, "nik")
    expect(nik).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#nik-error")).to_be_visible()
    expect(register_field(page, "full_name")).to_have_value(person.full_name)
    expect(register_field(page, "email")).to_have_value(person.email)
    check_accessibility(page)
    screenshot(page, "register-errors")

    # Registering signs the newcomer in and shows the new account.
    fill_registration(page, person)
    page.locator("form[action='/register'] [type='submit']").click()
    expect(page.locator("header a[href='/account']")).to_have_text(person.full_name.split()[0])
    assert urlsplit(page.url).path == "/account"
    check_accessibility(page)
    sign_out(page)

    # Signing in with the mobile number, written the way people write it.
    sign_in(page, person.phone, person.password, audit=check_accessibility)
    account = page.locator("header a[href='/account']")
    expect(account).to_have_text(person.full_name.split()[0])
    open_menu(page)
    account.click()
    expect(page.locator("form[action='/account'] input[name='email']")).to_have_value(person.email)
    expect(page.locator("main")).to_contain_text(person.nik[:6])
    expect(page.locator("main")).not_to_contain_text(person.nik)
    check_accessibility(page)
    screenshot(page, "account")

    open_menu(page)
    indonesian_sign_out = sign_out_button(page).inner_text()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert urlsplit(page.url).path == "/account", "the language switch stays on the same page"
    expect(sign_out_button(page)).to_have_text("Sign out")
    assert indonesian_sign_out != "Sign out", "the Indonesian page must not speak English"
    check_accessibility(page)
    screenshot(page, "account-english")

    open_menu(page)
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(sign_out_button(page)).to_have_text(indonesian_sign_out)

    sign_out(page)
    open_menu(page)
    expect(page.locator("header a[href='/login']")).to_be_visible()
    expect(page.locator("header a[href='/account']")).to_have_count(0)
    page.goto("/account")
    expect(login_field(page)).to_be_visible()


def test_the_main_journey_works_with_the_keyboard_alone(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    """Tab and Enter only: register, sign in, English and back, sign out; focus always shows."""
    person = newcomer()
    page.goto("/")
    check_accessibility(page)

    open_menu(page, keyboard=True)
    press_tab_until(page, page.locator("header a[href='/register']"))
    page.keyboard.press("Enter")
    expect(register_field(page, "full_name")).to_be_visible()
    check_accessibility(page)
    for name in ("full_name", "nik", "email", "phone", "password", "password_again"):
        press_tab_until(page, register_field(page, name))
        value = getattr(person, "password" if name == "password_again" else name)
        page.keyboard.type(value)
    press_tab_until(page, page.locator("form[action='/register'] [type='submit']"))
    page.keyboard.press("Enter")
    expect(page.locator("header a[href='/account']")).to_have_count(1)
    check_accessibility(page)

    open_menu(page, keyboard=True)
    press_tab_until(page, sign_out_button(page))
    page.keyboard.press("Enter")
    # Signing out navigates: wait for the signed-out page before using the keyboard on it.
    expect(page.locator("header a[href='/account']")).to_have_count(0)
    open_menu(page, keyboard=True)
    press_tab_until(page, page.locator("header a[href='/login']"))
    page.keyboard.press("Enter")
    expect(login_field(page)).to_be_visible()
    check_accessibility(page)
    press_tab_until(page, login_field(page))
    page.keyboard.type(person.email)
    press_tab_until(page, page.locator("form[action='/login'] input[name='password']"))
    page.keyboard.type(person.password)
    page.keyboard.press("Enter")
    expect(page.locator("header a[href='/account']")).to_have_count(1)
    check_accessibility(page)

    open_menu(page, keyboard=True)
    press_tab_until(page, page.get_by_role("button", name="English"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_menu(page, keyboard=True)
    press_tab_until(page, page.get_by_role("button", name="Bahasa Indonesia"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    open_menu(page, keyboard=True)
    press_tab_until(page, sign_out_button(page))
    page.keyboard.press("Enter")
    expect(page.locator("header a[href='/login']")).to_have_count(1)
