"""Bed managers keep the bed board current: capacity, occupied and waiting list per class."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import current_user, plugin_context, redirect, require_role
from tangerang_live import gettext as _

from simpati_rs import access, services
from simpati_rs.forms import form_text, parse_beds, parse_int
from simpati_rs.models import BedWard
from simpati_rs.views.common import page
from simpati_rs.workflow import BedClass


async def _wards(request: Request) -> list[BedWard]:
    """Every ward of every hospital the signed-in bed manager looks after."""
    user = await current_user(request)
    if not await access.manages_beds(user):
        raise HTTPException(403)
    hospitals = await access.bed_hospital_ids(user)
    wards = BedWard.all() if hospitals is None else BedWard.filter(hospital_id__in=hospitals)
    found = await wards.select_related("hospital")
    order = list(BedClass)
    return sorted(found, key=lambda w: (w.hospital_id, order.index(BedClass(w.bed_class))))


@require_role()
async def beds(request: Request) -> Response:
    wards = await _wards(request)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    failed: int | None = None
    if request.method == "POST":
        form = await request.form()
        ward_id = parse_int(form_text(form, "ward"), 1)
        ward = next((w for w in wards if w.id == ward_id), None)
        if ward is None:
            raise HTTPException(404)
        values = {k: form_text(form, k) for k in ("capacity", "occupied", "waiting")}
        counts = parse_beds(values, errors)
        if counts is not None:
            actor = await current_user(request)
            assert actor is not None  # _wards let only a bed manager in
            await services.set_beds(ward, counts, actor=actor)
            return redirect(request, plugin_context(request).url("manage_beds") + "?ok=1")
        failed = ward.id
    context = {
        "wards": wards,
        "errors": errors,
        "values": values,
        "failed": failed,
        "saved": request.query_params.get("ok") == "1",
        "message": _("Please correct the marked fields.") if errors else "",
    }
    return await page(
        request, "simpati_rs/manage_beds.html", context, status_code=422 if errors else 200
    )
