"""What SIAP Kerja's tests build: PDFs, filled-in forms, and employers and vacancies in a given
state, made through the services as real use makes them."""

from __future__ import annotations

from datetime import date, timedelta

from siap_kerja import services
from siap_kerja.models import Employer, Vacancy
from siap_kerja.samples import pdf as pdf  # the tests upload the same PDF as the samples
from siap_kerja.services import EmployerDetails, VacancyDetails
from siap_kerja.workflow import Education, EmploymentType
from tangerang_live import User, city_today

PASSWORD = "rahasia-yang-panjang"
KARAWACI = "36.71.07"
CIPONDOH = "36.71.05"


def employer_form(**overrides: str) -> dict[str, str]:
    form = {
        "name": "PT Maju Jaya Tangerang",
        "nib": "8120001234567",
        "npwp": "01.234.567.8-901.000",
        "sector": "manufacturing",
        "address": "Jl. Industri Raya No. 5",
        "kecamatan": KARAWACI,
        "contact_name": "Sari Wulandari",
        "contact_phone": "0812 3456 7890",
    }
    form.update(overrides)
    return form


def vacancy_form(**overrides: str) -> dict[str, str]:
    form = {
        "title": "Operator Produksi",
        "description": "Mengoperasikan mesin produksi garmen, kerja tiga shift.",
        "kecamatan": KARAWACI,
        "address": "Jl. Industri Raya No. 5",
        "employment_type": EmploymentType.FULL_TIME.value,
        "salary_min": "4.900.000",
        "salary_max": "5500000",
        "education": str(int(Education.SMA)),
        "experience_years": "1",
        "skills": "mesin jahit, ketelitian",
        "openings": "2",
        "closes_on": (city_today() + timedelta(days=30)).isoformat(),
    }
    form.update(overrides)
    return form


def details(**overrides: object) -> VacancyDetails:
    values: dict[str, object] = {
        "title": "Operator Produksi",
        "description": "Mengoperasikan mesin produksi garmen, kerja tiga shift.",
        "kecamatan": KARAWACI,
        "address": "Jl. Industri Raya No. 5",
        "employment_type": EmploymentType.FULL_TIME,
        "salary_min": 4_900_000,
        "salary_max": 5_500_000,
        "education": Education.SMA,
        "experience_years": 1,
        "skills": "mesin jahit, ketelitian",
        "openings": 2,
        "closes_on": city_today() + timedelta(days=30),
    }
    values.update(overrides)
    return VacancyDetails(**values)  # type: ignore[arg-type]


async def employer(
    recruiter: User, officer: User | None, *, name: str = "PT Maju Jaya Tangerang", nib: str = ""
) -> Employer:
    """An employer registered by ``recruiter``; verified when ``officer`` is given."""
    nib = nib or str(8_120_000_000_000 + await Employer.all().count() + 1)
    found = await services.register_employer(
        EmployerDetails(
            name=name,
            nib=nib,
            npwp="012345678901000",
            sector="manufacturing",
            address="Jl. Industri Raya No. 5",
            kecamatan=KARAWACI,
            contact_name=recruiter.full_name,
            contact_phone="+6281234567890",
        ),
        by=recruiter,
    )
    if officer is not None:
        found = await services.review_employer_as(
            found, verify=True, reason="", officer=officer, url="/"
        )
    return found


async def vacancy(
    owner: Employer, recruiter: User, officer: User | None, **overrides: object
) -> Vacancy:
    """A vacancy of ``owner``; approved when ``officer`` is given."""
    posted = await services.post_vacancy(owner, details(**overrides), by=recruiter)
    if officer is None:
        return posted
    return await services.review_vacancy_as(posted, approve=True, note="", officer=officer, url="/")


def in_days(days: int) -> date:
    return city_today() + timedelta(days=days)
