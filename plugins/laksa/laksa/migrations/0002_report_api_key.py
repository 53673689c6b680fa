from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("laksa", "0001_initial")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Report",
            name="api_key",
            field=fields.ForeignKeyField(
                "laksa.ApiKey",
                source_field="api_key_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name=False,
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
