"""Hook implementations: how Simpati RS plugs into the portal."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from starlette.routing import Route
from tangerang_live import (
    Access,
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    PluginContext,
    Role,
    SearchResult,
    Setting,
    Task,
    Widget,
    declare_access,
    hookimpl,
)

from simpati_rs import access, fhir, samples, services
from simpati_rs.demo import load_demo
from simpati_rs.models import Doctor, Polyclinic
from simpati_rs.views import catalogue, citizen, manage, officer, public, widgets
from simpati_rs.workflow import CUTOFF_MINUTES, MINUTES_PER_PATIENT, WINDOW_DAYS


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="simpati_rs",
        title=LocalizedText("Simpati RS", "Simpati RS"),
        description=LocalizedText(
            "Ambil nomor antrean poliklinik RSUD dari rumah, pantau antrean, cek tempat tidur.",
            "Take a queue number at the city hospital's polyclinics from home, follow the queue, "
            "see free beds.",
        ),
        url_prefix="/simpati-rs",
        icon="icon.svg",
        host_api=">=1.1,<2.0",
    )


# Who may use each route (``declare_access``): the statuses the portal's route tests expect for
# each role, with the sample whose path parameters they use (``samples``). Hospital duties are
# granted per hospital: a grant for no hospital (the Live Room's, in the test's world) opens the
# desk and the bed board, but no hospital's patients, queues or beds.
PUBLIC = Access.EVERYONE
HOSPITAL = ("rs",)
PATIENT = ("session", "day", "patient_name", "nik", "born", "payer", "jkn_number", "referral")
OWN_BOOKING = Access.CITIZENS.but(neighbour=404, sample=samples.booking)
SEES_BOOKING = Access.SIGNED_IN.but(
    neighbour=404, officer=404, live_room=404, sample=samples.booking
)
STAFF = Access.OFFICERS.but(officer=403, live_room=200)
"""Holders of a hospital duty without a hospital: the Live Room officer of the test's world."""
QUEUE_STAFF = Access.ADMINS
"""Who runs a polyclinic's queue: its hospital's staff (no role of the test's world) and admins."""
KEEPER = Access.ADMINS
"""Who keeps a hospital's catalogue: its managers (no role of the test's world) and admins."""


def _catalogue_form(path: str, view: Any, name: str, sample: Any, fields: tuple[str, ...]) -> Route:
    """A catalogue form: shown to its keepers, refused (422) when sent empty."""
    return declare_access(
        Route(path, view, methods=["GET", "POST"], name=name),
        GET=KEEPER.but(sample=sample, params=("ok", "batal")),
        POST=KEEPER.but(admin=422, sample=sample, params=fields),
    )


POLYCLINIC_FIELDS = ("code", "name_id", "name_en", "order", "is_active")
SESSION_FIELDS = ("doctor", "weekday", "starts", "ends", "quota", "jkn_quota", "is_active")
LEAVE_FIELDS = ("starts_on", "ends_on", "reason")
HOLIDAY_FIELDS = ("day", "name")


