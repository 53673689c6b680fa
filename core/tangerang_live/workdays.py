"""The working-day calendar: Monday to Friday, minus the public holidays admins keep.

The rule, used for every deadline in the portal:

- A *working day* is a Monday to Friday that is not in the holiday table.
- ``add_working_days(start, n)`` first rolls a start that falls on a weekend or holiday forward to
  the next working day (a report filed on Saturday is "received" on Monday), then moves ``n``
  working days on. ``n = 0`` therefore gives the start itself, or the next working day.
- ``working_days_between(a, b)`` counts the working days ``d`` with ``a <= d < b`` (negative
  when ``b`` comes before ``a``), so that for every start
  ``working_days_between(start, add_working_days(start, n)) == n``.

Datetimes are taken on the city's clock (Asia/Jakarta) before the date is read: a report sent at
23:30 WIB on Friday counts from Friday, whatever the server's zone.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from tortoise import Tortoise

from tangerang_live import i18n
from tangerang_live.service_models import PublicHoliday

CITY_ZONE = ZoneInfo("Asia/Jakarta")
HOLIDAY_CACHE_SECONDS = 60.0
"""How long a worker trusts its copy of the holiday table; admin edits on this worker clear it."""

_ONE_DAY = timedelta(days=1)
_holiday_cache: dict[int, tuple[object, float, frozenset[date]]] = {}
"""Per year: the database connection it was read from, when, and the days."""


def city_date(moment: datetime | date) -> date:
    """The calendar date of ``moment`` in Kota Tangerang (naive datetimes are taken as UTC)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(CITY_ZONE).date()
    return moment


def format_city_time(moment: datetime) -> str:
    """``moment`` as people in the city read it: their clock, their language."""
    return format_datetime(
        moment, "d MMM yyyy, HH:mm", tzinfo=CITY_ZONE, locale=i18n.current_locale.get()
    )


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date]) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays):
        day += _ONE_DAY
    return day


def add_working_days(start: datetime | date, days: int, holidays: Collection[date]) -> date:
    """The date ``days`` working days after ``start`` (see the module's rule for odd starts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    holidays = holidays if isinstance(holidays, (set, frozenset)) else frozenset(holidays)
    day = next_working_day(city_date(start), holidays)
    while days:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            days -= 1
    return day


def working_days_between(a: date, b: date, holidays: Collection[date]) -> int:
    """How many working days ``d`` satisfy ``a <= d < b``; the negative count when ``b < a``."""
    if b < a:
        return -working_days_between(b, a, holidays)
    weeks, rest = divmod((b - a).days, 7)
    weekdays = weeks * 5 + sum(1 for i in range(rest) if (a + timedelta(days=i)).weekday() < 5)
    closed = sum(1 for h in set(holidays) if a <= h < b and h.weekday() < 5)
    return weekdays - closed


async def load_holidays(start: date, end: date) -> frozenset[date]:
    """Holidays from ``start`` to ``end`` (both included), read per year and cached briefly.

    Deadlines are computed on many pages; the table changes a few times a year, so each worker
    keeps each year for ``HOLIDAY_CACHE_SECONDS``.
    """
    found: set[date] = set()
    now = time.monotonic()
    # A process that reopens the database (tests, commands) must not see the old one's days.
    connection = Tortoise.get_connection("default")
    for year in range(start.year, end.year + 1):
        cached = _holiday_cache.get(year)
        if cached is None or cached[0] is not connection or now - cached[1] > HOLIDAY_CACHE_SECONDS:
            days = await PublicHoliday.filter(
                date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
            ).values_list("date", flat=True)
            cached = (connection, now, frozenset(days))  # type: ignore[arg-type]  # tortoise types flat values_list rows as tuples
            _holiday_cache[year] = cached
        found.update(d for d in cached[2] if start <= d <= end)
    return frozenset(found)


def forget_cached_holidays() -> None:
    """Drop this worker's copy of the holiday table (after an admin changed it)."""
    _holiday_cache.clear()


# Keputusan Bersama Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497, 2 dan 5
# Tahun 2025: 17 national holidays and 8 days of collective leave (cuti bersama), on which the
# city's offices are closed too, so deadlines skip them as well.
INDONESIA_2026_HOLIDAYS: tuple[tuple[date, str], ...] = (
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi"),
    (date(2026, 3, 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    (date(2026, 3, 20), "Cuti bersama Idulfitri 1447 H"),
    (date(2026, 3, 21), "Idulfitri 1447 H"),
    (date(2026, 3, 22), "Idulfitri 1447 H"),
    (date(2026, 3, 23), "Cuti bersama Idulfitri 1447 H"),
    (date(2026, 3, 24), "Cuti bersama Idulfitri 1447 H"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Iduladha 1447 H"),
    (date(2026, 5, 28), "Cuti bersama Iduladha 1447 H"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 H"),
    (date(2026, 8, 17), "Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 24), "Cuti bersama Hari Raya Natal"),
    (date(2026, 12, 25), "Hari Raya Natal"),
)


async def ensure_default_holidays(
    holidays: Iterable[tuple[date, str]] = INDONESIA_2026_HOLIDAYS,
) -> int:
    """Add the given holidays that the table lacks (idempotent); return how many were added.

    A date already in the table is left as the admin keeps it, name included.
    """
    holidays = list(holidays)
    present = set(
        await PublicHoliday.filter(date__in=[d for d, _ in holidays]).values_list("date", flat=True)
    )
    missing = [PublicHoliday(date=d, name=name) for d, name in holidays if d not in present]
    if missing:
        await PublicHoliday.bulk_create(missing)
        forget_cached_holidays()
    return len(missing)
