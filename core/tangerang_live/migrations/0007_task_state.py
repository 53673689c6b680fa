from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("core", "0006_organisations_and_scoped_grants")]

    initial = False

    operations = [
        ops.CreateModel(
            name="TaskState",
            fields=[
                (
                    "name",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=150),
                ),
                (
                    "next_run_at",
                    fields.DatetimeField(
                        null=True, db_index=True, auto_now=False, auto_now_add=False
                    ),
                ),
                ("locked_by", fields.CharField(null=True, max_length=200)),
                (
                    "locked_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "last_started_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "last_finished_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("last_error", fields.TextField(default="", unique=False)),
            ],
            options={
                "table": "core_task_state",
                "app": "core",
                "pk_attr": "name",
                "table_description": "When a scheduled task runs next, who runs it now, and how its last run went.",
            },
            bases=["Model"],
        ),
    ]
