"""The working-day calendar: pure rules under hypothesis, the holiday table and its admin page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from tangerang_live import (
    PublicHoliday,
    add_working_days,
    ensure_default_holidays,
    load_holidays,
    working_days_between,
)
from tangerang_live.db import close_database, core_app, migrate, open_database
from tangerang_live.models import AuditEntry, Role
from tangerang_live.settings import Settings
from tangerang_live.testing import create_user, running_portal, text_of

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
holiday_sets = st.frozensets(days, max_size=40)
counts = st.integers(min_value=0, max_value=60)


def _working(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


@given(days, counts, holiday_sets)
def test_a_deadline_never_falls_on_a_weekend_or_holiday(start, n, holidays):
    assert _working(add_working_days(start, n, holidays), holidays)


@given(days, counts, holiday_sets)
def test_counting_back_gives_the_days_added(start, n, holidays):
    deadline = add_working_days(start, n, holidays)
    assert working_days_between(start, deadline, holidays) == n
    # And exactly n working days lie strictly between the (rolled) start and the deadline.
    first = add_working_days(start, 0, holidays)
    between = [first + timedelta(days=i) for i in range((deadline - first).days)]
    assert sum(_working(d, holidays) for d in between) == n


@given(days, counts, counts, holiday_sets)
def test_more_days_never_give_an_earlier_deadline(start, n, m, holidays):
    low, high = sorted((n, m))
    assert add_working_days(start, low, holidays) <= add_working_days(start, high, holidays)
    if low < high:
        assert add_working_days(start, low, holidays) < add_working_days(start, high, holidays)


@given(days, days, holiday_sets)
def test_counting_is_antisymmetric_and_matches_a_day_by_day_count(a, b, holidays):
    assert working_days_between(a, b, holidays) == -working_days_between(b, a, holidays)
    low, high = sorted((a, b))
    by_hand = sum(_working(low + timedelta(days=i), holidays) for i in range((high - low).days))
    assert abs(working_days_between(a, b, holidays)) == by_hand


@given(days, counts, counts, holiday_sets)
def test_adding_in_two_steps_equals_adding_at_once(start, n, m, holidays):
    stepwise = add_working_days(add_working_days(start, n, holidays), m, holidays)
    assert stepwise == add_working_days(start, n + m, holidays)


def test_the_rule_on_known_dates():
    holidays = {date(2026, 8, 17)}  # Monday, Independence Day
    friday = date(2026, 8, 14)
    assert add_working_days(friday, 1, holidays) == date(2026, 8, 18)
    saturday = date(2026, 8, 15)
    # A Saturday start counts from the next working day (Tuesday, after the holiday).
    assert add_working_days(saturday, 0, holidays) == date(2026, 8, 18)
    assert add_working_days(saturday, 3, holidays) == date(2026, 8, 21)
    # Late on Friday evening in Tangerang is still Friday there, though Saturday nowhere else.
    friday_night = datetime(2026, 8, 14, 16, 30, tzinfo=UTC)  # 23:30 WIB
    assert add_working_days(friday_night, 1, holidays) == date(2026, 8, 18)
    assert working_days_between(friday, date(2026, 8, 21), holidays) == 4


def test_negative_days_are_refused():
    try:
        add_working_days(date(2026, 1, 5), -1, set())
    except ValueError:
        return
    raise AssertionError("negative days were accepted")


async def test_default_holidays_load_once_and_count(tmp_path):
    async with running_portal(tmp_path):
        added = await ensure_default_holidays()
        assert added == 25
        assert await ensure_default_holidays() == 0
        assert await PublicHoliday.filter(date__gte=date(2026, 1, 1)).count() == 25
        holidays = await load_holidays(date(2026, 3, 1), date(2026, 3, 31))
        assert date(2026, 3, 21) in holidays and date(2026, 1, 1) not in holidays
        # Friday 13 March + 3 working days skips Nyepi, Idulfitri and its collective leave.
        assert add_working_days(date(2026, 3, 13), 3, holidays) == date(2026, 3, 25)


async def test_admins_add_and_delete_holidays_with_an_audit_trail(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("admin@example.org", "sandi-admin-panjang", role=Role.ADMIN)
        await client.sign_in("admin@example.org", "sandi-admin-panjang")

        response = await client.post(
            "/admin/holidays", data={"date": "2027-08-17", "name": "HUT RI ke-82"}
        )
        assert response.status_code == 303
        page = await client.get(response.headers["location"])
        assert "HUT RI ke-82" in text_of(page.text)
        holiday = await PublicHoliday.get(date=date(2027, 8, 17))
        assert await AuditEntry.filter(action="holiday.added", target="2027-08-17").exists()
        assert date(2027, 8, 17) in await load_holidays(date(2027, 8, 1), date(2027, 8, 31))

        twin = await client.post("/admin/holidays", data={"date": "2027-08-17", "name": "Lagi"})
        assert twin.status_code == 400
        assert "sudah" in text_of(twin.text) or "already" in text_of(twin.text)
        assert await PublicHoliday.filter(date=date(2027, 8, 17)).count() == 1

        deleted = await client.post(f"/admin/holidays/{holiday.id}/delete")
        assert deleted.status_code == 303
        assert not await PublicHoliday.exists(id=holiday.id)
        assert await AuditEntry.filter(action="holiday.deleted").exists()
        assert date(2027, 8, 17) not in await load_holidays(date(2027, 8, 1), date(2027, 8, 31))


async def test_bad_holiday_input_comes_back_with_messages_and_stores_nothing(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("admin@example.org", "sandi-admin-panjang", role=Role.ADMIN)
        await client.sign_in("admin@example.org", "sandi-admin-panjang")
        response = await client.post(
            "/admin/holidays", data={"date": "17/08/2027", "name": "Hari <b>Raya</b>"}
        )
        assert response.status_code == 400
        assert 'aria-invalid="true"' in response.text
        assert "Hari &lt;b&gt;Raya&lt;/b&gt;" in response.text  # the input back, escaped
        empty = await client.post("/admin/holidays", data={"date": "2027-01-01", "name": ""})
        assert empty.status_code == 400
        assert not await PublicHoliday.exists()


async def test_only_admins_manage_holidays(tmp_path):
    async with running_portal(tmp_path) as client:
        assert (await client.get("/admin/holidays")).status_code == 303  # to sign-in
        await create_user("petugas@example.org", "sandi-petugas-panjang", role=Role.OFFICER)
        await client.sign_in("petugas@example.org", "sandi-petugas-panjang")
        assert (await client.get("/admin/holidays")).status_code == 403
        refused = await client.post("/admin/holidays", data={"date": "2027-01-01", "name": "X"})
        assert refused.status_code == 403
        assert not await PublicHoliday.exists()


async def test_each_database_has_its_own_holidays_even_in_one_process(tmp_path):
    async with running_portal(tmp_path / "a"):
        await PublicHoliday.create(date=date(2028, 1, 3), name="Libur kota A")
        assert await load_holidays(date(2028, 1, 1), date(2028, 1, 31)) == {date(2028, 1, 3)}
    async with running_portal(tmp_path / "b"):
        assert await load_holidays(date(2028, 1, 1), date(2028, 1, 31)) == frozenset()


async def test_a_sqlite_command_in_the_same_process_does_not_break_the_portals_database(tmp_path):
    # A command run in-process on SQLite (as the CLI's tests do) before the portal's own database.
    sqlite = Settings(
        env="test", database_url=f"sqlite://{tmp_path / 'other.sqlite3'}", var_dir=tmp_path
    )
    await migrate(sqlite, [core_app()])
    await open_database(sqlite, [core_app()])
    await PublicHoliday.create(date=date(2029, 1, 2), name="Libur SQLite")
    await close_database()
    async with running_portal(tmp_path / "portal"):
        await PublicHoliday.create(date=date(2029, 1, 3), name="Libur portal")
        assert await load_holidays(date(2029, 1, 1), date(2029, 1, 31)) == {date(2029, 1, 3)}
