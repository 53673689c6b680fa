from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from enum import StrEnum


class BedClass(StrEnum):
    """``simpati_rs.workflow.BedClass`` when this migration was written."""

    VIP = "vip"
    KELAS_1 = "kelas_1"
    KELAS_2 = "kelas_2"
    KELAS_3 = "kelas_3"
    ICU = "icu"
    ISOLATION = "isolation"


class Payer(StrEnum):
    """``simpati_rs.workflow.Payer`` when this migration was written."""

    GENERAL = "general"
    JKN = "jkn"


class Status(StrEnum):
    """``simpati_rs.workflow.Status`` when this migration was written."""

    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CALLED = "called"
    SKIPPED = "skipped"
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Migration(migrations.Migration):
    dependencies = [("core", "0006_organisations_and_scoped_grants")]

    initial = True

    operations = [
        ops.CreateModel(
            name="BedWard",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "hospital",
                    fields.ForeignKeyField(
                        "core.Organisation",
                        source_field="hospital_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="simpati_rs_beds",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "bed_class",
                    fields.CharEnumField(
                        description="VIP: vip\nKELAS_1: kelas_1\nKELAS_2: kelas_2\nKELAS_3: kelas_3\nICU: icu\nISOLATION: isolation",
                        enum_type=BedClass,
                        max_length=12,
                    ),
                ),
                ("capacity", fields.SmallIntField(default=0)),
                ("occupied", fields.SmallIntField(default=0)),
                ("waiting", fields.SmallIntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "simpati_rs_beds",
                "app": "simpati_rs",
                "unique_together": (("hospital", "bed_class"),),
                "pk_attr": "id",
                "table_description": "A hospital's beds of one class.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="HospitalHoliday",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "hospital",
                    fields.ForeignKeyField(
                        "core.Organisation",
                        source_field="hospital_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="simpati_rs_holidays",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("day", fields.DateField()),
                ("name", fields.CharField(max_length=120)),
            ],
            options={
                "table": "simpati_rs_holiday",
                "app": "simpati_rs",
                "unique_together": (("hospital", "day"),),
                "pk_attr": "id",
                "table_description": "A day a hospital's polyclinics are closed besides the public holidays.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Polyclinic",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "hospital",
                    fields.ForeignKeyField(
                        "core.Organisation",
                        source_field="hospital_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="simpati_rs_polyclinics",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("code", fields.CharField(max_length=40)),
                ("name_id", fields.CharField(max_length=120)),
                ("name_en", fields.CharField(max_length=120)),
                ("order", fields.IntField(default=100)),
                ("is_active", fields.BooleanField(default=True)),
            ],
            options={
                "table": "simpati_rs_polyclinic",
                "app": "simpati_rs",
                "unique_together": (("hospital", "code"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Doctor",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "polyclinic",
                    fields.ForeignKeyField(
                        "simpati_rs.Polyclinic",
                        source_field="polyclinic_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="doctors",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=120)),
                ("is_active", fields.BooleanField(default=True)),
            ],
            options={"table": "simpati_rs_doctor", "app": "simpati_rs", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="DoctorLeave",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "doctor",
                    fields.ForeignKeyField(
                        "simpati_rs.Doctor",
                        source_field="doctor_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="leaves",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("starts_on", fields.DateField()),
                ("ends_on", fields.DateField()),
                ("reason", fields.CharField(default="", max_length=200)),
            ],
            options={
                "table": "simpati_rs_doctor_leave",
                "app": "simpati_rs",
                "indexes": [Index(fields=["doctor_id", "ends_on"])],
                "pk_attr": "id",
                "table_description": "Days a doctor does not practise (leave, a congress): their sessions are closed.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PracticeSession",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "polyclinic",
                    fields.ForeignKeyField(
                        "simpati_rs.Polyclinic",
                        source_field="polyclinic_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "doctor",
                    fields.ForeignKeyField(
                        "simpati_rs.Doctor",
                        source_field="doctor_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("weekday", fields.SmallIntField()),
                ("starts_minute", fields.SmallIntField()),
                ("ends_minute", fields.SmallIntField()),
                ("quota", fields.SmallIntField()),
                ("jkn_quota", fields.SmallIntField()),
                ("is_active", fields.BooleanField(default=True)),
            ],
            options={
                "table": "simpati_rs_session",
                "app": "simpati_rs",
                "indexes": [Index(fields=["polyclinic_id", "weekday"])],
                "pk_attr": "id",
                "table_description": "A doctor's weekly practice: every ``weekday`` from ``starts`` to ``ends`` (city time).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Booking",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=12)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "simpati_rs.PracticeSession",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="bookings",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "polyclinic",
                    fields.ForeignKeyField(
                        "simpati_rs.Polyclinic",
                        source_field="polyclinic_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="bookings",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("day", fields.DateField()),
                ("number", fields.SmallIntField()),
                (
                    "booked_by",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="booked_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="simpati_rs_bookings",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("patient_name", fields.CharField(max_length=120)),
                ("nik", fields.CharField(max_length=16)),
                ("born", fields.DateField()),
                (
                    "payer",
                    fields.CharEnumField(
                        description="GENERAL: general\nJKN: jkn", enum_type=Payer, max_length=8
                    ),
                ),
                ("jkn_number", fields.CharField(default="", max_length=13)),
                ("referral", fields.CharField(default="", max_length=40)),
                ("priority", fields.BooleanField(default=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=Status.BOOKED,
                        description="BOOKED: booked\nCHECKED_IN: checked_in\nCALLED: called\nSKIPPED: skipped\nSERVED: served\nNO_SHOW: no_show\nCANCELLED: cancelled",
                        enum_type=Status,
                        max_length=12,
                    ),
                ),
                ("active_key", fields.CharField(null=True, unique=True, max_length=60)),
                ("recalls", fields.SmallIntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "checked_in_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("called_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "finished_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "simpati_rs_booking",
                "app": "simpati_rs",
                "unique_together": (("session", "day", "number"),),
                "indexes": [
                    Index(fields=["polyclinic_id", "day", "status"]),
                    Index(fields=["booked_by_id", "day"]),
                    Index(fields=["day", "status"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SessionDay",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "session",
                    fields.ForeignKeyField(
                        "simpati_rs.PracticeSession",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="days",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("day", fields.DateField()),
                ("booked", fields.SmallIntField(default=0)),
                ("jkn_booked", fields.SmallIntField(default=0)),
                ("writes", fields.IntField(default=0)),
            ],
            options={
                "table": "simpati_rs_session_day",
                "app": "simpati_rs",
                "unique_together": (("session", "day"),),
                "pk_attr": "id",
                "table_description": "One session on one date: how many of its places are taken.",
            },
            bases=["Model"],
        ),
    ]
