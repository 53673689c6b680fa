from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("core", "0008_password_reset")]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="AuditEntry",
            options={
                "table": "core_audit_log",
                "app": "core",
                "pk_attr": "id",
                "table_description": "One line of the audit log: who did what to which record, when and from where.",
            },
        ),
        ops.AlterModelOptions(
            name="User",
            options={
                "table": "core_user",
                "app": "core",
                "pk_attr": "id",
                "table_description": "An account: a citizen (registered with a NIK), an officer or an admin.",
            },
        ),
    ]
