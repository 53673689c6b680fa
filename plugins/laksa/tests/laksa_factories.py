"""What LAKSA's tests build: images and a filled-in report form."""

from __future__ import annotations

import io

from laksa import services
from laksa.models import Category, Report
from laksa.workflow import Action
from PIL import Image

PASSWORD = "rahasia-yang-panjang"


def jpeg(size: tuple[int, int] = (64, 48), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif is None:
        image.save(out, "JPEG")
    else:
        image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def report_form(category: Category, **overrides: str) -> dict[str, str]:
    form = {
        "category": str(category.id),
        "title": "Lubang besar di Jl. Daan Mogot",
        "description": "Lubang sedalam 20 cm, sudah dua motor jatuh minggu ini.",
        "latitude": "-6.1767",
        "longitude": "106.6405",
        "address": "Jl. Daan Mogot No. 1",
        "kecamatan": "Tangerang",
        "privacy": "public",
    }
    form.update(overrides)
    return form


async def verified(report: Report | None = None) -> Report:
    """``report`` (the newest one by default) as the Live Room verified it: from now on public,
    unless confidential."""
    report = report or await Report.all().order_by("-id").first()
    assert report is not None
    return await services.transition(report, Action.VERIFY, actor=None, url="/")