@hookimpl
def routes() -> list[Route]:
    return [
        declare_access(
            Route("/", public.index, name="index"),
            GET=PUBLIC.but(params=HOSPITAL, sample=samples.clinic),
        ),
        declare_access(
            Route("/poli/{id:int}", public.polyclinic, name="polyclinic"),
            GET=PUBLIC.but(sample=samples.clinic, params=("dokter", "tanggal")),
        ),
        declare_access(
            Route("/dokter/{id:int}", public.doctor, name="doctor"),
            GET=PUBLIC.but(sample=samples.doctor),
        ),
        declare_access(
            Route("/antrean/{id:int}", public.board, name="board"),
            GET=PUBLIC.but(sample=samples.clinic),
        ),
        declare_access(
            Route("/antrean/{id:int}/live", public.board_live, name="board_live"),
            GET=PUBLIC.but(sample=samples.clinic),
        ),
        declare_access(
            Route("/bed", public.beds, name="beds"),
            GET=PUBLIC.but(params=HOSPITAL, sample=samples.clinic),
        ),
        declare_access(
            Route("/daftar", citizen.book, methods=["GET", "POST"], name="book"),
            GET=Access.CITIZENS.but(citizen=404, params=("session", "day")),
            POST=Access.CITIZENS.but(citizen=422, params=PATIENT),
        ),
        declare_access(Route("/saya", citizen.mine, name="mine"), GET=Access.CITIZENS),
        declare_access(
            Route("/b/{code}", citizen.booking, name="booking"),
            GET=SEES_BOOKING.but(params=("baru",)),
        ),
        declare_access(
            Route("/b/{code}/live", citizen.booking_live, name="booking_live"), GET=SEES_BOOKING
        ),
        declare_access(
            Route("/b/{code}/batal", citizen.cancel, methods=["POST"], name="cancel"),
            POST=OWN_BOOKING.but(citizen=303),
        ),
        declare_access(
            Route(
                "/b/{code}/pindah", citizen.reschedule, methods=["GET", "POST"], name="reschedule"
            ),
            GET=OWN_BOOKING,
            POST=OWN_BOOKING.but(citizen=422, params=("session", "day")),
        ),
        declare_access(
            Route("/loket", officer.desk, methods=["GET", "POST"], name="desk"),
            GET=STAFF,
            POST=STAFF.but(live_room=422, admin=422, params=("code",)),
        ),
        declare_access(
            Route("/petugas/poli/{id:int}", officer.queue, name="queue"),
            GET=QUEUE_STAFF.but(sample=samples.clinic),
        ),
        declare_access(
            Route(
                "/petugas/poli/{id:int}/sesi/{session:int}/panggil",
                officer.call_next,
                methods=["POST"],
                name="call_next",
            ),
            POST=QUEUE_STAFF.but(admin=422, sample=samples.queue_call),
        ),
        declare_access(
            Route(
                "/petugas/b/{id:int}/{action}", officer.act, methods=["POST"], name="queue_action"
            ),
            POST=QUEUE_STAFF.but(admin=422, sample=samples.booking),
        ),
        declare_access(
            Route("/petugas/bed", manage.beds, methods=["GET", "POST"], name="manage_beds"),
            GET=STAFF.but(params=("ok",)),
            POST=STAFF.but(
                live_room=404, admin=404, params=("ward", "capacity", "occupied", "waiting")
            ),
        ),
        declare_access(
            Route("/kelola", catalogue.index, name="catalogue"),
            GET=STAFF.but(params=("ok", "batal")),
        ),
        _catalogue_form(
            "/kelola/rs/{id:int}/poli",
            catalogue.polyclinic_new,
            "catalogue_polyclinic_new",
            samples.hospital,
            POLYCLINIC_FIELDS,
        ),
        _catalogue_form(
            "/kelola/poli/{id:int}",
            catalogue.polyclinic_edit,
            "catalogue_polyclinic",
            samples.clinic,
            POLYCLINIC_FIELDS,
        ),
        _catalogue_form(
            "/kelola/poli/{id:int}/dokter",
            catalogue.doctor_new,
            "catalogue_doctor_new",
            samples.clinic,
            ("name", "is_active"),
        ),
        _catalogue_form(
            "/kelola/dokter/{id:int}",
            catalogue.doctor_edit,
            "catalogue_doctor",
            samples.doctor,
            ("name", "is_active"),
        ),
        _catalogue_form(
            "/kelola/poli/{id:int}/sesi",
            catalogue.session_new,
            "catalogue_session_new",
            samples.clinic,
            SESSION_FIELDS,
        ),
        _catalogue_form(
            "/kelola/sesi/{id:int}",
            catalogue.session_edit,
            "catalogue_session",
            samples.schedule,
            SESSION_FIELDS,
        ),
        _catalogue_form(
            "/kelola/dokter/{id:int}/cuti",
            catalogue.leave_new,
            "catalogue_leave_new",
            samples.doctor,
            LEAVE_FIELDS,
        ),
        _catalogue_form(
            "/kelola/cuti/{id:int}",
            catalogue.leave_edit,
            "catalogue_leave",
            samples.leave,
            LEAVE_FIELDS,
        ),
        declare_access(
            Route(
                "/kelola/cuti/{id:int}/hapus",
                catalogue.leave_remove,
                methods=["POST"],
                name="catalogue_leave_remove",
            ),
            POST=KEEPER.but(admin=303, sample=samples.leave),
        ),
        _catalogue_form(
            "/kelola/rs/{id:int}/libur",
            catalogue.holiday_new,
            "catalogue_holiday_new",
            samples.hospital,
            HOLIDAY_FIELDS,
        ),
        _catalogue_form(
            "/kelola/libur/{id:int}",
            catalogue.holiday_edit,
            "catalogue_holiday",
            samples.holiday,
            HOLIDAY_FIELDS,
        ),
        declare_access(
            Route(
                "/kelola/libur/{id:int}/hapus",
                catalogue.holiday_remove,
                methods=["POST"],
                name="catalogue_holiday_remove",
            ),
            POST=KEEPER.but(admin=303, sample=samples.holiday),
        ),
        declare_access(
            Route("/widgets/next", widgets.next_booking, name="widget_next"), GET=PUBLIC
        ),
        declare_access(
            Route("/widgets/today", widgets.today, name="widget_today"),
            GET=Access.ADMINS.but(anonymous=403),
        ),
        *fhir.routes,
    ]


@hookimpl
def model_modules() -> list[str]:
    return ["simpati_rs.models"]


@hookimpl
def nav_items(plugin: PluginContext) -> list[NavItem]:
    return [
        NavItem(LocalizedText("Simpati RS", "Simpati RS"), plugin.url("index"), order=30),
        NavItem(
            LocalizedText("Antrean saya", "My queue numbers"),
            plugin.url("mine"),
            "citizen",
            order=31,
        ),
        NavItem(
            LocalizedText("Loket RS", "Hospital desk"),
            plugin.url("desk"),
            "officer",
            permission=access.DESK,
            order=32,
        ),
        NavItem(
            LocalizedText("Tempat tidur RS", "Hospital beds"),
            plugin.url("manage_beds"),
            "officer",
            permission=access.BEDS,
            order=33,
        ),
        NavItem(
            LocalizedText("Jadwal RS", "Hospital schedules"),
            plugin.url("catalogue"),
            "officer",
            permission=access.CATALOGUE,
            order=34,
        ),
    ]


