"""Demo data: categories for the real departments, demo citizens and officers, and a few hundred
reports across the 13 kecamatan in every state, dated over recent weeks, with photos drawn at load
time. Everything here is labelled demo (accounts on ``tangerang.example``, "[Demo]" descriptions).
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from PIL import Image, ImageDraw
from tangerang_live import (
    DemoContext,
    Department,
    PluginContext,
    Role,
    User,
    config_changed,
    ensure_officer,
)

from laksa import services
from laksa.models import Category, Privacy, Report
from laksa.services import LIVE_ROOM, NewReport
from laksa.workflow import Action

DEMO_PASSWORD = "laksa-demo-2026"
DEMO_DOMAIN = "tangerang.example"
REPORT_COUNT = 300
DAYS_BACK = 42

# (code, department, name_id, name_en, keywords, attributes)
CATEGORIES = [
    (
        "jalan-rusak",
        "pupr",
        "Jalan rusak / berlubang",
        "Damaged road / pothole",
        "jalan, lubang",
        [
            {
                "code": "tingkat",
                "datatype": "singlevaluelist",
                "required": False,
                "description": "Seberapa parah?",
                "values": [
                    {"key": "ringan", "name": "Ringan"},
                    {"key": "sedang", "name": "Sedang"},
                    {"key": "berat", "name": "Berat"},
                ],
            }
        ],
    ),
    ("drainase", "pupr", "Saluran air tersumbat", "Blocked drain", "got, selokan, drainase", []),
    ("banjir", "pupr", "Genangan / banjir", "Flooding", "banjir, genangan", []),
    ("pju", "dishub", "Lampu jalan (PJU) mati", "Street light out", "lampu, pju, gelap", []),
    ("lalu-lintas", "dishub", "Lampu lalu lintas rusak", "Broken traffic light", "lampu merah", []),
    ("parkir-liar", "dishub", "Parkir liar", "Illegal parking", "parkir", []),
    ("sampah", "dlh", "Sampah menumpuk", "Rubbish piling up", "sampah, tps", []),
    ("pohon-tumbang", "dlh", "Pohon tumbang / rawan tumbang", "Fallen or unsafe tree", "pohon", []),
    ("taman", "dlh", "Taman kota rusak", "Damaged city park", "taman", []),
    ("ular-tawon", "damkar", "Ular atau sarang tawon", "Snake or wasp nest", "ular, tawon", []),
    ("pkl", "satpolpp", "PKL menutup trotoar", "Street vendors blocking the pavement", "pkl", []),
    ("reklame", "satpolpp", "Reklame liar", "Illegal billboard", "spanduk, reklame", []),
    ("orang-terlantar", "dinsos", "Orang terlantar", "Abandoned person", "terlantar, odgj", []),
    (
        "bencana",
        "bpbd",
        "Bencana (longsor, angin kencang)",
        "Disaster (landslide, storm)",
        "bencana",
        [],
    ),
]

# Approximate centres of the kecamatan (lat, lon), good enough for a demo map.
KECAMATAN_CENTRES = {
    "Batuceper": (-6.1561, 106.6541),
    "Benda": (-6.1236, 106.6861),
    "Cibodas": (-6.1998, 106.6080),
    "Ciledug": (-6.2312, 106.7106),
    "Cipondoh": (-6.1856, 106.6886),
    "Jatiuwung": (-6.1916, 106.5844),
    "Karangtengah": (-6.2116, 106.7218),
    "Karawaci": (-6.1780, 106.6147),
    "Larangan": (-6.2370, 106.7310),
    "Neglasari": (-6.1398, 106.6357),
    "Periuk": (-6.1701, 106.5932),
    "Pinang": (-6.2274, 106.6806),
    "Tangerang": (-6.1781, 106.6320),
}

OFFICERS = [
    (
        "liveroom@tangerang.example",
        "Rina Live Room (Demo)",
        ["diskominfo"],
        ["laksa.verify", "laksa.moderate"],
    ),
    ("pupr@tangerang.example", "Agus PUPR (Demo)", ["pupr"], ["laksa.handle"]),
    ("dishub@tangerang.example", "Dedi Dishub (Demo)", ["dishub"], ["laksa.handle"]),
    ("dlh@tangerang.example", "Sari DLH (Demo)", ["dlh"], ["laksa.handle"]),
]

CITIZENS = [
    ("warga1@tangerang.example", "Budi Santoso (Demo)", "3671011203850001"),
    ("warga2@tangerang.example", "Siti Rahmawati (Demo)", "3671054407900002"),
    ("warga3@tangerang.example", "Andi Wijaya (Demo)", "3671082109880003"),
    ("warga4@tangerang.example", "Dewi Lestari (Demo)", "3671105506920004"),
    ("warga5@tangerang.example", "Rudi Hartono (Demo)", "3671130101800005"),
]

SCENES = {
    "jalan-rusak": (
        "Jalan berlubang di {street}",
        "Lubang cukup dalam di badan jalan, membahayakan pengendara motor terutama malam hari.",
    ),
    "drainase": (
        "Got tersumbat di {street}",
        "Saluran air penuh sampah dan lumpur, air meluap ke jalan saat hujan.",
    ),
    "banjir": (
        "Genangan setinggi betis di {street}",
        "Setiap hujan deras air menggenang lebih dari dua jam dan tidak surut.",
    ),
    "pju": (
        "Lampu jalan mati di {street}",
        "Sudah seminggu lampu PJU mati, jalan gelap dan rawan kejahatan.",
    ),
    "lalu-lintas": (
        "Lampu lalu lintas mati di simpang {street}",
        "Lampu merah padam sejak pagi, lalu lintas semrawut.",
    ),
    "parkir-liar": (
        "Parkir liar memakan badan jalan di {street}",
        "Mobil parkir di dua sisi sehingga jalan hanya bisa dilalui satu kendaraan.",
    ),
    "sampah": (
        "Sampah menumpuk di {street}",
        "Tumpukan sampah belum diangkut beberapa hari, bau menyengat dan mengundang lalat.",
    ),
    "pohon-tumbang": (
        "Pohon miring rawan tumbang di {street}",
        "Pohon besar miring ke arah jalan dan kabel listrik setelah angin kencang.",
    ),
    "taman": (
        "Fasilitas taman rusak di {street}",
        "Ayunan dan bangku taman rusak, berbahaya untuk anak-anak.",
    ),
    "ular-tawon": (
        "Sarang tawon di rumah warga {street}",
        "Sarang tawon besar di plafon teras, sudah ada anak yang tersengat.",
    ),
    "pkl": (
        "PKL menutup trotoar di {street}",
        "Pedagang berjualan di trotoar sehingga pejalan kaki harus turun ke jalan.",
    ),
    "reklame": (
        "Spanduk liar di {street}",
        "Spanduk dipasang di tiang listrik dan pohon, menutupi rambu.",
    ),
    "orang-terlantar": (
        "Orang terlantar di dekat {street}",
        "Seorang lansia tidur di emperan toko beberapa malam, tampak sakit.",
    ),
    "bencana": (
        "Tanah longsor kecil di bantaran dekat {street}",
        "Tanah di bantaran sungai longsor, rumah warga terdekat terancam.",
    ),
}
STREETS = [
    "Jl. Daan Mogot",
    "Jl. Jenderal Sudirman",
    "Jl. MH Thamrin",
    "Jl. Imam Bonjol",
    "Jl. Gatot Subroto",
    "Jl. KH Hasyim Ashari",
    "Jl. Raden Fatah",
    "Jl. Perintis Kemerdekaan",
    "Jl. Otista",
    "Jl. Husein Sastranegara",
    "Jl. Benteng Betawi",
    "Jl. Moh. Toha",
    "Jl. Ki Asnawi",
    "Jl. Pembangunan",
    "Jl. Marsekal Suryadarma",
    "Jl. Hos Cokroaminoto",
]
COLOURS = [(120, 110, 100), (70, 90, 60), (90, 100, 120), (140, 120, 80), (60, 60, 70)]


def demo_photo(rng: random.Random, label: str, after: bool = False) -> bytes:
    """A small picture drawn on the spot: a street scene sketch, green-tinted for after-photos."""
    image = Image.new("RGB", (480, 360), (40, 120, 60) if after else rng.choice(COLOURS))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 360), (480, 360), (300, 180), (180, 180)], fill=(80, 80, 85))
    for _ in range(6):
        x, y = rng.randrange(0, 440), rng.randrange(190, 330)
        draw.ellipse((x, y, x + rng.randrange(15, 50), y + rng.randrange(8, 25)), fill=(45, 40, 35))
    draw.rectangle((0, 0, 480, 36), fill=(255, 255, 255))
    draw.text((10, 12), ("SESUDAH · " if after else "") + label + " · DEMO", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


async def _ensure_categories() -> dict[str, Category]:
    departments = {d.code: d for d in await Department.all()}
    found: dict[str, Category] = {}
    for order, (code, dept, name_id, name_en, keywords, attributes) in enumerate(CATEGORIES):
        if dept not in departments:
            continue
        category, _created = await Category.get_or_create(
            code=code,
            defaults={
                "department": departments[dept],
                "name_id": name_id,
                "name_en": name_en,
                "keywords": keywords,
                "attributes": attributes,
                "order": order,
                "description": name_en,
            },
        )
        found[code] = category
    await config_changed()  # a running portal shows the new categories within a second
    return found


async def _ensure_citizens() -> list[User]:
    # The host offers no "ensure a citizen" function yet; argon2's defaults are what sign-in checks.
    hasher = PasswordHasher()
    citizens = []
    for email, name, nik in CITIZENS:
        user = await User.get_or_none(email=email)
        if user is None:
            user = await User.create(
                email=email,
                full_name=name,
                nik=nik,
                role=Role.CITIZEN,
                password_hash=hasher.hash(DEMO_PASSWORD),
            )
        citizens.append(user)
    return citizens


async def _ensure_officers() -> dict[str, User]:
    return {
        departments[0]: await ensure_officer(
            email, name, departments=departments, permissions=permissions, password=DEMO_PASSWORD
        )
        for email, name, departments, permissions in OFFICERS
    }


def _working_hours_later(rng: random.Random, moment: datetime, days: float) -> datetime:
    return moment + timedelta(days=days, hours=rng.uniform(1, 6))


async def _one_report(
    rng: random.Random,
    now: datetime,
    category: Category,
    reporter: User,
    officers: dict[str, User],
    plugin: PluginContext,
) -> None:
    kecamatan = rng.choice(list(KECAMATAN_CENTRES))
    lat, lon = KECAMATAN_CENTRES[kecamatan]
    title, description = SCENES[category.code]
    street = rng.choice(STREETS)
    created = now - timedelta(days=rng.uniform(0, DAYS_BACK), hours=rng.uniform(0, 12))
    privacy = rng.choices(list(Privacy), weights=[75, 18, 7])[0]
    photos = [demo_photo(rng, category.name_id)] if rng.random() < 0.4 else []
    report = await services.submit_report(
        NewReport(
            category=category,
            title=title.format(street=street),
            description=f"{description} [Demo]",
            kecamatan=kecamatan,
            privacy=privacy,
            latitude=round(lat + rng.uniform(-0.008, 0.008), 6),
            longitude=round(lon + rng.uniform(-0.008, 0.008), 6),
            address=f"{street}, Kecamatan {kecamatan}",
        ),
        reporter=reporter,
        photos=photos,
        at=created,
    )
    department = await category.department
    handler = officers.get(department.code)
    live_room = officers["diskominfo"]
    moment = created
    steps: list[tuple[Action, float]] = [(Action.VERIFY, rng.uniform(0.1, 4))]
    if rng.random() < 0.1:
        steps.append((Action.REJECT, rng.uniform(0.1, 1)))
    else:
        steps += [
            (Action.DISPATCH, rng.uniform(0.01, 0.5)),
            (Action.START, rng.uniform(0.2, 3)),
            (Action.RESOLVE, rng.uniform(0.5, 8)),
        ]
        if rng.random() < 0.1:
            steps.append((Action.REOPEN, rng.uniform(0.5, 3)))
            if rng.random() < 0.5:  # the department has not picked some of them up again yet
                steps.append((Action.START, rng.uniform(0.2, 2)))
    for action, days in steps:
        moment = _working_hours_later(rng, moment, days)
        if moment >= now:
            break
        department_action = action in (Action.START, Action.RESOLVE)
        actor = (
            (handler if department_action else live_room) if action != Action.REOPEN else reporter
        )
        label = department.name if department_action else LIVE_ROOM
        note = {
            Action.REJECT: "Laporan tidak dapat ditindaklanjuti: bukan kewenangan Pemkot. [Demo]",
            Action.RESOLVE: "Sudah ditangani petugas di lapangan. Terima kasih. [Demo]",
            Action.REOPEN: "Masih terjadi lagi setelah dua hari. [Demo]",
            Action.START: "Tim sudah dijadwalkan ke lokasi. [Demo]",
        }.get(action, "")
        after = (
            [demo_photo(rng, category.name_id, after=True)]
            if action == Action.RESOLVE and rng.random() < 0.6
            else []
        )
        report = await services.transition(
            report,
            action,
            actor=actor,
            actor_label=label if action != Action.REOPEN else "",
            note=note,
            department=department if action == Action.DISPATCH else None,
            photos=after,
            at=moment,
            url=plugin.url("report", number=report.tracking_number),
        )
    if report.status == "resolved" and rng.random() < 0.5:
        await services.rate(
            report, reporter=reporter, rating=rng.choice([3, 4, 4, 5, 5]), comment="Cepat. [Demo]"
        )


async def load_demo(demo: DemoContext, plugin: PluginContext) -> None:
    """Load everything once; a second run finds the demo reports and adds nothing."""
    categories = await _ensure_categories()
    citizens = await _ensure_citizens()
    officers = await _ensure_officers()
    print(
        f"LAKSA demo accounts (password {DEMO_PASSWORD}, local use only): "
        + ", ".join([e for e, *_ in CITIZENS] + [e for e, *_ in OFFICERS])
    )
    if await Report.filter(reporter_id__in=[c.id for c in citizens]).exists():
        return
    usable = [c for c in categories.values() if c.code in SCENES]
    for _ in range(REPORT_COUNT):
        await _one_report(
            demo.random,
            demo.now,
            demo.random.choice(usable),
            demo.random.choice(citizens),
            officers,
            plugin,
        )
    await services.close_expired(lambda number: plugin.url("report", number=number), demo.now)
