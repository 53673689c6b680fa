from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("core", "0004_plugin_settings")]

    initial = False

    operations = [
        ops.CreateModel(
            name="NumberSequence",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("key", fields.CharField(max_length=100)),
                ("period", fields.CharField(default="", max_length=100)),
                ("value", fields.BigIntField(default=0)),
            ],
            options={
                "table": "core_number_sequence",
                "app": "core",
                "unique_together": (("key", "period"),),
                "pk_attr": "id",
                "table_description": "The last number handed out per key and period (see ``next_number``).",
            },
            bases=["Model"],
        ),
        ops.AlterModelOptions(
            name="StoredFile",
            options={
                "table": "core_stored_file",
                "app": "core",
                "pk_attr": "id",
                "table_description": "An uploaded image (re-encoded) or PDF document, kept under a generated name.",
            },
        ),
        ops.AlterField(
            model_name="StoredFile",
            name="thumbnail_key",
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
        ops.AddField(
            model_name="StoredFile",
            name="name",
            field=fields.CharField(default="", max_length=200),
        ),
        ops.AddField(
            model_name="StoredFile",
            name="uploaded_by",
            field=fields.ForeignKeyField(
                "core.User",
                source_field="uploaded_by_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name=False,
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
