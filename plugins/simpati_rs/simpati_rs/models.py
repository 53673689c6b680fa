"""Simpati RS's tables: polyclinics, doctors, weekly sessions, leave, bookings and beds.

Hospitals are the host's organisations of kind ``hospital``; every row here belongs to one.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from tangerang_live import CITY_TIMEZONE
from tortoise import fields
from tortoise.models import Model
from tortoise.queryset import QuerySet

from simpati_rs.workflow import BedClass, Payer, Status

if TYPE_CHECKING:
    from tangerang_live import Organisation, User

HOSPITAL_KIND = "hospital"


class Polyclinic(Model):
    id = fields.IntField(primary_key=True)
    hospital: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "core.Organisation", related_name="simpati_rs_polyclinics", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=40)
    """Short and URL-safe: ``penyakit-dalam``."""
    name_id = fields.CharField(max_length=120)
    name_en = fields.CharField(max_length=120)
    order = fields.IntField(default=100)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "simpati_rs_polyclinic"
        unique_together = (("hospital", "code"),)
        ordering = ["order", "name_id"]

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_id


class Doctor(Model):
    id = fields.IntField(primary_key=True)
    polyclinic: fields.ForeignKeyRelation[Polyclinic] = fields.ForeignKeyField(
        "simpati_rs.Polyclinic", related_name="doctors", on_delete=fields.RESTRICT
    )
    polyclinic_id: int
    name = fields.CharField(max_length=120)
    """As patients know it, with titles: ``dr. Rina Kartika, Sp.PD``."""
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "simpati_rs_doctor"
        ordering = ["name"]


class PracticeSession(Model):
    """A doctor's weekly practice: every ``weekday`` from ``starts`` to ``ends`` (city time)."""

    id = fields.IntField(primary_key=True)
    polyclinic: fields.ForeignKeyRelation[Polyclinic] = fields.ForeignKeyField(
        "simpati_rs.Polyclinic", related_name="sessions", on_delete=fields.RESTRICT
    )
    polyclinic_id: int
    doctor: fields.ForeignKeyRelation[Doctor] = fields.ForeignKeyField(
        "simpati_rs.Doctor", related_name="sessions", on_delete=fields.RESTRICT
    )
    doctor_id: int
    weekday = fields.SmallIntField()
    """0 = Monday ... 6 = Sunday."""
    starts_minute = fields.SmallIntField()
    """Minutes after midnight, city time."""
    ends_minute = fields.SmallIntField()
    quota = fields.SmallIntField()
    jkn_quota = fields.SmallIntField()
    """Of ``quota``, the places reserved for JKN patients."""
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "simpati_rs_session"
        ordering = ["weekday", "starts_minute"]
        indexes = (("polyclinic_id", "weekday"),)

    @property
    def starts(self) -> time:
        return time(self.starts_minute // 60, self.starts_minute % 60)

    @property
    def ends(self) -> time:
        return time(self.ends_minute // 60, self.ends_minute % 60)

    def start_on(self, day: date) -> datetime:
        return datetime.combine(day, self.starts, CITY_TIMEZONE)

    def end_on(self, day: date) -> datetime:
        return datetime.combine(day, self.ends, CITY_TIMEZONE)

    def runs_on(self, day: date) -> bool:
        return day.weekday() == self.weekday

    @classmethod
    def open(cls) -> QuerySet[PracticeSession]:
        """Sessions patients may book: active, of a practising doctor, at an open polyclinic."""
        return cls.filter(is_active=True, doctor__is_active=True, polyclinic__is_active=True)


class DoctorLeave(Model):
    """Days a doctor does not practise (leave, a congress): their sessions are closed."""

    id = fields.IntField(primary_key=True)
    doctor: fields.ForeignKeyRelation[Doctor] = fields.ForeignKeyField(
        "simpati_rs.Doctor", related_name="leaves", on_delete=fields.CASCADE
    )
    doctor_id: int
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    reason = fields.CharField(max_length=200, default="")

    class Meta:
        table = "simpati_rs_doctor_leave"
        indexes = (("doctor_id", "ends_on"),)


class HospitalHoliday(Model):
    """A day a hospital's polyclinics are closed besides the public holidays."""

    id = fields.IntField(primary_key=True)
    hospital: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "core.Organisation", related_name="simpati_rs_holidays", on_delete=fields.CASCADE
    )
    hospital_id: int
    day = fields.DateField()
    name = fields.CharField(max_length=120)

    class Meta:
        table = "simpati_rs_holiday"
        unique_together = (("hospital", "day"),)


class SessionDay(Model):
    """One session on one date: how many of its places are taken.

    The booking transaction starts by writing this row, which serialises every booking and
    cancellation of the session-day (a row lock on PostgreSQL, the write lock on SQLite).
    """

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[PracticeSession] = fields.ForeignKeyField(
        "simpati_rs.PracticeSession", related_name="days", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    booked = fields.SmallIntField(default=0)
    """Places taken: bookings that are not cancelled."""
    jkn_booked = fields.SmallIntField(default=0)
    writes = fields.IntField(default=0)
    """Raised by every booking and cancellation: the write that takes the lock."""

    class Meta:
        table = "simpati_rs_session_day"
        unique_together = (("session", "day"),)


class Booking(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, unique=True)
    """What the patient shows or types at the desk: ``RS-7K3M9Q``."""
    session: fields.ForeignKeyRelation[PracticeSession] = fields.ForeignKeyField(
        "simpati_rs.PracticeSession", related_name="bookings", on_delete=fields.RESTRICT
    )
    session_id: int
    polyclinic: fields.ForeignKeyRelation[Polyclinic] = fields.ForeignKeyField(
        "simpati_rs.Polyclinic", related_name="bookings", on_delete=fields.RESTRICT
    )
    polyclinic_id: int
    day = fields.DateField()
    number = fields.SmallIntField()
    """Queue number within the session and day: 1, 2, 3 ... in booking order."""
    booked_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="simpati_rs_bookings", on_delete=fields.RESTRICT
    )
    booked_by_id: int
    patient_name = fields.CharField(max_length=120)
    nik = fields.CharField(max_length=16)
    born = fields.DateField()
    payer = fields.CharEnumField(Payer, max_length=8)
    jkn_number = fields.CharField(max_length=13, default="")
    referral = fields.CharField(max_length=40, default="")
    priority = fields.BooleanField(default=False)
    status = fields.CharEnumField(Status, max_length=12, default=Status.BOOKED)
    active_key = fields.CharField(max_length=60, null=True, unique=True)
    """``nik:polyclinic:day`` while the booking is active, empty after: the database itself
    refuses a second active booking for the same patient, polyclinic and day."""
    recalls = fields.SmallIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    checked_in_at = fields.DatetimeField(null=True)
    called_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    reminded_at = fields.DatetimeField(null=True)
    """When the booker was reminded the day before (once)."""

    class Meta:
        table = "simpati_rs_booking"
        unique_together = (("session", "day", "number"),)
        indexes = (
            ("polyclinic_id", "day", "status"),
            ("booked_by_id", "day"),
            ("day", "status"),
        )

    @staticmethod
    def key_for(nik: str, polyclinic_id: int, day: date) -> str:
        return f"{nik}:{polyclinic_id}:{day.isoformat()}"


class BedWard(Model):
    """A hospital's beds of one class."""

    id = fields.IntField(primary_key=True)
    hospital: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "core.Organisation", related_name="simpati_rs_beds", on_delete=fields.RESTRICT
    )
    hospital_id: int
    bed_class = fields.CharEnumField(BedClass, max_length=12)
    capacity = fields.SmallIntField(default=0)
    occupied = fields.SmallIntField(default=0)
    waiting = fields.SmallIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "simpati_rs_beds"
        unique_together = (("hospital", "bed_class"),)

    @property
    def free(self) -> int:
        return self.capacity - self.occupied
