"""The core app's tables: accounts, plugin state, runtime configuration and the audit log."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    """What kind of account a user has: a citizen, an officer of departments, or an admin."""

    CITIZEN = "citizen"
    OFFICER = "officer"
    ADMIN = "admin"


class User(Model):
    """An account: a citizen (registered with a NIK), an officer or an admin.

    Signed in with ``email`` or ``phone``; ``locale`` is the language the user reads the portal
    and their notifications in.
    """

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True, null=True)
    phone = fields.CharField(max_length=20, unique=True, null=True)
    nik = fields.CharField(max_length=16, unique=True, null=True)
    full_name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=200)
    role = fields.CharEnumField(Role, max_length=16, default=Role.CITIZEN)
    is_active = fields.BooleanField(default=True)
    locale = fields.CharField(max_length=5, default="id")
    session_epoch = fields.IntField(default=0)
    """Raised to sign the user out of every session."""
    created_at = fields.DatetimeField(auto_now_add=True)
    departments: fields.ManyToManyRelation[Department]
    """The departments an officer works in (declared on ``Department.members``)."""

    class Meta:
        table = "core_user"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class PluginState(Model):
    """Whether an installed plugin is enabled. No row means disabled: installed is not enabled."""

    name = fields.CharField(max_length=100, primary_key=True)
    enabled = fields.BooleanField(default=False)
    changed_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "core_plugin_state"


class PluginSetting(Model):
    """The value an admin chose for a setting a plugin declares (no row: the default)."""

    id = fields.IntField(primary_key=True)
    plugin = fields.CharField(max_length=100)
    key = fields.CharField(max_length=100)
    value: Any = fields.JSONField()
    """``{"value": ...}``: wrapped, as the field would read a bare string as JSON text."""
    changed_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "core_plugin_setting"
        unique_together = (("plugin", "key"),)


class RuntimeConfig(Model):
    """Portal-wide settings an admin changes at runtime, with a version every worker polls.

    Each change raises ``version`` in the same transaction, so a worker needs one cheap query a
    second to know whether to reload the enabled plugins and the active theme.
    """

    id = fields.IntField(primary_key=True)
    version = fields.IntField(default=0)
    theme = fields.CharField(max_length=50, default="default")

    class Meta:
        table = "core_runtime_config"


class AuditEntry(Model):
    """One line of the audit log: who did what to which record, when and from where.

    Written with ``record_audit`` in the transaction of the change; read here, e.g. in tests.
    """

    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_label = fields.CharField(max_length=254, default="")
    """Who acted, kept as text too: the CLI has no user, and users may be deleted."""
    action = fields.CharField(max_length=64, db_index=True)
    target = fields.CharField(max_length=200, default="")
    detail: dict[str, Any] = fields.JSONField(default=dict)
    ip = fields.CharField(max_length=45, default="")

    class Meta:
        table = "core_audit_log"
        ordering = ["-id"]


class Department(Model):
    """A city department (OPD) that answers citizens, such as Dinas PUPR."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    """Short name used in URLs and routing rules: ``pupr``, ``dishub``."""
    name = fields.CharField(max_length=200)
    is_active = fields.BooleanField(default=True)
    members: fields.ManyToManyRelation[User] = fields.ManyToManyField(
        "core.User", related_name="departments", through="core_department_member"
    )

    class Meta:
        table = "core_department"
        ordering = ["name"]


class Organisation(Model):
    """A body outside the city departments that a plugin works with: an employer, a hospital.

    Created by plugins (``create_organisation``); its people are ``OrganisationMember`` rows.
    """

    id = fields.IntField(primary_key=True)
    plugin = fields.CharField(max_length=100)
    kind = fields.CharField(max_length=50)
    """What the plugin calls it: ``employer``, ``hospital``."""
    name = fields.CharField(max_length=200)
    code = fields.CharField(max_length=64)
    """Short and unique within the plugin and kind, for URLs."""
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "core_organisation"
        unique_together = (("plugin", "kind", "code"),)
        ordering = ["name"]


class OrganisationMember(Model):
    """A user who belongs to an organisation (a citizen account may recruit for an employer)."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "core.Organisation", related_name="members", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="organisation_memberships", on_delete=fields.CASCADE
    )
    role = fields.CharField(max_length=50, default="member")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "core_organisation_member"
        unique_together = (("organisation", "user"),)


class PermissionGrant(Model):
    """An officer holds a plugin permission: for all its work, or scoped to one department, one
    organisation or one value of a scope the plugin declares (a polyclinic, say)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="grants", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=100, db_index=True)
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "core.Department", related_name="grants", null=True, on_delete=fields.CASCADE
    )
    department_id: int | None
    organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "core.Organisation", related_name="grants", null=True, on_delete=fields.CASCADE
    )
    organisation_id: int | None
    scope = fields.CharField(max_length=100, null=True)
    granted_at = fields.DatetimeField(auto_now_add=True)

    @property
    def unscoped(self) -> bool:
        return self.department_id is None and self.organisation_id is None and self.scope is None

    class Meta:
        table = "core_permission_grant"
        unique_together = (("user", "code", "department"),)


class PasswordReset(Model):
    """A one-time code that lets a user set a new password without signing in.

    Only a keyed hash of the code is stored. It works once, until ``expires_at``, and dies after
    a few wrong guesses (``attempts``); a newer request for the same user ends the older ones.
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: int
    code_hash = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    """When it was used, or ended by a newer request or by too many wrong codes."""
    attempts = fields.IntField(default=0)
    """Wrong codes typed against it."""
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "core_password_reset"
        indexes = (("user_id", "used_at"),)
