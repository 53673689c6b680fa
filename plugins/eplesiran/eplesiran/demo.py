"""Demo data from FACTS.md: the city's attractions, facilities around them, and a GENERATED street
grid around them (labelled as such) so directions work without a real extract. Idempotent."""

from __future__ import annotations

from typing import Any

from tangerang_live import ensure_officer

from eplesiran import access, services
from eplesiran.models import Place, Source
from eplesiran.routing import grid_network
from eplesiran.services import PlaceData, network_info
from eplesiran.workflow import Category

DEMO_EDITOR = "disbudpar@tangerang.example"
DEMO_PASSWORD = "eplesiran-demo-2026"
"""A Disbudpar officer who edits places, for a local demo portal only."""
GENERATED_SOURCE = "generated demo grid (not real streets)"
DEMO_AREA = (106.620, -6.200, 106.690, -6.165)
"""west, south, east, north: the old town along the Cisadane to Situ Cipondoh."""

ATTRACTIONS = [
    (
        "Masjid Raya Al-A'zhom", Category.RELIGIOUS, -6.1717, 106.6399,
        "Masjid raya Kota Tangerang dengan kubah bertingkat tanpa tiang penyangga di tengahnya.",
        "Tangerang's grand mosque, whose stacked domes stand without central pillars.",
        "Mo-Su 04:00-21:00", 0,
    ),
    (
        "Pasar Lama", Category.CULINARY, -6.1781, 106.6322,
        "Jalan kuliner malam di kawasan kota lama: laksa, sate, kue basah dan es.",
        "The old town's night food street: laksa, satay, traditional cakes and iced drinks.",
        "Mo-Su 16:00-23:00", 0,
    ),
    (
        "Klenteng Boen Tek Bio", Category.RELIGIOUS, -6.1787, 106.6316,
        "Klenteng tertua di Tangerang (abad ke-17), pusat budaya Cina Benteng.",
        "Tangerang's oldest Chinese temple (17th century), heart of Cina Benteng culture.",
        "Mo-Su 06:00-18:00", 0,
    ),
    (
        "Museum Benteng Heritage", Category.MUSEUM, -6.1783, 106.6313,
        "Museum peranakan Cina Benteng di rumah tua yang dipugar.",
        "A museum of Cina Benteng peranakan life in a restored old house.",
        "Tu-Su 10:00-17:00", 20000,
    ),
    (
        "Masjid Jami' Kali Pasir", Category.RELIGIOUS, -6.1760, 106.6328,
        "Masjid tua di tepi Cisadane, berdampingan dengan kampung pecinan.",
        "An old mosque on the Cisadane, side by side with the Chinese quarter.",
        "Mo-Su 04:00-21:00", 0,
    ),
    (
        "Jembatan Berendeng", Category.HERITAGE, -6.1797, 106.6339,
        "Jembatan di atas Sungai Cisadane dengan pemandangan kota lama.",
        "A bridge over the Cisadane river with views of the old town.",
        "24/7", 0,
    ),
    (
        "Kampung Bekelir", Category.HERITAGE, -6.1835, 106.6268,
        "Kampung warna-warni dengan mural di setiap gang.",
        "A kampung painted in every colour, with murals in each alley.",
        "24/7", 0,
    ),
    (
        "Situ Cipondoh", Category.PARK, -6.1850, 106.6790,
        "Danau untuk bersantai, perahu dan kuliner di tepi air.",
        "A lake for strolling, boat rides and food by the water.",
        "Mo-Su 06:00-18:00", 5000,
    ),
    (
        "Taman Potret", Category.PARK, -6.1760, 106.6355,
        "Taman kota bertema fotografi di dekat pusat kota.",
        "A photography-themed city park near the centre.",
        "Mo-Su 06:00-22:00", 0,
    ),
    (
        "Taman Gajah Tunggal", Category.PARK, -6.1920, 106.6375,
        "Taman tepi Cisadane dengan jalur lari dan tempat bermain anak.",
        "A riverside park with a running track and a playground.",
        "Mo-Su 06:00-21:00", 0,
    ),
]  # fmt: skip

ALWAYS = {"opening_hours": "24/7"}
FACILITIES: list[tuple[str, Category, float, float, dict[str, Any]]] = [
    # (name, category, offset north in degrees, offset east, extra fields)
    ("SPBU Pertamina (demo)", Category.FUEL, 0.0031, 0.0024, {"brand": "Pertamina", **ALWAYS}),
    ("SPBU Shell (demo)", Category.FUEL, -0.0042, -0.0035, {"brand": "Shell", **ALWAYS}),
    ("ATM Bank BJB (demo)", Category.ATM, 0.0008, -0.0011, {"operator": "Bank BJB", **ALWAYS}),
    ("ATM Bank Mandiri (demo)", Category.ATM, -0.0013, 0.0016, {"operator": "Bank Mandiri"}),
    ("Musala (demo)", Category.WORSHIP, 0.0016, 0.0007, {"religion": "muslim"}),
    ("Gereja (demo)", Category.WORSHIP, -0.0024, 0.0012, {"religion": "christian"}),
    ("Vihara (demo)", Category.WORSHIP, 0.0021, -0.0019, {"religion": "buddhist"}),
    ("Pura (demo)", Category.WORSHIP, -0.0033, -0.0008, {"religion": "hindu"}),
    ("Parkir (demo)", Category.PARKING, 0.0004, 0.0005, {}),
    ("Toilet umum (demo)", Category.TOILETS, -0.0005, -0.0004, {"opening_hours": "06:00-22:00"}),
]  # fmt: skip
"""Facilities placed around every third attraction, so each kind is a short walk from most."""


async def load_demo(demo: Any = None) -> None:
    for name, category, lat, lon, description_id, description_en, hours, price in ATTRACTIONS:
        await _ensure(
            PlaceData(
                category=category,
                name=name,
                latitude=lat,
                longitude=lon,
                description_id=description_id,
                description_en=description_en,
                opening_hours=hours,
                ticket_price=price,
            )
        )
    for number, (anchor, _c, lat, lon, *_rest) in enumerate(ATTRACTIONS[::3], start=1):
        for name, category, north, east, extra in FACILITIES:
            await _ensure(
                PlaceData(
                    category=category,
                    name=f"{name} {number} · {anchor}"[:200],
                    latitude=round(lat + north, 6),
                    longitude=round(lon + east, 6),
                    **extra,
                )
            )
    await ensure_officer(
        DEMO_EDITOR,
        "Dewi Disbudpar",
        departments=[access.DEPARTMENT],
        permissions=[access.EDIT],
        password=DEMO_PASSWORD,
    )
    if await network_info() is None:
        network = grid_network(*DEMO_AREA, spacing_m=150)
        await services.replace_network(network, source=GENERATED_SOURCE)


async def _ensure(data: PlaceData) -> None:
    if not await Place.exists(source=Source.DEMO, name=data.name):
        await services.create_place(data, actor=None, source=Source.DEMO)
