from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from enum import IntEnum, StrEnum


class CardStatus(StrEnum):
    """``siap_kerja.workflow.CardStatus`` when this migration was written."""

    APPLIED = "applied"
    ACTIVE = "active"
    REFUSED = "refused"
    PLACED = "placed"
    EXPIRED = "expired"


class Education(IntEnum):
    """``siap_kerja.workflow.Education`` when this migration was written."""

    NONE = 0
    SD = 1
    SMP = 2
    SMA = 3
    D3 = 4
    S1 = 5
    S2 = 6


class EmployerStatus(StrEnum):
    """``siap_kerja.workflow.EmployerStatus`` when this migration was written."""

    PENDING = "pending"
    VERIFIED = "verified"
    REFUSED = "refused"


class EmploymentType(StrEnum):
    """``siap_kerja.workflow.EmploymentType`` when this migration was written."""

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACT = "CONTRACTOR"
    INTERNSHIP = "INTERN"
    DAILY = "PER_DIEM"


class Status(StrEnum):
    """``siap_kerja.workflow.Status`` when this migration was written."""

    SENT = "sent"
    SEEN = "seen"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    HIRED = "hired"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"


class VacancyStatus(StrEnum):
    """``siap_kerja.workflow.VacancyStatus`` when this migration was written."""

    PENDING = "pending"
    RETURNED = "returned"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class Migration(migrations.Migration):
    dependencies = [("core", "0006_organisations_and_scoped_grants")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Card",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "holder",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="holder_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.CharField(null=True, unique=True, max_length=24)),
                ("full_name", fields.CharField(max_length=120)),
                ("nik", fields.CharField(max_length=16)),
                ("birth_date", fields.DateField()),
                (
                    "education",
                    fields.IntEnumField(
                        description="NONE: 0\nSD: 1\nSMP: 2\nSMA: 3\nD3: 4\nS1: 5\nS2: 6",
                        enum_type=Education,
                        generated=False,
                    ),
                ),
                ("address", fields.CharField(max_length=255)),
                ("kecamatan", fields.CharField(max_length=20)),
                (
                    "status",
                    fields.CharEnumField(
                        default=CardStatus.APPLIED,
                        description="APPLIED: applied\nACTIVE: active\nREFUSED: refused\nPLACED: placed\nEXPIRED: expired",
                        enum_type=CardStatus,
                        max_length=10,
                    ),
                ),
                ("refusal_reason", fields.TextField(default="", unique=False)),
                ("issued_on", fields.DateField(null=True)),
                ("valid_until", fields.DateField(null=True)),
                ("last_reported_on", fields.DateField(null=True)),
                ("report_due_on", fields.DateField(null=True)),
                ("reminded_for", fields.DateField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "siap_kerja_card",
                "app": "siap_kerja",
                "indexes": [
                    Index(fields=["holder_id", "id"]),
                    Index(fields=["status", "report_due_on"]),
                ],
                "pk_attr": "id",
                "table_description": "An AK/1 card (kartu kuning): applied for online, approved and numbered by Disnaker.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CardReport",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "card",
                    fields.ForeignKeyField(
                        "siap_kerja.Card",
                        source_field="card_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("still_looking", fields.BooleanField()),
                ("note", fields.TextField(default="", unique=False)),
                ("reported_on", fields.DateField()),
            ],
            options={
                "table": "siap_kerja_card_report",
                "app": "siap_kerja",
                "pk_attr": "id",
                "table_description": "The six-monthly report of a card holder: still looking, or working now.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Employer",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "organisation",
                    fields.OneToOneField(
                        "core.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="siap_kerja_employer",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=160)),
                ("nib", fields.CharField(unique=True, max_length=13)),
                ("npwp", fields.CharField(max_length=16)),
                ("sector", fields.CharField(max_length=40)),
                ("address", fields.CharField(max_length=255)),
                ("kecamatan", fields.CharField(max_length=20)),
                ("contact_name", fields.CharField(max_length=120)),
                ("contact_phone", fields.CharField(max_length=20)),
                (
                    "status",
                    fields.CharEnumField(
                        default=EmployerStatus.PENDING,
                        description="PENDING: pending\nVERIFIED: verified\nREFUSED: refused",
                        enum_type=EmployerStatus,
                        max_length=10,
                    ),
                ),
                ("refusal_reason", fields.TextField(default="", unique=False)),
                (
                    "registered_by",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="registered_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "reviewed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "siap_kerja_employer",
                "app": "siap_kerja",
                "indexes": [Index(fields=["status", "id"])],
                "pk_attr": "id",
                "table_description": "A company registered by a citizen. The members of its host organisation are its recruiters.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="JobFair",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("title", fields.CharField(max_length=160)),
                ("description", fields.TextField(default="", unique=False)),
                ("day", fields.DateField()),
                ("place", fields.CharField(max_length=255)),
                ("kecamatan", fields.CharField(max_length=20)),
                ("capacity", fields.IntField()),
                ("registered", fields.IntField(default=0)),
                (
                    "employers",
                    fields.ManyToManyField(
                        "siap_kerja.Employer",
                        unique=True,
                        db_constraint=True,
                        through="siap_kerja_fair_employer",
                        forward_key="employer_id",
                        backward_key="siap_kerja_fair_id",
                        related_name="fairs",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "siap_kerja_fair", "app": "siap_kerja", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="FairTicket",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "fair",
                    fields.ForeignKeyField(
                        "siap_kerja.JobFair",
                        source_field="fair_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tickets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "holder",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="holder_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.CharField(unique=True, max_length=24)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "checked_in_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "siap_kerja_fair_ticket",
                "app": "siap_kerja",
                "unique_together": (("fair", "holder"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "term",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40),
                ),
            ],
            options={
                "table": "siap_kerja_search_term",
                "app": "siap_kerja",
                "pk_attr": "term",
                "table_description": "Every stemmed word of a listed vacancy, once: the vocabulary typos are corrected against.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Seeker",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.OneToOneField(
                        "core.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "education",
                    fields.IntEnumField(
                        default=Education.NONE,
                        description="NONE: 0\nSD: 1\nSMP: 2\nSMA: 3\nD3: 4\nS1: 5\nS2: 6",
                        enum_type=Education,
                        generated=False,
                    ),
                ),
                ("skills", fields.CharField(default="", max_length=255)),
                ("experience", fields.TextField(default="", unique=False)),
                ("kecamatan", fields.CharField(default="", max_length=20)),
                (
                    "cv",
                    fields.ForeignKeyField(
                        "core.StoredFile",
                        source_field="cv_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "siap_kerja_seeker",
                "app": "siap_kerja",
                "pk_attr": "id",
                "table_description": "The job-seeker profile of a citizen.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Vacancy",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "employer",
                    fields.ForeignKeyField(
                        "siap_kerja.Employer",
                        source_field="employer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="vacancies",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("title", fields.CharField(max_length=120)),
                ("description", fields.TextField(unique=False)),
                ("kecamatan", fields.CharField(max_length=20)),
                ("address", fields.CharField(max_length=255)),
                (
                    "employment_type",
                    fields.CharEnumField(
                        description="FULL_TIME: FULL_TIME\nPART_TIME: PART_TIME\nCONTRACT: CONTRACTOR\nINTERNSHIP: INTERN\nDAILY: PER_DIEM",
                        enum_type=EmploymentType,
                        max_length=12,
                    ),
                ),
                ("salary_min", fields.IntField(null=True)),
                ("salary_max", fields.IntField(null=True)),
                (
                    "education",
                    fields.IntEnumField(
                        default=Education.NONE,
                        description="NONE: 0\nSD: 1\nSMP: 2\nSMA: 3\nD3: 4\nS1: 5\nS2: 6",
                        enum_type=Education,
                        generated=False,
                    ),
                ),
                ("experience_years", fields.SmallIntField(default=0)),
                ("skills", fields.CharField(default="", max_length=255)),
                ("openings", fields.IntField()),
                ("hired", fields.IntField(default=0)),
                ("closes_on", fields.DateField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=VacancyStatus.PENDING,
                        description="PENDING: pending\nRETURNED: returned\nOPEN: open\nFILLED: filled\nCLOSED: closed",
                        enum_type=VacancyStatus,
                        max_length=10,
                    ),
                ),
                ("listed", fields.BooleanField(default=False)),
                ("review_note", fields.TextField(default="", unique=False)),
                ("search_terms", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ("posted_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "siap_kerja_vacancy",
                "app": "siap_kerja",
                "indexes": [
                    Index(fields=["listed", "id"]),
                    Index(fields=["listed", "kecamatan", "id"]),
                    Index(fields=["listed", "posted_at"]),
                    Index(fields=["status", "id"]),
                    Index(fields=["employer_id", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Application",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("number", fields.CharField(unique=True, max_length=24)),
                (
                    "vacancy",
                    fields.ForeignKeyField(
                        "siap_kerja.Vacancy",
                        source_field="vacancy_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="applications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "seeker",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="seeker_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("cover_note", fields.TextField(default="", unique=False)),
                (
                    "cv",
                    fields.ForeignKeyField(
                        "core.StoredFile",
                        source_field="cv_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=Status.SENT,
                        description="SENT: sent\nSEEN: seen\nSHORTLISTED: shortlisted\nINTERVIEW: interview\nHIRED: hired\nNOT_SELECTED: not_selected\nWITHDRAWN: withdrawn",
                        enum_type=Status,
                        max_length=14,
                    ),
                ),
                ("active", fields.BooleanField(null=True, default=True)),
                (
                    "interview_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("interview_place", fields.CharField(default="", max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "siap_kerja_application",
                "app": "siap_kerja",
                "unique_together": (("vacancy", "seeker", "active"),),
                "indexes": [
                    Index(fields=["seeker_id", "id"]),
                    Index(fields=["vacancy_id", "status"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApplicationEvent",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "application",
                    fields.ForeignKeyField(
                        "siap_kerja.Application",
                        source_field="application_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("from_status", fields.CharField(default="", max_length=14)),
                ("to_status", fields.CharField(max_length=14)),
                ("note", fields.TextField(default="", unique=False)),
                (
                    "actor",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="actor_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "siap_kerja_application_event",
                "app": "siap_kerja",
                "pk_attr": "id",
                "table_description": "One step in the story of an application, seen by the seeker and the employer.",
            },
            bases=["Model"],
        ),
    ]
