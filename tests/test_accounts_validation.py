"""The pure checks behind every form that asks for a NIK, a mobile number or a password."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tangerang_live import i18n
from tangerang_live.accounts import (
    PROVINCE_CODES,
    InvalidInput,
    normalize_email,
    normalize_phone,
    parse_nik,
    password_problem,
)

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are matched in English, whichever catalogs earlier tests loaded."""
    token = i18n.current_locale.set("en")
    yield
    i18n.current_locale.reset(token)


provinces = st.sampled_from(sorted(PROVINCE_CODES))
two_digits = st.integers(min_value=1, max_value=99)
births = st.dates(min_value=TODAY - timedelta(days=99 * 365), max_value=TODAY)
serials = st.integers(min_value=1, max_value=9999)


def make_nik(province: int, regency: int, district: int, born: date, female: bool, serial: int):
    day = born.day + 40 if female else born.day
    place = f"{province:02}{regency:02}{district:02}"
    return f"{place}{day:02}{born.month:02}{born.year % 100:02}{serial:04}"


@given(provinces, two_digits, two_digits, births, st.booleans(), serials)
def test_every_well_formed_nik_is_accepted_and_decoded(
    province, regency, district, born, female, serial
):
    nik = parse_nik(make_nik(province, regency, district, born, female, serial), today=TODAY)
    assert nik.birth_date == born
    assert nik.female is female
    assert nik.province == f"{province:02}"


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 16))
def test_a_nik_of_any_other_length_is_refused(digits):
    with pytest.raises(InvalidInput):
        parse_nik(digits, today=TODAY)


@given(st.text(min_size=16, max_size=16).filter(lambda s: not (s.isascii() and s.isdigit())))
def test_a_nik_with_anything_but_digits_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_nik(text, today=TODAY)


@given(
    st.integers(min_value=0, max_value=99).filter(lambda p: p not in PROVINCE_CODES),
    births,
)
def test_a_nik_outside_the_province_codes_is_refused(province, born):
    with pytest.raises(InvalidInput, match="province"):
        parse_nik(make_nik(province, 1, 1, born, False, 1), today=TODAY)


impossible_days = st.sampled_from([0, *range(32, 41), *range(72, 100)])
impossible_months = st.sampled_from([0, *range(13, 100)])


@given(
    st.one_of(
        st.tuples(impossible_days, st.integers(min_value=1, max_value=12)),
        st.tuples(st.integers(min_value=1, max_value=28), impossible_months),
    )
)
def test_impossible_birth_dates_are_refused(day_and_month):
    # Days 32-40 and 72 on do not exist for anyone (women's days are 41-71), nor months 0 or 13+.
    day, month = day_and_month
    with pytest.raises(InvalidInput, match="birth date"):
        parse_nik(f"367101{day:02}{month:02}900001", today=TODAY)


def test_february_29_exists_only_in_leap_years():
    assert parse_nik("3671012902960001", today=TODAY).birth_date == date(1996, 2, 29)
    with pytest.raises(InvalidInput):
        parse_nik("3671016902970001", today=TODAY)


def test_a_nik_born_tomorrow_is_refused_and_spaces_are_forgiven():
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(InvalidInput):
        parse_nik(make_nik(36, 71, 1, tomorrow, False, 1), today=TODAY)
    assert parse_nik("3671 0112 0590 0001", today=TODAY).number == "3671011205900001"
    with pytest.raises(InvalidInput):
        parse_nik("3671010000000000", today=TODAY)  # serial 0000 and day 00


mobile_prefixes = st.sampled_from(["811", "812", "813", "821", "852", "856", "857", "878", "896"])


@given(mobile_prefixes, st.text(alphabet="0123456789", min_size=7, max_size=8))
def test_indonesian_mobile_numbers_are_stored_in_one_form_however_written(prefix, rest):
    stored = normalize_phone(f"0{prefix}{rest}")
    assert stored == f"+62{prefix}{rest}"
    assert normalize_phone(f"+62 {prefix}-{rest}") == stored
    assert normalize_phone(f"62{prefix}{rest}") == stored


@given(st.text(max_size=25))
def test_phone_normalization_either_refuses_or_returns_an_indonesian_number(raw):
    try:
        stored = normalize_phone(raw)
    except InvalidInput:
        return
    assert stored.startswith("+62") and stored[1:].isdigit()
    assert normalize_phone(stored) == stored  # idempotent


@pytest.mark.parametrize("raw", ["0812345", "+14155552671", "021 5551234", "nomor saya", ""])
def test_short_foreign_landline_or_garbage_phone_numbers_are_refused(raw):
    with pytest.raises(InvalidInput):
        normalize_phone(raw)


def test_email_is_lowercased_and_must_look_like_an_address():
    assert normalize_email("  Budi@Contoh.ID ") == "budi@contoh.id"
    for bad in ["budi", "budi@", "@contoh.id", "budi@contoh", "a b@contoh.id"]:
        with pytest.raises(InvalidInput):
            normalize_email(bad)


@pytest.mark.parametrize(
    "password",
    ["pendek", "password123", "indonesia", "qwertyuiop", "aaaaaaaaaaaa", "abababababab"],
)
def test_short_common_or_repetitive_passwords_are_refused(password):
    assert password_problem(password) is not None


def test_passwords_built_on_personal_details_are_refused():
    assert password_problem("budi.santoso!", personal=["Budi Santoso"]) is not None
    assert password_problem("budi.santoso!", personal=["Siti Rahma"]) is None
    assert password_problem("xx3671011205900001", personal=["3671011205900001"]) is not None
    assert password_problem("siti.rahma2026", personal=["siti.rahma@contoh.id"]) is not None
    assert password_problem("Kali Pasir di pagi hari") is None


@given(st.text(min_size=10, max_size=200))
def test_password_check_never_crashes(password):
    result = password_problem(password, personal=["x@y.id", "+6281234567890"])
    assert result is None or isinstance(result, str)
