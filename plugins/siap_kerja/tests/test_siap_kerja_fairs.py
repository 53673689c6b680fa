"""Job fairs: capacity holds under simultaneous registrations; a QR ticket lets one person in,
once."""

from __future__ import annotations

import asyncio
import re

import siap_kerja_factories as make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from siap_kerja import services
from siap_kerja.models import FairTicket, JobFair
from siap_kerja.services import FairDetails, RuleError
from siap_kerja_factories import PASSWORD
from tangerang_live.testing import create_user


async def _fair(people, capacity: int) -> JobFair:
    return await services.publish_fair(
        FairDetails(
            "Job Fair Tangerang", "", make.in_days(7), "Gedung Pemkot", make.KARAWACI, capacity
        ),
        [],
        officer=people.officer,
    )


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.integers(1, 4), st.integers(1, 8))
async def test_simultaneous_registrations_never_exceed_capacity(client, people, capacity, crowd):
    fair = await _fair(people, capacity)
    citizens = [await create_user(f"pengunjung{fair.id}-{i}@warga.example") for i in range(crowd)]

    async def register(user) -> bool:
        try:
            await services.register_for_fair(fair, user)
        except RuleError:
            return False
        return True

    results = await asyncio.gather(*(register(c) for c in citizens))
    tickets = await FairTicket.filter(fair_id=fair.id).count()
    assert results.count(True) == tickets == min(capacity, crowd)
    assert (await JobFair.get(id=fair.id)).registered == tickets


async def test_a_ticket_is_scanned_once_by_door_staff_only(client, people):
    fair = await _fair(people, 10)
    await client.sign_in(people.seeker.email, PASSWORD)
    registered = await client.post(f"/siap-kerja/fairs/{fair.id}/register")
    assert registered.status_code == 303
    ticket_page = await client.get(registered.headers["location"])
    scan = re.compile(r'class="sk-scan-link" href="https?://[^/"]+(/siap-kerja/officer/[^"]+)"')
    path = scan.search(ticket_page.text)[1]
    assert (await client.post(path)).status_code == 403  # the holder cannot let themselves in
    await client.sign_in(people.other_officer.email, PASSWORD)
    assert (await client.post(path)).status_code == 403
    await client.sign_in(people.officer.email, PASSWORD)
    assert (await client.get(path)).status_code == 200
    assert (await FairTicket.get()).checked_in_at is None  # looking changes nothing
    assert (await client.post(path)).status_code == 200
    assert (await FairTicket.get()).checked_in_at is not None
    again = await client.post(path)
    assert again.status_code == 409 and "Tiket ini sudah dipakai" in again.text
    assert (await client.get("/siap-kerja/officer/check-in/forged")).status_code == 404
