from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("core", "0007_task_state"), ("simpati_rs", "0001_initial")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Booking",
            name="reminded_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
