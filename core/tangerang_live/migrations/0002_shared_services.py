from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from enum import StrEnum


class OutboxChannel(StrEnum):
    """``tangerang_live.service_models.OutboxChannel`` when this migration was written."""

    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(StrEnum):
    """``tangerang_live.service_models.OutboxStatus`` when this migration was written."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("plugin", fields.CharField(max_length=100)),
                ("title", fields.CharField(max_length=200)),
                ("body", fields.TextField(default="", unique=False)),
                ("url", fields.CharField(default="", max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("read_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "core_notification",
                "app": "core",
                "indexes": [Index(fields=["user_id", "read_at"])],
                "pk_attr": "id",
                "table_description": "A message to one user, shown under the bell until it is opened.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OutboxMessage",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "channel",
                    fields.CharEnumField(
                        description="EMAIL: email\nSMS: sms", enum_type=OutboxChannel, max_length=10
                    ),
                ),
                ("recipient", fields.CharField(max_length=254)),
                ("subject", fields.CharField(default="", max_length=200)),
                ("body", fields.TextField(default="", unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=OutboxStatus.PENDING,
                        db_index=True,
                        description="PENDING: pending\nSENT: sent\nFAILED: failed",
                        enum_type=OutboxStatus,
                        max_length=10,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("last_error", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "core_outbox",
                "app": "core",
                "pk_attr": "id",
                "table_description": "An email or SMS waiting for ``tangerang-live outbox send`` to deliver it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PublicHoliday",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("date", fields.DateField(unique=True)),
                ("name", fields.CharField(max_length=200)),
            ],
            options={
                "table": "core_public_holiday",
                "app": "core",
                "pk_attr": "id",
                "table_description": "A day off for the city's offices: working-day deadlines skip it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StoredFile",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("key", fields.CharField(unique=True, max_length=64)),
                ("owner", fields.CharField(db_index=True, max_length=100)),
                ("content_type", fields.CharField(max_length=50)),
                ("size", fields.IntField()),
                ("width", fields.IntField()),
                ("height", fields.IntField()),
                ("thumbnail_key", fields.CharField(unique=True, max_length=64)),
                ("public", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "core_stored_file",
                "app": "core",
                "pk_attr": "id",
                "table_description": "An uploaded image, re-encoded and kept under a generated name.",
            },
            bases=["Model"],
        ),
    ]
