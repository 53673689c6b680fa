from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("core", "0005_sequences_and_documents")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("plugin", fields.CharField(max_length=100)),
                ("kind", fields.CharField(max_length=50)),
                ("name", fields.CharField(max_length=200)),
                ("code", fields.CharField(max_length=64)),
                ("is_active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "core_organisation",
                "app": "core",
                "unique_together": (("plugin", "kind", "code"),),
                "pk_attr": "id",
                "table_description": "A body outside the city departments that a plugin works with: an employer, a hospital.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrganisationMember",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "core.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="members",
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
                        related_name="organisation_memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("role", fields.CharField(default="member", max_length=50)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "core_organisation_member",
                "app": "core",
                "unique_together": (("organisation", "user"),),
                "pk_attr": "id",
                "table_description": "A user who belongs to an organisation (a citizen account may recruit for an employer).",
            },
            bases=["Model"],
        ),
        ops.AlterModelOptions(
            name="PermissionGrant",
            options={
                "table": "core_permission_grant",
                "app": "core",
                "unique_together": (("user", "code", "department"),),
                "pk_attr": "id",
                "table_description": "An officer holds a plugin permission: for all its work, or scoped to one department, one",
            },
        ),
        ops.AddField(
            model_name="PermissionGrant",
            name="organisation",
            field=fields.ForeignKeyField(
                "core.Organisation",
                source_field="organisation_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="grants",
                on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.AddField(
            model_name="PermissionGrant",
            name="scope",
            field=fields.CharField(null=True, max_length=100),
        ),
    ]
