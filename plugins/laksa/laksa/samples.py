"""What the host's route checks fill LAKSA's path parameters with (see ``declare_access`` in the
plugin guide): made for the test's world, never called by the portal itself."""

from __future__ import annotations

from typing import Any

from laksa import services
from laksa.models import ApiKey, Category, Privacy, Report
from laksa.services import NewReport
from laksa.workflow import Action


async def category(world: Any) -> dict[str, Any]:
    """A category routed to the department of ``world.officer``."""
    found, _created = await Category.get_or_create(
        code="sample",
        defaults={"name_id": "Contoh", "name_en": "Sample", "department": world.department},
    )
    return {"id": found.id, "code": found.code, "fmt": "json"}


async def report(world: Any) -> dict[str, Any]:
    """A confidential report of ``world.citizen``, resolved by the department: the one a stranger
    must not read, and the one its reporter may rate or reopen. Beside it a public report of the
    same citizen that the Live Room has not verified yet: no stranger may read that one either."""
    sample = await Category.get(id=(await category(world))["id"])
    waiting = NewReport(
        category=sample,
        title="Contoh laporan belum diverifikasi",
        description="Uraian yang menunggu verifikasi Live Room",
        kecamatan="Tangerang",
        privacy=Privacy.PUBLIC,
        address="Jl. Menunggu No. 2",
    )
    if not await Report.exists(title=waiting.title):  # once: the citizen's hourly limit counts
        await services.submit_report(waiting, reporter=world.citizen)
    new = NewReport(
        category=sample,
        title="Contoh laporan rahasia",
        description="Uraian yang hanya boleh dibaca pelapor dan petugas",
        kecamatan="Tangerang",
        privacy=Privacy.CONFIDENTIAL,
        address="Jl. Contoh No. 1",
    )
    filed = await services.submit_report(new, reporter=world.citizen)
    for action in (Action.VERIFY, Action.DISPATCH, Action.START, Action.RESOLVE):
        filed = await services.transition(
            filed,
            action,
            actor=None,
            department=world.department,
            note="Selesai",
            url="/",  # nobody reads the sample's notifications
        )
    return {
        "number": filed.tracking_number,
        "id": filed.tracking_number,
        "fmt": "json",
        "private_text": [
            *(new.title, new.description, new.address),
            *(waiting.title, waiting.description, waiting.address),
        ],
    }


async def api_key(world: Any) -> dict[str, Any]:
    from laksa.open311 import new_api_key  # open311 declares its routes with these samples

    key, key_hash = new_api_key()
    row = await ApiKey.create(name="Contoh", key_hash=key_hash, prefix=key[:6])
    return {"id": row.id}


async def unknown(world: Any) -> dict[str, Any]:
    """A resource the Open311 API does not have."""
    return {"rest": "v2/tickets.json"}
