"""City data and time: the 13 kecamatan, the city's clock, languages on demand, public links."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from processes import portal_env, run_cli
from tangerang_live import (
    CITY_TIMEZONE,
    KECAMATAN,
    absolute_url,
    city,
    city_now,
    city_today,
    gettext,
    i18n,
    in_locale,
    kecamatan_by_code,
    nearest_kecamatan,
)
from tangerang_live.settings import Settings, SettingsError, active_settings, use_settings

FACTS_NAMES = [
    "Batuceper",
    "Benda",
    "Cibodas",
    "Ciledug",
    "Cipondoh",
    "Jatiuwung",
    "Karangtengah",
    "Karawaci",
    "Larangan",
    "Neglasari",
    "Periuk",
    "Pinang",
    "Tangerang",
]


def test_the_thirteen_kecamatan_have_distinct_codes_of_the_city():
    assert [k.name for k in KECAMATAN] == FACTS_NAMES
    codes = [k.code for k in KECAMATAN]
    assert len(set(codes)) == 13 and all(c.startswith("36.71.") for c in codes)
    assert kecamatan_by_code("36.71.05").name == "Cipondoh"
    assert kecamatan_by_code("36.71.99") is None


def test_each_centre_is_its_own_nearest_kecamatan():
    assert [nearest_kecamatan(k.latitude, k.longitude) for k in KECAMATAN] == list(KECAMATAN)
    # Masjid Raya Al-A'zhom, by the city hall, lies in Kecamatan Tangerang.
    assert nearest_kecamatan(-6.1717, 106.6399).name == "Tangerang"


@given(
    st.sampled_from(KECAMATAN),
    st.floats(-0.004, 0.004),
    st.floats(-0.004, 0.004),
)
def test_a_point_a_few_hundred_metres_from_a_centre_is_placed_there(kecamatan, dlat, dlon):
    # No two centres are closer than 2 km (Karangtengah and Ciledug), so 600 m away is still home.
    assert nearest_kecamatan(kecamatan.latitude + dlat, kecamatan.longitude + dlon) == kecamatan


def test_the_city_clock_is_western_indonesian_time(monkeypatch):
    assert city_now().utcoffset() == timedelta(hours=7)
    assert str(CITY_TIMEZONE) == "Asia/Jakarta"
    late_evening_utc = datetime(2026, 3, 31, 17, 30, tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return late_evening_utc.astimezone(tz)

    monkeypatch.setattr(city, "datetime", Frozen)
    assert city_now().hour == 0 and city_today().isoformat() == "2026-04-01"


def test_in_locale_translates_for_someone_else_then_restores_the_language():
    i18n.load_catalogs([Path(i18n.__file__).parent / "locale"])
    assert gettext("Page not found.") == "Halaman tidak ditemukan."
    with in_locale("en") as chosen:
        assert chosen == "en" and gettext("Page not found.") == "Page not found."
    assert gettext("Page not found.") == "Halaman tidak ditemukan."
    with in_locale("fr") as chosen:
        assert chosen == "id"


def test_absolute_urls_come_from_the_public_url_setting():
    before = active_settings()
    use_settings(Settings(env="test", public_url="https://live.tangerangkota.go.id/"))
    try:
        assert absolute_url("/laksa/r/1") == "https://live.tangerangkota.go.id/laksa/r/1"
        for bad in ("laksa/r/1", "//evil.example/x", "https://evil.example/"):
            with pytest.raises(ValueError):
                absolute_url(bad)
    finally:
        use_settings(before)
    with pytest.raises(SettingsError):
        Settings(env="test", public_url="live.tangerangkota.go.id")


def test_migrate_loads_the_public_holidays_once_and_keeps_an_admins_deletion(tmp_path):
    env = portal_env(tmp_path / "var")
    first = run_cli(env, "migrate")
    assert first.returncode == 0, first.stderr
    assert "added 25 public holiday(s)" in first.stdout
    database = tmp_path / "var" / "portal.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute(
            "SELECT name FROM core_public_holiday WHERE date = '2026-08-17'"
        ).fetchone()
        db.execute("DELETE FROM core_public_holiday WHERE date = '2026-05-15'")
    again = run_cli(env, "migrate")
    assert "public holiday" not in again.stdout
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM core_public_holiday").fetchone() == (24,)
