"""What the host's route checks fill SIAP Kerja's path parameters with (see ``declare_access`` in
the plugin guide): made for the test's world through the plugin's own services, never called by
the portal itself. ``world.citizen`` recruits for the employers and sends the applications; the
test's ``world.admin`` stands in for the Disnaker officer who reviews them."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import Headers, UploadFile
from tangerang_live import User, city_today, sign_token

from siap_kerja import services
from siap_kerja.models import Application, Card, Employer, JobFair, Vacancy
from siap_kerja.services import (
    CardRequest,
    EmployerDetails,
    FairDetails,
    SeekerDetails,
    VacancyDetails,
)
from siap_kerja.views.citizen import TICKET_TOKEN
from siap_kerja.views.public import CARD_TOKEN
from siap_kerja.workflow import CardStatus, Education, EmploymentType

KARAWACI = "36.71.07"
NIK = "3671071203980001"
"""A Kota Tangerang NIK (Karawaci, born 12 March 1998)."""


def pdf(extra: bytes = b"") -> bytes:
    """A small, valid one-page PDF (``extra`` goes into the page dictionary)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + extra + b">>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


async def _person(label: str) -> User:
    """Somebody of the sample's own, so what the roles do to it spares the world."""
    number = await User.all().count()
    return await User.create(
        email=f"{label}-{number}@example.org",
        full_name=f"{label.title()} {number}",
        password_hash="!",
    )


async def _employer(world: Any, recruiter: User, *, verified: bool) -> Employer:
    nib = str(8_120_000_000_000 + await Employer.all().count() + 1)
    found = await services.register_employer(
        EmployerDetails(
            name=f"PT Contoh {nib[-4:]}",
            nib=nib,
            npwp="012345678901000",
            sector="manufacturing",
            address="Jl. Contoh Rahasia No. 7",
            kecamatan=KARAWACI,
            contact_name="Sari Contoh",
            contact_phone="+6281234567890",
        ),
        by=recruiter,
    )
    if verified:
        found = await services.review_employer_as(
            found, verify=True, reason="", officer=world.admin, url="/"
        )
    return found


async def _vacancy(world: Any, recruiter: User, *, approved: bool) -> Vacancy:
    owner = await _employer(world, recruiter, verified=True)
    posted = await services.post_vacancy(
        owner,
        VacancyDetails(
            title="Operator Produksi Contoh",
            description="Mengoperasikan mesin produksi, kerja tiga shift.",
            kecamatan=KARAWACI,
            address="Jl. Industri Raya No. 5",
            employment_type=EmploymentType.FULL_TIME,
            salary_min=4_900_000,
            salary_max=5_500_000,
            education=Education.SMA,
            experience_years=1,
            skills="mesin jahit",
            openings=2,
            closes_on=city_today() + timedelta(days=30),
        ),
        by=recruiter,
    )
    if not approved:
        return posted
    return await services.review_vacancy_as(
        posted, approve=True, note="", officer=world.admin, url="/"
    )


async def pending_employer(world: Any) -> dict[str, Any]:
    """A company ``world.citizen`` registered, still waiting for Disnaker."""
    found = await _employer(world, world.citizen, verified=False)
    return {"id": found.id}


async def verified_employer(world: Any) -> dict[str, Any]:
    """A verified company ``world.citizen`` recruits for."""
    found = await _employer(world, world.citizen, verified=True)
    return {"id": found.id}


async def vacancy(world: Any) -> dict[str, Any]:
    """An open, listed vacancy of another company: the one ``world.citizen`` may apply for."""
    found = await _vacancy(world, await _person("recruiter"), approved=True)
    return {"id": found.id}


async def own_vacancy(world: Any) -> dict[str, Any]:
    """An open vacancy of a company ``world.citizen`` recruits for."""
    found = await _vacancy(world, world.citizen, approved=True)
    return {"id": found.id}


async def pending_vacancy(world: Any) -> dict[str, Any]:
    """A vacancy waiting for Disnaker's review."""
    found = await _vacancy(world, world.citizen, approved=False)
    return {"id": found.id}


async def _apply(world: Any, seeker: User, recruiter: User, note: str) -> Application:
    await services.save_profile(
        seeker,
        SeekerDetails(Education.SMA, "mesin jahit", "Dua tahun di pabrik garmen", KARAWACI),
        UploadFile(
            io.BytesIO(pdf()),
            filename="cv.pdf",
            headers=Headers({"content-type": "application/pdf"}),
        ),
    )
    posted = await _vacancy(world, recruiter, approved=True)
    return await services.apply(posted, seeker, cover_note=note, url="/")


async def application(world: Any) -> dict[str, Any]:
    """An application ``world.citizen`` sent, with a CV, to another company's vacancy."""
    note = "Catatan lamaran rahasia milik pelamar"
    sent = await _apply(world, world.citizen, await _person("recruiter"), note)
    return {"id": sent.id, "private_text": [note, sent.number]}


async def received_application(world: Any) -> dict[str, Any]:
    """An application somebody sent to a vacancy of ``world.citizen``'s company."""
    note = "Catatan lamaran yang hanya dibaca perekrut"
    sent = await _apply(world, await _person("seeker"), world.citizen, note)
    return {"id": sent.id, "private_text": [note, sent.number]}


def _card_request(holder: User) -> CardRequest:
    return CardRequest(
        full_name=holder.full_name,
        nik=NIK,
        birth_date=date(1998, 3, 12),
        education=Education.SMA,
        address="Jl. Alamat Rahasia No. 9",
        kecamatan=KARAWACI,
    )


async def card(world: Any) -> dict[str, Any]:
    """``world.citizen``'s active, numbered AK/1 card (made once, then found again)."""
    found = await Card.filter(holder_id=world.citizen.id, status=CardStatus.ACTIVE).first()
    if found is None:
        applied = await services.apply_for_card(world.citizen, _card_request(world.citizen))
        found = await services.review_card(
            applied,
            approve=True,
            reason="",
            officer=world.admin,
            validity_months=24,
            interval_months=6,
            url="/",
        )
    token = sign_token({"card": found.id}, purpose=CARD_TOKEN)
    return {"id": found.id, "token": token, "private_text": [NIK, "Jl. Alamat Rahasia No. 9"]}


async def card_application(world: Any) -> dict[str, Any]:
    """A card application waiting for Disnaker."""
    applied = await services.apply_for_card(
        holder := await _person("holder"), _card_request(holder)
    )
    return {"id": applied.id}


async def fair(world: Any) -> dict[str, Any]:
    """A job fair a month ahead, with places left."""
    published = await services.publish_fair(
        FairDetails(
            title="Job Fair Contoh",
            description="Bursa kerja contoh.",
            day=city_today() + timedelta(days=30),
            place="Gedung Contoh Kota Tangerang",
            kecamatan=KARAWACI,
            capacity=1000,
        ),
        [],
        officer=world.admin,
    )
    return {"id": published.id}


async def ticket(world: Any) -> dict[str, Any]:
    """``world.citizen``'s ticket to a job fair, and the token its QR code carries."""
    published = await JobFair.get(id=(await fair(world))["id"])
    issued = await services.register_for_fair(published, world.citizen)
    token = sign_token(
        {"ticket": issued.id, "fair": published.id},
        purpose=TICKET_TOKEN,
        expires_in=timedelta(days=31),
    )
    return {"id": issued.id, "token": token}
