from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from enum import StrEnum


class EventKind(StrEnum):
    """``laksa.models.EventKind`` when this migration was written."""

    TRANSITION = "transition"
    NOTE = "note"
    RATING = "rating"


class PhotoKind(StrEnum):
    """``laksa.models.PhotoKind`` when this migration was written."""

    REPORT = "report"
    UPDATE = "update"


class Privacy(StrEnum):
    """``laksa.models.Privacy`` when this migration was written."""

    PUBLIC = "public"
    ANONYMOUS = "anonymous"
    CONFIDENTIAL = "confidential"


class Source(StrEnum):
    """``laksa.models.Source`` when this migration was written."""

    WEB = "web"
    OPEN311 = "open311"


class Status(StrEnum):
    """``laksa.workflow.Status`` when this migration was written."""

    RECEIVED = "received"
    VERIFIED = "verified"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    REOPENED = "reopened"
    CLOSED = "closed"


class Migration(migrations.Migration):
    dependencies = [("core", "0003_seed_departments")]

    initial = True

    operations = [
        ops.CreateModel(
            name="ApiKey",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("name", fields.CharField(max_length=120)),
                ("key_hash", fields.CharField(unique=True, max_length=64)),
                ("prefix", fields.CharField(max_length=8)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "last_used_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "laksa_api_key",
                "app": "laksa",
                "pk_attr": "id",
                "table_description": "An Open311 client's key: only its SHA-256 is stored, the key is shown once.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Category",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=50)),
                ("name_id", fields.CharField(max_length=120)),
                ("name_en", fields.CharField(max_length=120)),
                ("description", fields.TextField(default="", unique=False)),
                ("keywords", fields.CharField(default="", max_length=200)),
                (
                    "department",
                    fields.ForeignKeyField(
                        "core.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="laksa_categories",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "attributes",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("is_active", fields.BooleanField(default=True)),
                ("order", fields.IntField(default=100)),
            ],
            options={
                "table": "laksa_category",
                "app": "laksa",
                "pk_attr": "id",
                "table_description": "What a report is about. Each belongs to the department that handles it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("tracking_number", fields.CharField(unique=True, max_length=20)),
                (
                    "category",
                    fields.ForeignKeyField(
                        "laksa.Category",
                        source_field="category_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "department",
                    fields.ForeignKeyField(
                        "core.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="laksa_reports",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "reporter",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="reporter_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="laksa_reports",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "contact",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "privacy",
                    fields.CharEnumField(
                        default=Privacy.PUBLIC,
                        description="PUBLIC: public\nANONYMOUS: anonymous\nCONFIDENTIAL: confidential",
                        enum_type=Privacy,
                        max_length=12,
                    ),
                ),
                ("listed", fields.BooleanField(default=True)),
                ("title", fields.CharField(max_length=120)),
                ("description", fields.TextField(unique=False)),
                ("latitude", fields.FloatField(null=True)),
                ("longitude", fields.FloatField(null=True)),
                ("address", fields.CharField(default="", max_length=255)),
                ("kecamatan", fields.CharField(max_length=20)),
                (
                    "status",
                    fields.CharEnumField(
                        default=Status.RECEIVED,
                        description="RECEIVED: received\nVERIFIED: verified\nDISPATCHED: dispatched\nIN_PROGRESS: in_progress\nRESOLVED: resolved\nREJECTED: rejected\nREOPENED: reopened\nCLOSED: closed",
                        enum_type=Status,
                        max_length=12,
                    ),
                ),
                ("due_on", fields.DateField(null=True)),
                (
                    "assignee",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="assignee_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("text_hidden_reason", fields.CharField(default="", max_length=255)),
                ("supporters", fields.IntField(default=0)),
                ("rating", fields.SmallIntField(null=True)),
                ("rating_comment", fields.TextField(default="", unique=False)),
                (
                    "source",
                    fields.CharEnumField(
                        default=Source.WEB,
                        description="WEB: web\nOPEN311: open311",
                        enum_type=Source,
                        max_length=10,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                (
                    "resolved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "laksa_report",
                "app": "laksa",
                "indexes": [
                    Index(fields=["listed", "id"]),
                    Index(fields=["listed", "status", "id"]),
                    Index(fields=["listed", "category_id", "id"]),
                    Index(fields=["listed", "kecamatan", "id"]),
                    Index(fields=["status", "due_on"]),
                    Index(fields=["department_id", "status", "due_on"]),
                    Index(fields=["reporter_id", "id"]),
                    Index(fields=["category_id", "latitude"]),
                    Index(fields=["created_at"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Support",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "report",
                    fields.ForeignKeyField(
                        "laksa.Report",
                        source_field="report_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="supports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "laksa_support",
                "app": "laksa",
                "unique_together": (("report", "user"),),
                "pk_attr": "id",
                "table_description": 'A citizen says "saya juga mengalami" (me too) instead of filing a twin report.',
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TimelineEvent",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "report",
                    fields.ForeignKeyField(
                        "laksa.Report",
                        source_field="report_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="TRANSITION: transition\nNOTE: note\nRATING: rating",
                        enum_type=EventKind,
                        max_length=12,
                    ),
                ),
                ("action", fields.CharField(default="", max_length=12)),
                ("from_status", fields.CharField(default="", max_length=12)),
                ("to_status", fields.CharField(default="", max_length=12)),
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
                ("actor_label", fields.CharField(default="", max_length=200)),
                ("note", fields.TextField(default="", unique=False)),
                ("internal", fields.BooleanField(default=False)),
                ("hidden_reason", fields.CharField(default="", max_length=255)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "laksa_event",
                "app": "laksa",
                "pk_attr": "id",
                "table_description": "One line of a report's story: a transition, a note or the reporter's rating.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Photo",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "report",
                    fields.ForeignKeyField(
                        "laksa.Report",
                        source_field="report_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="photos",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "laksa.TimelineEvent",
                        source_field="event_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="photos",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "file",
                    fields.ForeignKeyField(
                        "core.StoredFile",
                        source_field="file_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        default=PhotoKind.REPORT,
                        description="REPORT: report\nUPDATE: update",
                        enum_type=PhotoKind,
                        max_length=10,
                    ),
                ),
                ("hidden_reason", fields.CharField(default="", max_length=255)),
            ],
            options={"table": "laksa_photo", "app": "laksa", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TrackingCounter",
            fields=[
                (
                    "year",
                    fields.IntField(generated=False, primary_key=True, unique=True, db_index=True),
                ),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "laksa_tracking_counter",
                "app": "laksa",
                "pk_attr": "year",
                "table_description": "The last tracking number handed out in a year, raised inside the report's transaction.",
            },
            bases=["Model"],
        ),
    ]
