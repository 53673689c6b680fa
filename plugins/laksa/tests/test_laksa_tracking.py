"""Tracking numbers under concurrency: unique, and no gap among the acknowledged ones."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from laksa import services, tracking
from laksa.models import Privacy, Report
from laksa.services import NewReport
from laksa_factories import jpeg
from tangerang_live import UploadError


def test_numbers_are_formatted_and_normalised():
    assert tracking.format_number(2026, 123) == "LKS-2026-000123"
    assert tracking.normalise(" lks-2026-123 ") == "LKS-2026-000123"
    assert tracking.normalise("LKS2026000123") == "LKS-2026-000123"
    assert tracking.normalise("LKS-26-1") is None
    assert tracking.normalise("<script>") is None


def test_numbers_are_read_as_phones_type_them():
    for typed in (
        "lks 2026 123",
        "LKS\u20132026\u2013000123",
        "2026-000123",
        "Lks \u2014 2026 123",
    ):
        assert tracking.normalise(typed) == "LKS-2026-000123", typed
    assert (
        tracking.normalise("\uff2c\uff2b\uff33-\uff12\uff10\uff12\uff16-\uff11")
        == "LKS-2026-000001"
    )
    assert tracking.normalise("000123") is None  # a sequence alone is not a year
    assert tracking.normalise("LKS-2026-12a") is None


DASHES = st.sampled_from(["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", ""])
SPACES = st.sampled_from(["", " ", "  ", "\u00a0", "\t"])


@given(
    year=st.integers(2000, 2999),
    sequence=st.integers(1, 999_999_999),
    prefix=st.sampled_from(["LKS", "lks", "Lks", ""]),
    first=DASHES,
    second=DASHES,
    gaps=st.lists(SPACES, min_size=5, max_size=5),
    zeros=st.booleans(),
)
def test_any_way_of_typing_a_number_finds_it(year, sequence, prefix, first, second, gaps, zeros):
    digits = f"{sequence:06d}" if zeros else str(sequence)
    typed = "".join(
        [gaps[0], prefix, gaps[1], first if prefix else "", gaps[2], str(year)]
        + [gaps[3], second, gaps[4], digits]
    )
    assert tracking.normalise(typed) == tracking.format_number(year, sequence)


@given(st.text(max_size=40))
def test_normalising_gives_a_canonical_number_or_nothing(text):
    number = tracking.normalise(text)
    assert number is None or (
        tracking.PATTERN.match(number) and tracking.normalise(number) == number
    )


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.booleans(), min_size=5, max_size=40))
async def test_concurrent_submissions_get_unique_gapless_numbers(client, people, failures):
    """Many citizens send at once; some sends fail (a broken photo) and give their number back."""
    before = await Report.all().count()
    category = people.categories["sampah"]
    new = NewReport(
        category=category,
        title="Sampah menumpuk",
        description="Sampah belum diangkut tiga hari.",
        kecamatan="Periuk",
        privacy=Privacy.PUBLIC,
        address="Jl. Moh. Toha",
    )

    async def send(broken: bool) -> str | None:
        photos = [b"not an image at all"] if broken else [jpeg()]
        try:
            report = await services.submit_report(new, reporter=people.citizen, photos=photos)
        except UploadError:
            return None
        return report.tracking_number

    numbers = await asyncio.gather(*(send(broken) for broken in failures))
    acknowledged = [n for n in numbers if n is not None]
    assert len(acknowledged) == failures.count(False)
    assert len(set(acknowledged)) == len(acknowledged)
    stored = await Report.all().order_by("id").values_list("tracking_number", flat=True)
    assert len(stored) == before + len(acknowledged)
    assert set(acknowledged) <= set(stored)
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in stored)
    assert sequences == list(range(1, len(stored) + 1)), "a committed number is missing"


async def test_numbers_handed_out_before_the_host_sequence_are_never_reissued(client, people):
    """A database upgraded mid-year: the counter had reached 41, so the next report is 42."""
    from importlib import import_module

    from laksa.models import TrackingCounter
    from tangerang_live import next_number
    from tortoise import Tortoise

    seeding = import_module("laksa.migrations.0003_host_tracking_sequence")
    year = services.city_date(services.now()).year
    await TrackingCounter.create(year=year, last_number=41)
    await TrackingCounter.create(year=year - 1, last_number=7)
    models = {
        ("laksa", "TrackingCounter"): TrackingCounter,
        ("core", "NumberSequence"): Tortoise.apps["core"]["NumberSequence"],
    }

    class Apps:
        def get_model(self, app: str, name: str):
            return models[app, name]

    await seeding.seed_sequence(Apps(), None)
    await seeding.seed_sequence(Apps(), None)  # running it twice changes nothing
    new = NewReport(
        category=people.categories["sampah"],
        title="Sampah menumpuk",
        description="Sampah belum diangkut tiga hari.",
        kecamatan="Periuk",
        privacy=Privacy.PUBLIC,
        address="Jl. Moh. Toha",
    )
    report = await services.submit_report(new, reporter=people.citizen)
    assert report.tracking_number == tracking.format_number(year, 42)
    assert await next_number(tracking.SEQUENCE, str(year - 1)) == 8
