"""Demo data: RSUD Kota Tangerang with its 18 polyclinics, doctors with weekly sessions, bookings
for today and the coming days, and its beds. Idempotent; the doctors' names are invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from argon2 import PasswordHasher
from tangerang_live import (
    DemoContext,
    Organisation,
    Role,
    User,
    city_now,
    create_organisation,
    ensure_officer,
    grant_permission,
)

from simpati_rs import access, services
from simpati_rs.models import (
    HOSPITAL_KIND,
    BedWard,
    Booking,
    Doctor,
    Polyclinic,
    PracticeSession,
)
from simpati_rs.workflow import BedClass, Patient, Payer

PLUGIN = "simpati_rs"
HOSPITAL = ("RSUD Kota Tangerang", "rsud-kota-tangerang")
DEMO_PASSWORD = "simpati-demo-2026"

# The 18 polyclinics of RSUD Kota Tangerang (FACTS.md): code, Indonesian and English name, and the
# specialist title of its doctors.
POLYCLINICS = (
    ("penyakit-dalam", "Penyakit Dalam", "Internal Medicine", "Sp.PD"),
    ("bedah", "Bedah", "Surgery", "Sp.B"),
    ("obgyn", "Obstetri & Ginekologi", "Obstetrics & Gynaecology", "Sp.OG"),
    ("anak", "Anak", "Paediatrics", "Sp.A"),
    ("jantung", "Jantung", "Cardiology", "Sp.JP"),
    ("paru", "Paru", "Pulmonology", "Sp.P"),
    ("kulit-kelamin", "Kulit & Kelamin", "Dermatology & Venereology", "Sp.KK"),
    ("jiwa", "Jiwa", "Psychiatry", "Sp.KJ"),
    ("saraf", "Saraf", "Neurology", "Sp.N"),
    ("ortopedi", "Ortopedi", "Orthopaedics", "Sp.OT"),
    ("urologi", "Urologi", "Urology", "Sp.U"),
    ("bedah-saraf", "Bedah Saraf", "Neurosurgery", "Sp.BS"),
    ("gigi-konservasi", "Gigi Konservasi", "Conservative Dentistry", "Sp.KG"),
    ("gigi-bedah-mulut", "Gigi Bedah Mulut", "Oral Surgery", "Sp.BM"),
    ("gigi-anak", "Gigi Anak", "Paediatric Dentistry", "Sp.KGA"),
    ("penyakit-mulut", "Penyakit Mulut", "Oral Medicine", "Sp.PM"),
    ("mcu", "Medical Check Up", "Medical Check-up", ""),
    ("ginjal-hipertensi", "Ginjal & Hipertensi", "Nephrology & Hypertension", "Sp.PD-KGH"),
)
FIRST_NAMES = (
    "Rina", "Agus", "Dewi", "Hendra", "Sri", "Bambang", "Lestari", "Yusuf", "Maya", "Irwan",
    "Fitri", "Arif", "Wulan", "Teguh", "Nur", "Eko", "Ratna", "Fajar", "Siti", "Budi",
)  # fmt: skip
LAST_NAMES = (
    "Kartika", "Santoso", "Wijaya", "Pratama", "Hidayat", "Nugroho", "Permata", "Saputra",
    "Rahmawati", "Gunawan", "Kusuma", "Setiawan", "Handayani", "Siregar", "Lubis", "Nasution",
)  # fmt: skip
SESSIONS = ((8 * 60, 12 * 60), (13 * 60, 16 * 60))
"""Morning and afternoon practice, city time."""
BEDS = {
    BedClass.VIP: (12, 9, 0),
    BedClass.KELAS_1: (40, 33, 2),
    BedClass.KELAS_2: (60, 52, 4),
    BedClass.KELAS_3: (120, 114, 11),
    BedClass.ICU: (14, 13, 3),
    BedClass.ISOLATION: (10, 4, 0),
}
"""Capacity, occupied and waiting per class."""
CITIZENS = (
    ("pasien1@tangerang.example", "Ahmad Fauzi", "3671011504780003", date(1978, 4, 15)),
    ("pasien2@tangerang.example", "Sri Wahyuni", "3671026208590002", date(1959, 8, 22)),
    ("pasien3@tangerang.example", "Dedi Kurniawan", "3671030101900005", date(1990, 1, 1)),
)
STAFF = (
    ("loket.rsud@tangerang.example", "Yanti Loket RSUD", access.DESK, None),
    ("poli.dalam@tangerang.example", "Rudi Poli Penyakit Dalam", access.QUEUE, "penyakit-dalam"),
    ("bed.rsud@tangerang.example", "Lina Pengelola Bed", access.BEDS, None),
    ("jadwal.rsud@tangerang.example", "Dina Pengelola Jadwal", access.CATALOGUE, None),
)


async def _ensure_hospital() -> Organisation:
    found = await Organisation.get_or_none(plugin=PLUGIN, kind=HOSPITAL_KIND, code=HOSPITAL[1])
    return found or await create_organisation(PLUGIN, HOSPITAL_KIND, HOSPITAL[0], code=HOSPITAL[1])


async def _ensure_catalogue(rng: random.Random, hospital: Organisation) -> None:
    if await Polyclinic.filter(hospital_id=hospital.id).exists():
        return
    for order, (code, name_id, name_en, title) in enumerate(POLYCLINICS):
        polyclinic = await Polyclinic.create(
            hospital=hospital, code=code, name_id=name_id, name_en=name_en, order=order
        )
        for _ in range(rng.choice((1, 2, 2, 3))):
            name = f"dr. {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            doctor = await Doctor.create(
                polyclinic=polyclinic, name=f"{name}, {title}" if title else name
            )
            # Each doctor practises on three or four weekdays, mornings or afternoons.
            for weekday in sorted(rng.sample(range(6), rng.choice((3, 4)))):
                starts, ends = rng.choice(SESSIONS)
                quota = rng.choice((20, 25, 30, 40))
                await PracticeSession.create(
                    polyclinic=polyclinic,
                    doctor=doctor,
                    weekday=weekday,
                    starts_minute=starts,
                    ends_minute=ends,
                    quota=quota,
                    jkn_quota=quota * 7 // 10,
                )


async def _ensure_beds(hospital: Organisation) -> None:
    for bed_class, (capacity, occupied, waiting) in BEDS.items():
        await BedWard.get_or_create(
            hospital=hospital,
            bed_class=bed_class,
            defaults={"capacity": capacity, "occupied": occupied, "waiting": waiting},
        )


async def _ensure_people(hospital: Organisation) -> list[User]:
    hasher = PasswordHasher()
    citizens = []
    for email, name, nik, _born in CITIZENS:
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
    for email, name, code, polyclinic_code in STAFF:
        officer = await ensure_officer(email, name, departments=["rsud"], password=DEMO_PASSWORD)
        if polyclinic_code is None:
            await grant_permission(officer, code, organisation=hospital)
        else:
            polyclinic = await Polyclinic.get(hospital_id=hospital.id, code=polyclinic_code)
            scope = access.polyclinic_scope(hospital, polyclinic)
            await grant_permission(officer, code, scope=scope)
    return citizens


OWN_BOOKINGS = 2
"""Bookings each demo citizen holds: their "my queue" reads like a real family's."""