@hookimpl
async def home_widgets(user: Any, plugin: PluginContext) -> list[Widget]:
    if user is not None and user.role == Role.CITIZEN:
        title = LocalizedText("Antrean RS saya", "My hospital queue")
        return [Widget(title, url=plugin.url("widget_next"), order=25)]
    if await access.is_staff(user):
        title = LocalizedText("Poliklinik hari ini", "Polyclinics today")
        return [Widget(title, url=plugin.url("widget_today"), order=25)]
    return []


@hookimpl
async def search(query: str, limit: int, plugin: PluginContext) -> list[SearchResult]:
    """Polyclinics and doctors whose name mentions ``query``."""
    polyclinics = await Polyclinic.filter(is_active=True, name_id__icontains=query).limit(limit)
    results = [
        SearchResult(p.name_id, plugin.url("polyclinic", id=p.id), kind="Poliklinik")
        for p in polyclinics
    ]
    doctors = await (
        Doctor.filter(is_active=True, polyclinic__is_active=True, name__icontains=query)
        .select_related("polyclinic")
        .limit(limit - len(results))
    )
    results += [
        SearchResult(d.name, plugin.url("doctor", id=d.id), d.polyclinic.name_id, kind="Dokter")
        for d in doctors
    ]
    return results[:limit]


@hookimpl
def permissions() -> list[Permission]:
    return [
        Permission(
            access.DESK,
            LocalizedText(
                "Loket pendaftaran rumah sakit: periksa kode booking dan daftarkan pasien",
                "Hospital registration desk: check booking codes and check patients in",
            ),
            scopes=("organisation",),
        ),
        Permission(
            access.QUEUE,
            LocalizedText(
                "Petugas poliklinik: panggil, ulangi, lewati, selesai, tidak hadir",
                "Polyclinic staff: call, recall, skip, mark served or absent",
            ),
            scopes=("organisation", access.POLYCLINIC_SCOPE),
        ),
        Permission(
            access.BEDS,
            LocalizedText(
                "Pengelola tempat tidur: perbarui ketersediaan tempat tidur",
                "Bed manager: update the bed availability board",
            ),
            scopes=("organisation",),
        ),
        Permission(
            access.CATALOGUE,
            LocalizedText(
                "Pengelola jadwal: poliklinik, dokter, sesi praktik, cuti dokter dan hari libur",
                "Schedule keeper: polyclinics, doctors, practice sessions, doctors' leave and "
                "holidays",
            ),
            scopes=("organisation", access.POLYCLINIC_SCOPE),
        ),
    ]


@hookimpl
def settings() -> list[Setting]:
    return [
        Setting(
            "minutes_per_patient",
            LocalizedText("Rata-rata menit per pasien", "Average minutes per patient"),
            MINUTES_PER_PATIENT,
            minimum=1,
            maximum=120,
            help=LocalizedText(
                "Untuk memperkirakan jam datang dan lama menunggu.",
                "Estimates when to come and how long the wait is.",
            ),
        ),
        Setting(
            "window_days",
            LocalizedText("Pendaftaran dibuka (hari sebelumnya)", "Booking opens (days ahead)"),
            WINDOW_DAYS,
            minimum=1,
            maximum=60,
        ),
        Setting(
            "cutoff_minutes",
            LocalizedText(
                "Pendaftaran ditutup (menit sebelum praktik)",
                "Booking closes (minutes before the session)",
            ),
            CUTOFF_MINUTES,
            minimum=0,
            maximum=24 * 60,
        ),
    ]


async def _remind_tomorrow(plugin: PluginContext) -> int:
    rules = services.Rules.of(plugin.settings)
    reminded = await services.remind_tomorrow(lambda code: plugin.url("booking", code=code), rules)
    if reminded:
        plugin.logger.info("reminded %d bookers of tomorrow's visit", reminded)
    return reminded


async def _mark_no_shows(plugin: PluginContext) -> int:
    marked = await services.mark_no_shows()
    if marked:
        plugin.logger.info("marked %d bookings as no-shows", marked)
    return marked


@hookimpl
def tasks() -> list[Task]:
    return [
        Task(
            "remind_tomorrow",
            _remind_tomorrow,
            at=time(17, 0),
            description=LocalizedText(
                "Ingatkan pasien yang terdaftar untuk besok kapan harus datang",
                "Remind patients booked for tomorrow when to come",
            ),
        ),
        Task(
            "mark_no_shows",
            _mark_no_shows,
            every=timedelta(minutes=15),
            description=LocalizedText(
                "Tandai pasien yang tidak datang setelah sesi praktik berakhir",
                "Mark patients who did not come once their session has ended",
            ),
        ),
    ]


@hookimpl
async def demo_data(demo: Any) -> None:
    await load_demo(demo)
