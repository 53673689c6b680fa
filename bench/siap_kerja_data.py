"""Fill SIAP Kerja with many open vacancies from verified employers, for the search benchmark.

    python bench/siap_kerja_data.py COUNT        (with the portal's environment: DATABASE_URL …)

Employers are registered and verified through the plugin's services (few, and they need the
host's organisations); vacancies are generated inside the database (generate_series on
PostgreSQL, a recursive query on SQLite) over 24 job titles, the employers, the 13 kecamatan, every
employment type and schooling level, salaries, and the last 60 days. Set-up may use the portal's
code; the reference does not.
"""

from __future__ import annotations

import asyncio
import sys

from siap_kerja import search, services
from siap_kerja.models import Employer
from siap_kerja.workflow import Education, EmploymentType
from tangerang_live import KECAMATAN, User, city_today
from tangerang_live.app import create_app
from tortoise import Tortoise

EMPLOYERS = 40
TITLES = [
    ("Operator Produksi", "mesin, ketelitian, kerja shift"),
    ("Quality Control", "pengecekan produk, ISO 9001"),
    ("Teknisi Mesin", "perawatan mesin, listrik industri"),
    ("Pengemudi Truk", "SIM B1, rute Jabodetabek"),
    ("Staf Gudang", "forklift, stok opname"),
    ("Admin Ekspedisi", "Microsoft Excel, administrasi"),
    ("Juru Masak", "masakan Nusantara, kebersihan dapur"),
    ("Pramusaji", "pelayanan pelanggan"),
    ("Kasir", "kasir, menghitung uang"),
    ("Kasir Minimarket", "kasir, pelayanan pelanggan"),
    ("Pramuniaga", "penjualan, komunikasi"),
    ("Kepala Toko", "manajemen toko, penjualan"),
    ("Perawat", "STR aktif, asuhan keperawatan"),
    ("Apoteker", "pelayanan farmasi"),
    ("Petugas Rekam Medis", "administrasi, komputer"),
    ("Tukang Las", "las listrik, sertifikat K3"),
    ("Mandor Proyek", "pengawasan, gambar kerja"),
    ("Drafter", "AutoCAD, gambar teknik"),
    ("Programmer Web", "Python, JavaScript, SQL"),
    ("Teknisi Jaringan", "jaringan komputer"),
    ("Customer Support", "komunikasi, bahasa Inggris"),
    ("Staf Akuntansi", "akuntansi, pajak, Excel"),
    ("Penagih", "SIM C, komunikasi"),
    ("Teller", "pelayanan nasabah"),
]
DESCRIPTION = "Kami membutuhkan tenaga kerja yang jujur, disiplin dan bertanggung jawab."


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _array(items: list[str], postgres: bool, index: str) -> str:
    """The item at ``index`` (an SQL expression counted from 0) of a literal list."""
    quoted = ", ".join(_quote(i) for i in items)
    if postgres:
        return f"(ARRAY[{quoted}])[({index}) % {len(items)} + 1]"
    return f"json_extract(json_array({quoted}), '$[' || (({index}) % {len(items)}) || ']')"


async def _employers() -> list[tuple[int, str]]:
    recruiter = await User.get_or_none(email="hrd.beban@example.org")
    if recruiter is None:
        recruiter = await User.create(
            email="hrd.beban@example.org",
            full_name="HRD Uji Beban",
            password_hash="!",
            role="citizen",
        )
    officer = await User.filter(role="admin").first() or recruiter
    made = []
    for index in range(EMPLOYERS):
        nib = str(7_000_000_000_000 + index)
        employer = await Employer.get_or_none(nib=nib)
        if employer is None:
            employer = await services.register_employer(
                services.EmployerDetails(
                    name=f"PT Uji Beban {index:02d}",
                    nib=nib,
                    npwp="012345678901000",
                    sector="manufacturing",
                    address="Jl. Uji Beban",
                    kecamatan=KECAMATAN[index % len(KECAMATAN)].code,
                    contact_name="HRD",
                    contact_phone="+6281234567890",
                ),
                by=recruiter,
            )
            employer = await services.review_employer_as(
                employer, verify=True, reason="", officer=officer, url="/"
            )
        made.append((employer.id, employer.name))
    return made


async def fill(count: int) -> None:
    app = create_app()
    async with app.router.lifespan_context(app):
        employers = await _employers()
        connection = Tortoise.get_connection("default")
        postgres = search.is_postgres(connection)
        n = "g" if postgres else "n"
        title_terms = [search.index_text(t, "", s, DESCRIPTION) for t, s in TITLES]
        employer_terms = [search.index_text(name) for _id, name in employers]
        today = city_today()
        if postgres:
            closes = f"DATE '{today.isoformat()}' + ({n} % 60 + 1)"
            posted = f"now() - ({n} % 60) * interval '1 day'"
            source = f"FROM generate_series(1, {count}) AS g"
            prefix = ""
        else:
            closes = f"date('{today.isoformat()}', '+' || ({n} % 60 + 1) || ' days')"
            posted = f"strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '-' || ({n} % 60) || ' days')"
            source = "FROM g"
            prefix = (
                "WITH RECURSIVE g(n) AS "
                f"(SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count}) "
            )
        pick_employer = f"{n} * 7"
        columns = (
            "employer_id, title, description, kecamatan, address, employment_type, salary_min, "
            "salary_max, education, experience_years, skills, openings, hired, closes_on, status, "
            "listed, review_note, search_terms, created_at, updated_at, posted_at"
        )
        salary = f"3000000 + ({n} % 20) * 250000"
        await connection.execute_script(
            f"{prefix}INSERT INTO siap_kerja_vacancy ({columns}) SELECT "
            f"{_array([str(i) for i, _ in employers], postgres, pick_employer)}"
            + ("::int" if postgres else "")
            + f", {_array([t for t, _ in TITLES], postgres, n)}, {_quote(DESCRIPTION)}, "
            f"{_array([k.code for k in KECAMATAN], postgres, n + ' / 3')}, 'Jl. Uji Beban', "
            f"{_array([t.value for t in EmploymentType], postgres, n + ' / 5')}, "
            f"{salary}, {salary} + 1000000, "
            f"({n} / 11) % {len(Education)}, {n} % 4, "
            f"{_array([s for _, s in TITLES], postgres, n)}, {n} % 5 + 1, 0, {closes}, 'open', "
            f"{'TRUE' if postgres else '1'}, '', "
            f"{_array(title_terms, postgres, n)} || ' ' || "
            f"{_array(employer_terms, postgres, pick_employer)}, "
            f"{posted}, {posted}, {posted} {source}"
        )
        vocabulary = " ".join(title_terms + employer_terms)
        await search.remember_terms(connection, vocabulary)
        await connection.execute_script("ANALYZE")


if __name__ == "__main__":
    asyncio.run(fill(int(sys.argv[1])))
