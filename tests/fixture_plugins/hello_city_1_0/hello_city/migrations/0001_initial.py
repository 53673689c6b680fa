from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Greeting",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("text", fields.CharField(max_length=200)),
            ],
            options={"table": "hello_city_greeting", "app": "hello_city", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
