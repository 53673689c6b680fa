"""Demo data: Disnaker officers, verified employers across sectors, a few hundred vacancies over the
13 kecamatan, job seekers with applications in every state, AK/1 cards and a job fair.

Everything is labelled demo: accounts on ``tangerang.example``, company names ending in "(Demo)".
Loaded through the services, so the search index and the numbers are what real use makes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from argon2 import PasswordHasher
from tangerang_live import (
    CITY_TIMEZONE,
    KECAMATAN,
    DemoContext,
    Department,
    Role,
    User,
    city_today,
    ensure_officer,
)
from tortoise.transactions import in_transaction

from siap_kerja import services
from siap_kerja.models import Card, Employer, JobFair, Vacancy
from siap_kerja.services import EmployerDetails, VacancyDetails
from siap_kerja.workflow import Action, Education, EmploymentType

DEMO_PASSWORD = "siap-demo-2026"
DOMAIN = "tangerang.example"
VACANCY_COUNT = 240

EMPLOYERS = [
    # (name, NIB, sector, kecamatan name)
    ("PT Cahaya Garmen Nusantara (Demo)", "9120001000001", "manufacturing", "Jatiuwung"),
    ("PT Sinar Logistik Cisadane (Demo)", "9120001000002", "logistics", "Neglasari"),
    ("CV Pasar Lama Kuliner (Demo)", "9120001000003", "hospitality", "Tangerang"),
    ("PT Retail Maju Bersama (Demo)", "9120001000004", "retail", "Cipondoh"),
    ("RS Sehat Sentosa (Demo)", "9120001000005", "health", "Karawaci"),
    ("PT Bangun Karya Benteng (Demo)", "9120001000006", "construction", "Periuk"),
    ("PT Data Digital Tangerang (Demo)", "9120001000007", "technology", "Ciledug"),
    ("Koperasi Simpan Pinjam Sejahtera (Demo)", "9120001000008", "finance", "Karangtengah"),
]
UNVERIFIED = ("PT Belum Terverifikasi (Demo)", "9120001000009", "retail", "Benda")

JOBS = {
    "manufacturing": [
        ("Operator Produksi", "mesin jahit, ketelitian, kerja shift"),
        ("Quality Control", "pengecekan produk, ISO 9001"),
        ("Teknisi Mesin", "perawatan mesin, listrik industri"),
    ],
    "logistics": [
        ("Pengemudi Truk", "SIM B1, rute Jabodetabek"),
        ("Staf Gudang", "forklift, stok opname"),
        ("Admin Ekspedisi", "Microsoft Excel, administrasi"),
    ],
    "hospitality": [
        ("Juru Masak", "masakan Nusantara, kebersihan dapur"),
        ("Pramusaji", "pelayanan pelanggan, ramah"),
        ("Kasir", "kasir, menghitung uang, jujur"),
    ],
    "retail": [
        ("Kasir Minimarket", "kasir, pelayanan pelanggan"),
        ("Pramuniaga", "penjualan, komunikasi"),
        ("Kepala Toko", "manajemen toko, penjualan"),
    ],
    "health": [
        ("Perawat", "STR aktif, asuhan keperawatan"),
        ("Apoteker", "STRA, pelayanan farmasi"),
        ("Petugas Rekam Medis", "administrasi, komputer"),
    ],
    "construction": [
        ("Tukang Las", "las listrik, sertifikat K3"),
        ("Mandor Proyek", "pengawasan, gambar kerja"),
        ("Drafter", "AutoCAD, gambar teknik"),
    ],
    "technology": [
        ("Programmer Web", "Python, JavaScript, SQL"),
        ("Teknisi Jaringan", "jaringan komputer, Mikrotik"),
        ("Customer Support", "komunikasi, bahasa Inggris"),
    ],
    "finance": [
        ("Staf Akuntansi", "akuntansi, pajak, Excel"),
        ("Penagih (Kolektor)", "SIM C, komunikasi"),
        ("Teller", "pelayanan nasabah, teliti"),
    ],
}

SEEKERS = [
    # (email, name, NIK of Kota Tangerang)
    (f"pencaker1@{DOMAIN}", "Andi Pratama", "3671011505980001"),
    (f"pencaker2@{DOMAIN}", "Dewi Lestari", "3671055203990002"),
    (f"pencaker3@{DOMAIN}", "Rizky Hidayat", "3671070708000003"),
    (f"pencaker4@{DOMAIN}", "Nur Aisyah", "3671094112010004"),
    (f"pencaker5@{DOMAIN}", "Bayu Saputra", "3671120303970005"),
]
RECRUITER = (f"hrd@{DOMAIN}", "Sari HRD", "3671012010880006")
UNVERIFIED_RECRUITER = (f"hrd.baru@{DOMAIN}", "Joko HRD Baru", "3671011111900007")
OFFICER = (f"disnaker@{DOMAIN}", "Petugas Disnaker")
KECAMATAN_BY_NAME = {k.name: k.code for k in KECAMATAN}


async def ensure_disnaker() -> Department:
    department, _created = await Department.get_or_create(
        code="disnaker", defaults={"name": "Dinas Ketenagakerjaan"}
    )
    return department


async def _citizen(email: str, name: str, nik: str, hasher: PasswordHasher) -> User:
    # The host has no "ensure a citizen" yet; argon2's defaults are what sign-in checks.
    user = await User.get_or_none(email=email)
    if user is None:
        user = await User.create(
            email=email,
            full_name=name,
            nik=nik,
            role=Role.CITIZEN,
            password_hash=hasher.hash(DEMO_PASSWORD),
        )
    return user


async def _employer(
    row: tuple[str, str, str, str], recruiter: User, officer: User | None
) -> Employer:
    name, nib, sector, kecamatan = row
    found = await Employer.get_or_none(nib=nib)
    if found is not None:
        return found
    employer = await services.register_employer(
        EmployerDetails(
            name=name,
            nib=nib,
            npwp=nib + "00",
            sector=sector,
            address=f"Jl. Contoh No. {int(nib[-2:])}",
            kecamatan=KECAMATAN_BY_NAME[kecamatan],
            contact_name=recruiter.full_name,
            contact_phone="+6281234500" + nib[-3:],
        ),
        by=recruiter,
    )
    if officer is not None:
        employer = await services.review_employer_as(
            employer, verify=True, reason="", officer=officer, url="/"
        )
    return employer


def _details(rng: random.Random, sector: str, today: date) -> VacancyDetails:
    title, skills = rng.choice(JOBS[sector])
    kecamatan = rng.choice(KECAMATAN)
    negotiable = rng.random() < 0.2
    low = rng.randrange(3_500_000, 7_000_000, 250_000)
    return VacancyDetails(
        title=title,
        description=(
            f"[Demo] Kami mencari {title.lower()} yang jujur dan bertanggung jawab.\n"
            f"Kebutuhan: {skills}. Penempatan di Kecamatan {kecamatan.name}."
        ),
        kecamatan=kecamatan.code,
        address=f"Jl. Demo Raya No. {rng.randint(1, 200)}",
        employment_type=rng.choice(list(EmploymentType)),
        salary_min=None if negotiable else low,
        salary_max=None if negotiable else low + rng.randrange(0, 3_000_000, 250_000),
        education=rng.choice(
            [Education.SMP, Education.SMA, Education.SMA, Education.D3, Education.S1]
        ),
        experience_years=rng.choice([0, 0, 1, 2, 3]),
        skills=skills,
        openings=rng.randint(1, 5),
        closes_on=today + timedelta(days=rng.randint(7, 60)),
    )


async def _applications(seekers: list[User], vacancies: list[Vacancy], recruiter: User) -> None:
    """Applications in every state of the pipeline."""
    plans = [
        [],
        [Action.SEE],
        [Action.SHORTLIST],
        [Action.SHORTLIST, Action.INVITE],
        [Action.SHORTLIST, Action.INVITE, Action.HIRE],
        [Action.REJECT],
        [Action.WITHDRAW],
    ]
    moment = datetime.combine(city_today() + timedelta(days=3), time(10), CITY_TIMEZONE)
    for index, plan in enumerate(plans):
        seeker = seekers[index % len(seekers)]
        vacancy = vacancies[index]
        application = await services.apply(
            vacancy, seeker, cover_note="[Demo] Saya tertarik dengan lowongan ini.", url="/"
        )
        for action in plan:
            actor = seeker if action == Action.WITHDRAW else recruiter
            application = await services.move_application(
                application,
                action,
                actor=actor,
                url="/",
                interview_at=moment,
                interview_place="Kantor HRD, lantai 2",
            )


async def load_demo(demo: DemoContext) -> None:
    """Load everything once; a second run finds the demo employers and adds nothing."""
    department = await ensure_disnaker()
    officer = await ensure_officer(
        OFFICER[0],
        OFFICER[1],
        departments=[department.code],
        permissions=["siap_kerja.verify", "siap_kerja.cards", "siap_kerja.fairs"],
        password=DEMO_PASSWORD,
    )
    hasher = PasswordHasher()
    recruiter = await _citizen(*RECRUITER, hasher)
    newcomer = await _citizen(*UNVERIFIED_RECRUITER, hasher)
    seekers = [await _citizen(*row, hasher) for row in SEEKERS]
    print(
        f"SIAP Kerja demo accounts (password {DEMO_PASSWORD}, local use only): "
        + ", ".join([OFFICER[0], RECRUITER[0], UNVERIFIED_RECRUITER[0]] + [s[0] for s in SEEKERS])
    )
    if await Employer.filter(nib=EMPLOYERS[0][1]).exists():
        return
    employers = [await _employer(row, recruiter, officer) for row in EMPLOYERS]
    await _employer(UNVERIFIED, newcomer, None)
    today = city_today()
    rng = demo.random
    vacancies = []
    # One commit for the few hundred vacancies (each service call becomes a savepoint): the
    # demo loads in seconds, also on a busy machine.
    async with in_transaction():
        for index in range(VACANCY_COUNT):
            employer = employers[index % len(employers)]
            vacancy = await services.post_vacancy(
                employer, _details(rng, employer.sector, today), by=recruiter
            )
            # Most are approved; a few wait in the queue, one was sent back.
            if index < VACANCY_COUNT - 6:
                vacancy = await services.review_vacancy_as(
                    vacancy, approve=True, note="", officer=officer, url="/"
                )
                vacancies.append(vacancy)
            elif index == VACANCY_COUNT - 1:
                await services.review_vacancy_as(
                    vacancy,
                    approve=False,
                    note="[Demo] Tulis kisaran gaji yang jelas.",
                    officer=officer,
                    url="/",
                )
    await _applications(seekers, vacancies, recruiter)
    card = await services.apply_for_card(
        seekers[0],
        services.CardRequest(
            full_name=seekers[0].full_name,
            nik=SEEKERS[0][2],
            birth_date=date(1998, 5, 15),
            education=Education.SMA,
            address="Jl. Demo Raya No. 1",
            kecamatan=KECAMATAN_BY_NAME["Batuceper"],
        ),
    )
    await services.review_card(
        card,
        approve=True,
        reason="",
        officer=officer,
        validity_months=24,
        interval_months=6,
        url="/",
    )
    if not await Card.filter(holder_id=seekers[1].id).exists():
        await services.apply_for_card(
            seekers[1],
            services.CardRequest(
                full_name=seekers[1].full_name,
                nik=SEEKERS[1][2],
                birth_date=date(1999, 3, 12),
                education=Education.D3,
                address="Jl. Demo Raya No. 2",
                kecamatan=KECAMATAN_BY_NAME["Cipondoh"],
            ),
        )
    if not await JobFair.exists():
        await services.publish_fair(
            services.FairDetails(
                title="Job Fair Kota Tangerang (Demo)",
                description="[Demo] Bursa kerja bersama perusahaan terverifikasi.",
                day=today + timedelta(days=14),
                place="Gedung Pusat Pemerintahan Kota Tangerang",
                kecamatan=KECAMATAN_BY_NAME["Tangerang"],
                capacity=300,
            ),
            employers[:5],
            officer=officer,
        )
