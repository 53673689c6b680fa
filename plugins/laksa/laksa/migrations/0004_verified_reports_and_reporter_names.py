"""Reports become public only once the Live Room verifies them; the public never reads a
reporter's full name, only the first name or "Warga <kecamatan>" (the default, for every report
filed before the choice existed).

Data: a report the Live Room already handled (past "received", or rejected after verifying) counts
as verified at its last change and stays as public as it was; one still waiting leaves the public
lists until it is verified.
"""

from enum import StrEnum

from tortoise import fields, migrations
from tortoise.expressions import F
from tortoise.migrations import operations as ops


class NameShown(StrEnum):
    """``laksa.models.NameShown`` when this migration was written."""

    KECAMATAN = "kecamatan"
    FIRST_NAME = "first_name"


async def mark_triaged_reports_verified(apps, schema_editor):
    report = apps.get_model("laksa", "Report")
    event = apps.get_model("laksa", "TimelineEvent")
    triaged = await report.exclude(status__in=["received", "rejected"]).values_list("id", flat=True)
    rejected_after_verifying = await event.filter(
        action="verify", report__status="rejected"
    ).values_list("report_id", flat=True)
    await report.filter(id__in=[*triaged, *rejected_after_verifying]).update(
        verified_at=F("updated_at")
    )
    await report.filter(verified_at__isnull=True).update(listed=False)


async def forget_verification(apps, schema_editor):
    """Going back: every report that is not confidential is listed again, as before."""
    await apps.get_model("laksa", "Report").exclude(privacy="confidential").update(listed=True)


class Migration(migrations.Migration):
    dependencies = [("laksa", "0003_host_tracking_sequence")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Report",
            name="name_shown",
            field=fields.CharEnumField(
                default=NameShown.KECAMATAN,
                description="KECAMATAN: kecamatan\nFIRST_NAME: first_name",
                enum_type=NameShown,
                max_length=10,
            ),
        ),
        ops.AddField(
            model_name="Report",
            name="verified_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.RunPython(mark_triaged_reports_verified, forget_verification),
    ]
