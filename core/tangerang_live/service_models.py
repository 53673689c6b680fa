"""The core app's tables for the services every plugin shares: files, holidays, notifications."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from tangerang_live.models import User


class StoredFile(Model):
    """An uploaded image (re-encoded) or PDF document, kept under a generated name.

    ``key`` is random and unguessable; it names the file on disk and in URLs. A private file is
    served only through a signed, expiring URL that the page showing it hands out.
    """

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    owner = fields.CharField(max_length=100, db_index=True)
    """The plugin (or ``core``) that stored the file."""
    content_type = fields.CharField(max_length=50)
    size = fields.IntField()
    width = fields.IntField()
    height = fields.IntField()
    """Pixels of an image; 0 for a document."""
    thumbnail_key = fields.CharField(max_length=64, unique=True, null=True)
    """An image's thumbnail; ``None`` for a document."""
    public = fields.BooleanField(default=False)
    name = fields.CharField(max_length=200, default="")
    """The name the uploader gave a document, cleaned: only for showing and saving it."""
    uploaded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "core_stored_file"


class NumberSequence(Model):
    """The last number handed out per key and period (see ``next_number``)."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=100)
    period = fields.CharField(max_length=100, default="")
    value = fields.BigIntField(default=0)

    class Meta:
        table = "core_number_sequence"
        unique_together = (("key", "period"),)


class TaskState(Model):
    """When a scheduled task runs next, who runs it now, and how its last run went.

    ``locked_by``/``locked_until`` are the lock: a runner takes a due task with one conditional
    update, so exactly one process of the deployment runs it; a lock whose process died expires.
    """

    name = fields.CharField(max_length=150, primary_key=True)
    """``<plugin>.<task>``, or ``core.<task>`` for the host's own."""
    next_run_at = fields.DatetimeField(null=True, db_index=True)
    locked_by = fields.CharField(max_length=200, null=True)
    locked_until = fields.DatetimeField(null=True)
    last_started_at = fields.DatetimeField(null=True)
    last_finished_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")

    class Meta:
        table = "core_task_state"


class PublicHoliday(Model):
    """A day off for the city's offices: working-day deadlines skip it."""

    id = fields.IntField(primary_key=True)
    date = fields.DateField(unique=True)
    name = fields.CharField(max_length=200)

    class Meta:
        table = "core_public_holiday"
        ordering = ["date"]


class Notification(Model):
    """A message to one user, shown under the bell until it is opened."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="notifications", on_delete=fields.CASCADE
    )
    plugin = fields.CharField(max_length=100)
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    url = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "core_notification"
        indexes = (("user_id", "read_at"),)


class OutboxChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    """An email or SMS waiting for ``tangerang-live outbox send`` to deliver it."""

    id = fields.IntField(primary_key=True)
    channel = fields.CharEnumField(OutboxChannel, max_length=10)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=200, default="")
    body = fields.TextField(default="")
    status = fields.CharEnumField(
        OutboxStatus, max_length=10, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "core_outbox"
