"""Data: tracking numbers now come from the host's ``next_number("laksa.report", year)``.

The host's sequence starts where LAKSA's own counter stopped, year by year, so no number handed
out before is handed out again. The old counter table stays, unread, until a later release.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

KEY = "laksa.report"


async def seed_sequence(apps, schema_editor):
    counter = apps.get_model("laksa", "TrackingCounter")
    sequence = apps.get_model("core", "NumberSequence")
    for row in await counter.all():
        taken = await sequence.get_or_none(key=KEY, period=str(row.year))
        if taken is None:
            await sequence.create(key=KEY, period=str(row.year), value=row.last_number)
        elif taken.value < row.last_number:
            await sequence.filter(id=taken.id).update(value=row.last_number)


async def keep_sequence(apps, schema_editor):
    """Going back leaves the host's sequence alone: it only ever moves forward."""


class Migration(migrations.Migration):
    dependencies = [("laksa", "0002_report_api_key"), ("core", "0005_sequences_and_documents")]

    initial = False

    operations = [ops.RunPython(seed_sequence, keep_sequence)]
