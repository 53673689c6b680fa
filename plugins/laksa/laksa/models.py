"""LAKSA's tables: categories, reports, their timelines, photos, supporters and API keys."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from laksa.workflow import Status

if TYPE_CHECKING:
    from tangerang_live import Department, StoredFile, User

KECAMATAN = (
    "Batuceper",
    "Benda",
    "Cibodas",
    "Ciledug",
    "Cipondoh",
    "Jatiuwung",
    "Karangtengah",
    "Karawaci",
    "Larangan",
    "Neglasari",
    "Periuk",
    "Pinang",
    "Tangerang",
)
"""The 13 districts of Kota Tangerang."""


class Privacy(StrEnum):
    PUBLIC = "public"
    ANONYMOUS = "anonymous"
    """Listed publicly, but the reporter's name is never shown to the public."""
    CONFIDENTIAL = "confidential"
    """Never listed publicly: only the reporter and the officers see it."""


class NameShown(StrEnum):
    """How a public report names its reporter to the public: never the full name."""

    KECAMATAN = "kecamatan"
    """"Warga <kecamatan>": the default, nothing personal."""
    FIRST_NAME = "first_name"
    """The first word of the reporter's name."""


class Source(StrEnum):
    WEB = "web"
    OPEN311 = "open311"


class EventKind(StrEnum):
    TRANSITION = "transition"
    NOTE = "note"
    RATING = "rating"


class PhotoKind(StrEnum):
    REPORT = "report"
    """Sent by the reporter with the report."""
    UPDATE = "update"
    """Sent by an officer with a timeline entry (after-photos on resolve)."""


class Category(Model):
    """What a report is about. Each belongs to the department that handles it.

    ``code`` is the Open311 ``service_code``, and ``attributes`` are the extra questions of its
    Open311 service definition (``code``, ``datatype``, ``required``, ``description``, ``values``).
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=50, unique=True)
    name_id = fields.CharField(max_length=120)
    name_en = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    keywords = fields.CharField(max_length=200, default="")
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "core.Department", related_name="laksa_categories", on_delete=fields.RESTRICT
    )
    department_id: int
    attributes: list[Any] = fields.JSONField(default=list)
    is_active = fields.BooleanField(default=True)
    order = fields.IntField(default=100)

    class Meta:
        table = "laksa_category"
        ordering = ["order", "name_id"]

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_id


class Report(Model):
    id = fields.IntField(primary_key=True)
    tracking_number = fields.CharField(max_length=20, unique=True)
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "laksa.Category", related_name="reports", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "core.Department", related_name="laksa_reports", on_delete=fields.RESTRICT
    )
    """The department the report is with now (its category's, until the Live Room re-routes)."""
    department_id: int
    reporter: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="laksa_reports", null=True, on_delete=fields.SET_NULL
    )
    """The signed-in citizen, empty for reports sent through Open311."""
    reporter_id: int | None
    contact: dict[str, Any] = fields.JSONField(default=dict)
    """Contact details an Open311 client sent (name, email, phone): private, like a reporter."""
    privacy = fields.CharEnumField(Privacy, max_length=12, default=Privacy.PUBLIC)
    name_shown = fields.CharEnumField(NameShown, max_length=10, default=NameShown.KECAMATAN)
    """How the public reads the reporter of a public report (anonymous ones show no name)."""
    listed = fields.BooleanField(default=False)
    """Shown in public lists, maps and APIs: from the Live Room's verification on, and never for
    confidential reports."""
    verified_at = fields.DatetimeField(null=True)
    """When the Live Room verified it; until then only its reporter and officers see it."""
    title = fields.CharField(max_length=120)
    description = fields.TextField()
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    address = fields.CharField(max_length=255, default="")
    kecamatan = fields.CharField(max_length=20)
    status = fields.CharEnumField(Status, max_length=12, default=Status.RECEIVED)
    due_on = fields.DateField(null=True)
    """The current deadline (see :mod:`laksa.workflow`), for resolved reports the closing day."""
    assignee: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    """The officer who took the report."""
    text_hidden_reason = fields.CharField(max_length=255, default="")
    """Set by a moderator: the title and description are hidden from everyone but officers."""
    supporters = fields.IntField(default=0)
    rating = fields.SmallIntField(null=True)
    rating_comment = fields.TextField(default="")
    source = fields.CharEnumField(Source, max_length=10, default=Source.WEB)
    api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "laksa.ApiKey", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    """The Open311 client that sent it (its submissions per hour are limited)."""
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "laksa_report"
        indexes = (
            # The public list pages by id within each filter: one index per filter keeps every
            # page an index range scan, even with a million reports.
            ("listed", "id"),
            ("listed", "status", "id"),
            ("listed", "category_id", "id"),
            ("listed", "kecamatan", "id"),
            ("status", "due_on"),
            ("department_id", "status", "due_on"),
            ("reporter_id", "id"),
            # "Already reported nearby": a category's reports within a latitude band.
            ("category_id", "latitude"),
            ("created_at",),
        )

    @property
    def text_hidden(self) -> bool:
        return bool(self.text_hidden_reason)

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def public(self) -> bool:
        """Whether strangers may read it: verified by the Live Room, and not confidential.
        ``listed`` stores the same answer, for the queries of lists, maps and APIs."""
        return self.verified and self.privacy != Privacy.CONFIDENTIAL


class TimelineEvent(Model):
    """One line of a report's story: a transition, a note or the reporter's rating."""

    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "laksa.Report", related_name="events", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(EventKind, max_length=12)
    action = fields.CharField(max_length=12, default="")
    from_status = fields.CharField(max_length=12, default="")
    to_status = fields.CharField(max_length=12, default="")
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_label = fields.CharField(max_length=200, default="")
    """Who acted, as the public reads it: a department's name, never an officer's private data."""
    note = fields.TextField(default="")
    internal = fields.BooleanField(default=False)
    """Seen by officers only."""
    hidden_reason = fields.CharField(max_length=255, default="")
    """Set by a moderator: the note is hidden from everyone but officers."""
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "laksa_event"
        ordering = ["at", "id"]


class Photo(Model):
    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "laksa.Report", related_name="photos", on_delete=fields.CASCADE
    )
    report_id: int
    event: fields.ForeignKeyNullableRelation[TimelineEvent] = fields.ForeignKeyField(
        "laksa.TimelineEvent", related_name="photos", null=True, on_delete=fields.CASCADE
    )
    event_id: int | None
    file: fields.ForeignKeyRelation[StoredFile] = fields.ForeignKeyField(
        "core.StoredFile", related_name=False, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(PhotoKind, max_length=10, default=PhotoKind.REPORT)
    hidden_reason = fields.CharField(max_length=255, default="")

    class Meta:
        table = "laksa_photo"
        ordering = ["id"]


class Support(Model):
    """A citizen says "saya juga mengalami" (me too) instead of filing a twin report."""

    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "laksa.Report", related_name="supports", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "laksa_support"
        unique_together = (("report", "user"),)


class TrackingCounter(Model):
    """The last tracking number of each year before the host sequence took over (migration 0003
    copied it there); no longer written."""

    year = fields.IntField(primary_key=True, generated=False)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "laksa_tracking_counter"


class ApiKey(Model):
    """An Open311 client's key: only its SHA-256 is stored, the key is shown once."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120)
    key_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=8)
    """The key's first characters, so admins can tell keys apart."""
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "laksa_api_key"
