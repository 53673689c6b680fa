"""schema.org ``JobPosting`` structured data for a public vacancy page, and the sitemap.

Google's required properties (``title``, ``description``, ``datePosted``, ``hiringOrganization``,
``jobLocation``) and the recommended ones a vacancy has (``validThrough``, ``employmentType``,
``baseSalary`` in IDR per month, ``directApply``, ``identifier``), plus education, experience and
skills. A filled or closed vacancy says so: its ``validThrough`` is the moment it stopped taking
applications, which is in the past.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup
from markupsafe import escape as html_escape
from tangerang_live import CITY_TIMEZONE, kecamatan_by_code

from siap_kerja.models import Employer, Vacancy
from siap_kerja.workflow import Education, VacancyStatus

EDUCATION_CREDENTIAL = {
    Education.SD: "primary school",
    Education.SMP: "middle school",
    Education.SMA: "high school",
    Education.D3: "associate degree",
    Education.S1: "bachelor degree",
    Education.S2: "postgraduate degree",
}
"""schema.org's ``credentialCategory`` words for each schooling level."""


def _valid_through(vacancy: Vacancy) -> datetime:
    if vacancy.status == VacancyStatus.OPEN:
        return datetime.combine(vacancy.closes_on, time(23, 59, 59), CITY_TIMEZONE)
    return vacancy.updated_at.astimezone(CITY_TIMEZONE)


def job_posting(vacancy: Vacancy, employer: Employer, url: str) -> dict[str, Any]:
    kecamatan = kecamatan_by_code(vacancy.kecamatan)
    posted = vacancy.posted_at or vacancy.created_at
    paragraphs = "".join(
        f"<p>{html_escape(p)}</p>" for p in vacancy.description.split("\n") if p.strip()
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": paragraphs,
        "identifier": {"@type": "PropertyValue", "name": employer.name, "value": str(vacancy.id)},
        "datePosted": posted.astimezone(CITY_TIMEZONE).date().isoformat(),
        "validThrough": _valid_through(vacancy).isoformat(timespec="seconds"),
        "employmentType": vacancy.employment_type.value,
        "hiringOrganization": {"@type": "Organization", "name": employer.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": vacancy.address,
                "addressLocality": kecamatan.name if kecamatan else "Kota Tangerang",
                "addressRegion": "Banten",
                "addressCountry": "ID",
            },
        },
        "directApply": True,
        "url": url,
        "totalJobOpenings": vacancy.openings,
        "experienceRequirements": {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": vacancy.experience_years * 12,
        },
    }
    if vacancy.salary_min is not None and vacancy.salary_max is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "IDR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": vacancy.salary_min,
                "maxValue": vacancy.salary_max,
                "unitText": "MONTH",
            },
        }
    if vacancy.education in EDUCATION_CREDENTIAL:
        data["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": EDUCATION_CREDENTIAL[Education(vacancy.education)],
        }
    if vacancy.skills:
        data["skills"] = vacancy.skills
    return data


def script(data: dict[str, Any]) -> Markup:
    """The data as a ``<script type="application/ld+json">`` block; ``<`` is escaped so that no
    text in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup('<script type="application/ld+json">') + Markup(text) + Markup("</script>")


def sitemap(urls: list[tuple[str, datetime]]) -> str:
    entries = "".join(
        f"<url><loc>{escape(loc)}</loc><lastmod>{modified.date().isoformat()}</lastmod></url>"
        for loc, modified in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
