"""The bed board: public counts per class, updated by bed managers, never outside 0..capacity."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simpati_rs import services
from simpati_rs.models import BedWard
from simpati_rs.workflow import BedClass, BedError
from simpati_rs_factories import PASSWORD, make_wards
from tangerang_live.testing import text_of


async def test_the_public_board_shows_every_class(client, people):
    await make_wards(people.clinic.hospital)
    page = await client.get("/simpati-rs/bed")
    assert page.status_code == 200
    text = text_of(page.text)
    for label in ("VIP", "ICU"):
        assert label in text
    assert text.count(" 5 2 3 0 ") == len(BedClass), "capacity, occupied, free, waiting"


async def test_a_bed_manager_updates_and_bad_counts_are_refused(client, people):
    wards = await make_wards(people.clinic.hospital)
    icu = wards[BedClass.ICU]
    await client.sign_in("bed@rsud.example", PASSWORD)
    ok = await client.post(
        "/simpati-rs/petugas/bed",
        data={"ward": str(icu.id), "capacity": "8", "occupied": "8", "waiting": "3"},
    )
    assert ok.status_code == 303
    assert (await BedWard.get(id=icu.id)).free == 0
    for bad in ({"occupied": "9"}, {"occupied": "-1"}, {"capacity": "1e3"}, {"waiting": ""}):
        form = {"ward": str(icu.id), "capacity": "8", "occupied": "4", "waiting": "0", **bad}
        refused = await client.post("/simpati-rs/petugas/bed", data=form)
        assert refused.status_code == 422
        field = next(iter(bad))
        assert f'id="{field}-error"' in refused.text
    stored = await BedWard.get(id=icu.id)
    assert (stored.capacity, stored.occupied, stored.waiting) == (8, 8, 3)


async def test_only_bed_managers_update_beds(client, people):
    wards = await make_wards(people.clinic.hospital)
    await client.sign_in("poli@rsud.example", PASSWORD)
    form = {"ward": str(wards[BedClass.VIP].id), "capacity": "1", "occupied": "1", "waiting": "0"}
    assert (await client.post("/simpati-rs/petugas/bed", data=form)).status_code == 403
    assert (await BedWard.get(id=wards[BedClass.VIP].id)).capacity == 5


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.integers(-2, 2).filter(bool), min_size=1, max_size=25))
async def test_racing_admissions_never_leave_the_range(client, people, moves):
    ward = await BedWard.create(
        hospital=people.clinic.hospital,
        bed_class=BedClass.ISOLATION,
        capacity=3,
        occupied=1,
    )

    async def move(count: int) -> int:
        try:
            await services.move_beds(ward, count, actor=people.beds)
        except BedError:
            return 0
        return count

    applied = await asyncio.gather(*(move(m) for m in moves))
    stored = await BedWard.get(id=ward.id)
    assert 0 <= stored.occupied <= stored.capacity
    assert stored.occupied == 1 + sum(applied), "every accepted move counted, no other"
    await ward.delete()
