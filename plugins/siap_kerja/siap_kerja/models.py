"""SIAP Kerja's tables: employers, vacancies, seekers, applications, AK/1 cards and job fairs.

The full-text index of vacancies is not a model: it is made by the migration (an FTS5 table on
SQLite, a GIN index over a ``tsvector`` on PostgreSQL) and read by :mod:`siap_kerja.search`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from siap_kerja.workflow import (
    CardStatus,
    Education,
    EmployerStatus,
    EmploymentType,
    Status,
    VacancyStatus,
)

if TYPE_CHECKING:
    from tangerang_live import Organisation, StoredFile, User


class Employer(Model):
    """A company registered by a citizen. The members of its host organisation are its recruiters.

    (Docstrings of models and fields become SQL comments: they avoid semicolons and apostrophes.)
    """

    id = fields.IntField(primary_key=True)
    organisation: fields.OneToOneRelation[Organisation] = fields.OneToOneField(
        "core.Organisation", related_name="siap_kerja_employer", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=160)
    nib = fields.CharField(max_length=13, unique=True)
    """Nomor Induk Berusaha: the business licence number from OSS, 13 digits."""
    npwp = fields.CharField(max_length=16)
    """The tax number, 15 or 16 digits."""
    sector = fields.CharField(max_length=40)
    address = fields.CharField(max_length=255)
    kecamatan = fields.CharField(max_length=20)
    contact_name = fields.CharField(max_length=120)
    contact_phone = fields.CharField(max_length=20)
    status = fields.CharEnumField(EmployerStatus, max_length=10, default=EmployerStatus.PENDING)
    refusal_reason = fields.TextField(default="")
    registered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    registered_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    reviewed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "siap_kerja_employer"
        indexes = (("status", "id"),)


class Vacancy(Model):
    id = fields.IntField(primary_key=True)
    employer: fields.ForeignKeyRelation[Employer] = fields.ForeignKeyField(
        "siap_kerja.Employer", related_name="vacancies", on_delete=fields.RESTRICT
    )
    employer_id: int
    title = fields.CharField(max_length=120)
    description = fields.TextField()
    kecamatan = fields.CharField(max_length=20)
    address = fields.CharField(max_length=255)
    employment_type = fields.CharEnumField(EmploymentType, max_length=12)
    salary_min = fields.IntField(null=True)
    """Rupiah per month, both empty for negotiable."""
    salary_max = fields.IntField(null=True)
    education = fields.IntEnumField(Education, default=Education.NONE)
    experience_years = fields.SmallIntField(default=0)
    skills = fields.CharField(max_length=255, default="")
    openings = fields.IntField()
    hired = fields.IntField(default=0)
    closes_on = fields.DateField()
    status = fields.CharEnumField(VacancyStatus, max_length=10, default=VacancyStatus.PENDING)
    listed = fields.BooleanField(default=False)
    """Open and from a verified employer: what search, lists, sitemap and widgets may show.
    Kept in step by every service that changes the status of the vacancy or of its employer."""
    review_note = fields.TextField(default="")
    search_terms = fields.TextField(default="")
    """Title, employer, skills and description as stemmed words: what the full-text index holds."""
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    posted_at = fields.DatetimeField(null=True)
    """When an officer last approved it: "posted within" counts from here."""

    class Meta:
        table = "siap_kerja_vacancy"
        indexes = (
            ("listed", "id"),
            ("listed", "kecamatan", "id"),
            ("listed", "posted_at"),
            ("status", "id"),
            ("employer_id", "id"),
        )


class SearchTerm(Model):
    """Every stemmed word of a listed vacancy, once: the vocabulary typos are corrected against."""

    term = fields.CharField(max_length=40, primary_key=True)

    class Meta:
        table = "siap_kerja_search_term"


class Seeker(Model):
    """The job-seeker profile of a citizen."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    education = fields.IntEnumField(Education, default=Education.NONE)
    skills = fields.CharField(max_length=255, default="")
    experience = fields.TextField(default="")
    kecamatan = fields.CharField(max_length=20, default="")
    cv: fields.ForeignKeyNullableRelation[StoredFile] = fields.ForeignKeyField(
        "core.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    cv_id: int | None
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "siap_kerja_seeker"


class Application(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=24, unique=True)
    vacancy: fields.ForeignKeyRelation[Vacancy] = fields.ForeignKeyField(
        "siap_kerja.Vacancy", related_name="applications", on_delete=fields.CASCADE
    )
    vacancy_id: int
    seeker: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    seeker_id: int
    cover_note = fields.TextField(default="")
    cv: fields.ForeignKeyNullableRelation[StoredFile] = fields.ForeignKeyField(
        "core.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    """The CV the seeker had when applying: the employer reads this one."""
    cv_id: int | None
    status = fields.CharEnumField(Status, max_length=14, default=Status.SENT)
    active = fields.BooleanField(null=True, default=True)
    """True while the application holds the place of its seeker, NULL after withdrawal or refusal:
    the unique index below then allows one active application per seeker and vacancy, and any
    number of finished ones (NULLs never collide)."""
    interview_at = fields.DatetimeField(null=True)
    interview_place = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "siap_kerja_application"
        unique_together = (("vacancy", "seeker", "active"),)
        indexes = (("seeker_id", "id"), ("vacancy_id", "status"))


class ApplicationEvent(Model):
    """One step in the story of an application, seen by the seeker and the employer."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[Application] = fields.ForeignKeyField(
        "siap_kerja.Application", related_name="events", on_delete=fields.CASCADE
    )
    from_status = fields.CharField(max_length=14, default="")
    to_status = fields.CharField(max_length=14)
    note = fields.TextField(default="")
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "siap_kerja_application_event"
        ordering = ["at", "id"]


class Card(Model):
    """An AK/1 card (kartu kuning): applied for online, approved and numbered by Disnaker."""

    id = fields.IntField(primary_key=True)
    holder: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    holder_id: int
    number = fields.CharField(max_length=24, null=True, unique=True)
    full_name = fields.CharField(max_length=120)
    nik = fields.CharField(max_length=16)
    birth_date = fields.DateField()
    education = fields.IntEnumField(Education)
    address = fields.CharField(max_length=255)
    kecamatan = fields.CharField(max_length=20)
    status = fields.CharEnumField(CardStatus, max_length=10, default=CardStatus.APPLIED)
    refusal_reason = fields.TextField(default="")
    issued_on = fields.DateField(null=True)
    valid_until = fields.DateField(null=True)
    last_reported_on = fields.DateField(null=True)
    report_due_on = fields.DateField(null=True)
    reminded_for = fields.DateField(null=True)
    """The report day the holder was last reminded of, so the task reminds once per period."""
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "siap_kerja_card"
        indexes = (("holder_id", "id"), ("status", "report_due_on"))


class CardReport(Model):
    """The six-monthly report of a card holder: still looking, or working now."""

    id = fields.IntField(primary_key=True)
    card: fields.ForeignKeyRelation[Card] = fields.ForeignKeyField(
        "siap_kerja.Card", related_name="reports", on_delete=fields.CASCADE
    )
    still_looking = fields.BooleanField()
    note = fields.TextField(default="")
    reported_on = fields.DateField()

    class Meta:
        table = "siap_kerja_card_report"
        ordering = ["-reported_on", "-id"]


class JobFair(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=160)
    description = fields.TextField(default="")
    day = fields.DateField()
    place = fields.CharField(max_length=255)
    kecamatan = fields.CharField(max_length=20)
    capacity = fields.IntField()
    registered = fields.IntField(default=0)
    employers: fields.ManyToManyRelation[Employer] = fields.ManyToManyField(
        "siap_kerja.Employer", related_name="fairs", through="siap_kerja_fair_employer"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "siap_kerja_fair"
        ordering = ["day", "id"]


class FairTicket(Model):
    id = fields.IntField(primary_key=True)
    fair: fields.ForeignKeyRelation[JobFair] = fields.ForeignKeyField(
        "siap_kerja.JobFair", related_name="tickets", on_delete=fields.CASCADE
    )
    fair_id: int
    holder: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=24, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    checked_in_at = fields.DatetimeField(null=True)

    class Meta:
        table = "siap_kerja_fair_ticket"
        unique_together = (("fair", "holder"),)