async def _crowd_account(name: str, nik: str) -> User:
    """The account a waiting-room patient booked from: theirs alone, and no one signs in to it
    (no password), so the demo citizens' own pages hold only their own bookings."""
    return await User.create(full_name=name, nik=nik, role=Role.CITIZEN, password_hash="")


async def _demo_bookings(rng: random.Random, hospital: Organisation, citizens: list[User]) -> None:
    """A few bookings in each session of today and the next three days: ``OWN_BOOKINGS`` by
    each demo citizen, the rest by the other patients in the queue."""
    rules = services.Rules(window_days=14, cutoff_minutes=0)
    now = city_now()
    sessions = await PracticeSession.filter(polyclinic__hospital_id=hospital.id)
    own = [citizen for citizen in citizens for _ in range(OWN_BOOKINGS)]
    serial = 0
    for offset in range(4):
        day = now.date() + timedelta(days=offset)
        for session in sessions:
            if not session.runs_on(day) or session.start_on(day) <= now:
                continue
            for _ in range(rng.randint(2, 6)):
                serial += 1
                born = date(rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28))
                female = rng.random() < 0.5
                nik = f"367101{born.day + 40 * female:02d}{born:%m%y}{serial:04d}"
                jkn = rng.random() < 0.7
                patient = Patient(
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    nik,
                    born,
                    Payer.JKN if jkn else Payer.GENERAL,
                    f"000{serial:010d}" if jkn else "",
                    f"RJK-{serial:06d}" if jkn else "",
                )
                citizen = own.pop() if own else None
                booker = citizen or await _crowd_account(patient.name, nik)
                try:
                    await services.book(session, day, patient, booked_by=booker, rules=rules)
                except services.BookingRefused:  # a holiday or a doctor's leave
                    if citizen is None:
                        await booker.delete()
                    else:
                        own.append(citizen)


async def load_demo(demo: DemoContext) -> None:
    """Load everything once; a second run finds the demo hospital's data and adds nothing."""
    hospital = await _ensure_hospital()
    await _ensure_catalogue(demo.random, hospital)
    await _ensure_beds(hospital)
    citizens = await _ensure_people(hospital)
    print(
        f"Simpati RS demo accounts (password {DEMO_PASSWORD}, local use only): "
        + ", ".join([e for e, *_ in CITIZENS] + [e for e, *_ in STAFF])
    )
    if await Booking.filter(polyclinic__hospital_id=hospital.id).exists():
        return
    await _demo_bookings(demo.random, hospital, citizens)
