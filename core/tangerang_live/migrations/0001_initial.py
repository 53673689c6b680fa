from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from enum import StrEnum


class Role(StrEnum):
    """``tangerang_live.models.Role`` when this migration was written."""

    CITIZEN = "citizen"
    OFFICER = "officer"
    ADMIN = "admin"


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="PluginState",
            fields=[
                (
                    "name",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=100),
                ),
                ("enabled", fields.BooleanField(default=False)),
                ("changed_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "core_plugin_state",
                "app": "core",
                "pk_attr": "name",
                "table_description": "Whether an installed plugin is enabled. No row means disabled: installed is not enabled.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RuntimeConfig",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("version", fields.IntField(default=0)),
                ("theme", fields.CharField(default="default", max_length=50)),
            ],
            options={
                "table": "core_runtime_config",
                "app": "core",
                "pk_attr": "id",
                "table_description": "Portal-wide settings an admin changes at runtime, with a version every worker polls.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("email", fields.CharField(null=True, unique=True, max_length=254)),
                ("phone", fields.CharField(null=True, unique=True, max_length=20)),
                ("nik", fields.CharField(null=True, unique=True, max_length=16)),
                ("full_name", fields.CharField(max_length=200)),
                ("password_hash", fields.CharField(max_length=200)),
                (
                    "role",
                    fields.CharEnumField(
                        default=Role.CITIZEN,
                        description="CITIZEN: citizen\nOFFICER: officer\nADMIN: admin",
                        enum_type=Role,
                        max_length=16,
                    ),
                ),
                ("is_active", fields.BooleanField(default=True)),
                ("locale", fields.CharField(default="id", max_length=5)),
                ("session_epoch", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "core_user", "app": "core", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("at", fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
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
                ("actor_label", fields.CharField(default="", max_length=254)),
                ("action", fields.CharField(db_index=True, max_length=64)),
                ("target", fields.CharField(default="", max_length=200)),
                (
                    "detail",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("ip", fields.CharField(default="", max_length=45)),
            ],
            options={"table": "core_audit_log", "app": "core", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Department",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("name", fields.CharField(max_length=200)),
                ("is_active", fields.BooleanField(default=True)),
                (
                    "members",
                    fields.ManyToManyField(
                        "core.User",
                        unique=True,
                        db_constraint=True,
                        through="core_department_member",
                        forward_key="user_id",
                        backward_key="core_department_id",
                        related_name="departments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "core_department",
                "app": "core",
                "pk_attr": "id",
                "table_description": "A city department (OPD) that answers citizens, such as Dinas PUPR.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PermissionGrant",
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
                        related_name="grants",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("code", fields.CharField(db_index=True, max_length=100)),
                (
                    "department",
                    fields.ForeignKeyField(
                        "core.Department",
                        source_field="department_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="grants",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("granted_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "core_permission_grant",
                "app": "core",
                "unique_together": (("user", "code", "department"),),
                "pk_attr": "id",
                "table_description": "An officer holds a plugin permission, optionally only for one department's work.",
            },
            bases=["Model"],
        ),
    ]
