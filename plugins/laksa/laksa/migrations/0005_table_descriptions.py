from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_password_reset"),
        ("laksa", "0004_verified_reports_and_reporter_names"),
    ]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="TrackingCounter",
            options={
                "table": "laksa_tracking_counter",
                "app": "laksa",
                "pk_attr": "year",
                "table_description": "The last tracking number of each year before the host sequence took over (migration 0003",
            },
        ),
    ]
