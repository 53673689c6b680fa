from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("core", "0003_seed_departments")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PluginSetting",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("plugin", fields.CharField(max_length=100)),
                ("key", fields.CharField(max_length=100)),
                (
                    "value",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("changed_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "core_plugin_setting",
                "app": "core",
                "unique_together": (("plugin", "key"),),
                "pk_attr": "id",
                "table_description": "The value an admin chose for a setting a plugin declares (no row: the default).",
            },
            bases=["Model"],
        ),
    ]
