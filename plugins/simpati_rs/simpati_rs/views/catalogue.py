"""Catalogue managers keep a hospital's polyclinics, doctors, weekly sessions, leave and holidays.

Every form is one page (:func:`_edit`): the fields with their values, errors next to them (422,
nothing stored), and on success a redirect. With htmx the form is sent in the background and
only ``main`` is swapped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    FormErrors,
    Organisation,
    User,
    city_today,
    current_user,
    has_permission,
    plugin_context,
    redirect,
    require_role,
)
from tangerang_live import gettext as _

from simpati_rs import access, catalogue, forms
from simpati_rs.labels import catalogue_problem, weekday_label
from simpati_rs.models import (
    HOSPITAL_KIND,
    Doctor,
    DoctorLeave,
    HospitalHoliday,
    Polyclinic,
    PracticeSession,
)
from simpati_rs.views.common import PLUGIN, booking_link, page, path_id, rules


@dataclass(frozen=True)
class Field:
    """One input of a catalogue form."""

    name: str
    label: str
    kind: str = "text"
    """``text``, ``number``, ``time``, ``date``, ``select`` or ``checkbox``."""
    options: list[tuple[str, str]] = field(default_factory=list)
    hint: str = ""


@dataclass
class Form:
    """What :func:`_edit` needs to show, check and store one catalogue form."""

    title: str
    fields: list[Field]
    values: dict[str, str]
    save: Callable[[Any, User], Awaitable[str]]
    """Stores the parsed value and gives the URL to go to next."""
    parse: Callable[[Any], Any]
    back: str
    template: str = "simpati_rs/manage/form.html"
    context: dict[str, Any] = field(default_factory=dict)
    remove: str = ""
    """The URL of the removal form, for leave and holidays."""


async def _manager(request: Request) -> User:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    return user


async def _edit(request: Request, form: Form) -> Response:
    user = await _manager(request)
    errors: dict[str, str] = {}
    values = form.values
    if request.method == "POST":
        sent = await request.form()
        values = {k: str(v) for k, v in sent.items() if isinstance(v, str)}
        try:
            target = await form.save(form.parse(sent), user)
        except FormErrors as exc:
            errors = exc.errors
        except catalogue.CatalogueRefused as exc:
            errors = {k: catalogue_problem(p) for k, p in exc.problems.items()}
        else:
            return redirect(request, target)
    context = {
        **form.context,
        "form": form,
        "values": values,
        "errors": errors,
        "message": _("Please correct the marked fields.") if errors else "",
        "saved": request.query_params.get("ok") == "1",
        "cancelled": _cancelled(request),
    }
    return await page(request, form.template, context, status_code=422 if errors else 200)


def _cancelled(request: Request) -> int | None:
    """How many bookings the change just saved cancelled (``?batal=``), to say so."""
    return forms.parse_int(request.query_params.get("batal"), 1)


def _url(request: Request, name: str, **params: object) -> str:
    return plugin_context(request).url(name, **params)


def _checkbox(active: bool) -> str:
    return "on" if active else ""


# -- who may keep what ----------------------------------------------------------------------------


async def _hospital(request: Request, hospital_id: int) -> Organisation:
    """The hospital, for a manager of the whole hospital (else 403)."""
    found = await Organisation.get_or_none(id=hospital_id, plugin=PLUGIN, kind=HOSPITAL_KIND)
    if found is None:
        raise HTTPException(404)
    if not await access.manages_hospital(await current_user(request), found):
        raise HTTPException(403)
    return found


async def _polyclinic(request: Request, polyclinic_id: int) -> Polyclinic:
    found = await Polyclinic.get_or_none(id=polyclinic_id).select_related("hospital")
    if found is None:
        raise HTTPException(404)
    if not await access.manages_polyclinic(await current_user(request), found):
        raise HTTPException(403)
    return found


async def _doctor(request: Request, doctor_id: int) -> tuple[Doctor, Polyclinic]:
    found = await Doctor.get_or_none(id=doctor_id)
    if found is None:
        raise HTTPException(404)
    return found, await _polyclinic(request, found.polyclinic_id)


# -- the overview ---------------------------------------------------------------------------------


@require_role()
async def index(request: Request) -> Response:
    """The hospitals and polyclinics the manager keeps, with their holidays."""
    user = await _manager(request)
    if not await has_permission(user, access.CATALOGUE):
        raise HTTPException(403)
    hospital_ids, scopes = await access.catalogue_polyclinics(user)
    hospitals = await Organisation.filter(plugin=PLUGIN, kind=HOSPITAL_KIND, is_active=True)
    whole = [h for h in hospitals if hospital_ids is None or h.id in hospital_ids]
    polyclinics = await Polyclinic.filter(hospital_id__in=[h.id for h in hospitals]).select_related(
        "hospital"
    )
    single = [
        p
        for p in polyclinics
        if p.hospital not in whole and access.polyclinic_scope(p.hospital, p) in scopes
    ]
    holidays = await HospitalHoliday.filter(
        hospital_id__in=[h.id for h in whole], day__gte=city_today()
    ).order_by("day")
    context = {
        "hospitals": whole,
        "polyclinics": polyclinics,
        "single": single,
        "holidays": holidays,
        "saved": request.query_params.get("ok") == "1",
        "cancelled": _cancelled(request),
    }
    return await page(request, "simpati_rs/manage/catalogue.html", context)


# -- polyclinics ----------------------------------------------------------------------------------


def _polyclinic_fields() -> list[Field]:
    return [
        Field("code", _("Code"), hint=_("Small letters and dashes, used in links: penyakit-dalam")),
        Field("name_id", _("Name in Bahasa Indonesia")),
        Field("name_en", _("Name in English")),
        Field("order", _("Place in the list"), "number"),
        Field("is_active", _("Open for bookings"), "checkbox"),
    ]


@require_role()
async def polyclinic_new(request: Request) -> Response:
    hospital = await _hospital(request, path_id(request))

    async def save(data: Any, user: User) -> str:
        made = await catalogue.save_polyclinic(
            hospital, data, actor=user, rules=rules(request), polyclinic=None
        )
        return _url(request, "catalogue_polyclinic", id=made.id) + "?ok=1"

    values = {"order": "100", "is_active": "on"}
    form = Form(
        _("New polyclinic at %(hospital)s", hospital=hospital.name),
        _polyclinic_fields(),
        values,
        save,
        forms.parse_polyclinic,
        _url(request, "catalogue"),
    )
    return await _edit(request, form)


@require_role()
async def polyclinic_edit(request: Request) -> Response:
    """A polyclinic: its own details (for managers of the whole hospital), its doctors and
    their weekly sessions."""
    polyclinic = await _polyclinic(request, path_id(request))
    user = await _manager(request)
    whole = await access.manages_hospital(user, polyclinic.hospital)
    if request.method == "POST" and not whole:
        raise HTTPException(403)

    async def save(data: Any, user: User) -> str:
        await catalogue.save_polyclinic(
            polyclinic.hospital, data, actor=user, rules=rules(request), polyclinic=polyclinic
        )
        return _url(request, "catalogue_polyclinic", id=polyclinic.id) + "?ok=1"

    values = {
        "code": polyclinic.code,
        "name_id": polyclinic.name_id,
        "name_en": polyclinic.name_en,
        "order": str(polyclinic.order),
        "is_active": _checkbox(polyclinic.is_active),
    }
    sessions = await PracticeSession.filter(polyclinic_id=polyclinic.id).select_related("doctor")
    form = Form(
        _("Polyclinic %(name)s", name=polyclinic.name_id),
        _polyclinic_fields() if whole else [],
        values,
        save,
        forms.parse_polyclinic,
        _url(request, "catalogue"),
        template="simpati_rs/manage/polyclinic.html",
        context={
            "polyclinic": polyclinic,
            "doctors": await Doctor.filter(polyclinic_id=polyclinic.id),
            "sessions": sessions,
            "weekday": weekday_label,
        },
    )
    return await _edit(request, form)


# -- doctors --------------------------------------------------------------------------------------


def _doctor_fields() -> list[Field]:
    return [
        Field("name", _("Name with titles"), hint="dr. Rina Kartika, Sp.PD"),
        Field("is_active", _("Practising"), "checkbox"),
    ]


@require_role()
async def doctor_new(request: Request) -> Response:
    polyclinic = await _polyclinic(request, path_id(request))

    async def save(data: Any, user: User) -> str:
        await catalogue.save_doctor(polyclinic, data, actor=user, rules=rules(request), doctor=None)
        return _url(request, "catalogue_polyclinic", id=polyclinic.id) + "?ok=1"

    back = _url(request, "catalogue_polyclinic", id=polyclinic.id)
    form = Form(
        _("New doctor at %(poli)s", poli=polyclinic.name_id),
        _doctor_fields(),
        {"is_active": "on"},
        save,
        forms.parse_doctor,
        back,
    )
    return await _edit(request, form)


@require_role()
async def doctor_edit(request: Request) -> Response:
    """A doctor's name and whether they practise, and their leave."""
    doctor, polyclinic = await _doctor(request, path_id(request))

    async def save(data: Any, user: User) -> str:
        await catalogue.save_doctor(
            polyclinic, data, actor=user, rules=rules(request), doctor=doctor
        )
        return _url(request, "catalogue_doctor", id=doctor.id) + "?ok=1"

    form = Form(
        doctor.name,
        _doctor_fields(),
        {"name": doctor.name, "is_active": _checkbox(doctor.is_active)},
        save,
        forms.parse_doctor,
        _url(request, "catalogue_polyclinic", id=polyclinic.id),
        template="simpati_rs/manage/doctor.html",
        context={
            "doctor": doctor,
            "leaves": await DoctorLeave.filter(doctor_id=doctor.id).order_by("-starts_on"),
        },
    )
    return await _edit(request, form)


# -- weekly sessions ------------------------------------------------------------------------------


async def _session_fields(polyclinic: Polyclinic) -> tuple[list[Field], list[int]]:
    doctors = await Doctor.filter(polyclinic_id=polyclinic.id)
    weekdays = [(str(i), weekday_label(i)) for i in range(7)]
    fields = [
        Field("doctor", _("Doctor"), "select", [(str(d.id), d.name) for d in doctors]),
        Field("weekday", _("Day of the week"), "select", weekdays),
        Field("starts", _("Starts"), "time"),
        Field("ends", _("Ends"), "time"),
        Field("quota", _("Quota (patients)"), "number"),
        Field("jkn_quota", _("Of which for JKN patients"), "number"),
        Field("is_active", _("Active"), "checkbox"),
    ]  # fmt: skip
    return fields, [d.id for d in doctors]


@require_role()
async def session_new(request: Request) -> Response:
    polyclinic = await _polyclinic(request, path_id(request))
    fields, doctor_ids = await _session_fields(polyclinic)

    async def save(plan: Any, user: User) -> str:
        await catalogue.save_session(
            polyclinic, plan, actor=user, rules=rules(request), session=None
        )
        return _url(request, "catalogue_polyclinic", id=polyclinic.id) + "?ok=1"

    values = {"starts": "08:00", "ends": "12:00", "quota": "30", "jkn_quota": "20"}
    form = Form(
        _("New weekly session at %(poli)s", poli=polyclinic.name_id),
        fields,
        values | {"is_active": "on"},
        save,
        lambda sent: forms.parse_session(sent, doctor_ids),
        _url(request, "catalogue_polyclinic", id=polyclinic.id),
    )
    return await _edit(request, form)


@require_role()
async def session_edit(request: Request) -> Response:
    session = await PracticeSession.get_or_none(id=path_id(request)).select_related("doctor")
    if session is None:
        raise HTTPException(404)
    polyclinic = await _polyclinic(request, session.polyclinic_id)
    fields, doctor_ids = await _session_fields(polyclinic)

    async def save(plan: Any, user: User) -> str:
        await catalogue.save_session(
            polyclinic, plan, actor=user, rules=rules(request), session=session
        )
        return _url(request, "catalogue_polyclinic", id=polyclinic.id) + "?ok=1"

    values = {
        "doctor": str(session.doctor_id),
        "weekday": str(session.weekday),
        "starts": session.starts.strftime("%H:%M"),
        "ends": session.ends.strftime("%H:%M"),
        "quota": str(session.quota),
        "jkn_quota": str(session.jkn_quota),
        "is_active": _checkbox(session.is_active),
    }
    form = Form(
        _("Weekly session of %(doctor)s", doctor=session.doctor.name),
        fields,
        values,
        save,
        lambda sent: forms.parse_session(sent, doctor_ids),
        _url(request, "catalogue_polyclinic", id=polyclinic.id),
    )
    return await _edit(request, form)


# -- leave and holidays ---------------------------------------------------------------------------


def _leave_fields() -> list[Field]:
    return [
        Field("starts_on", _("First day"), "date"),
        Field("ends_on", _("Last day"), "date"),
        Field("reason", _("Reason (shown to patients)"), hint=_("leave, a congress")),
    ]


def _closed_message(cancelled: int) -> str:
    return "?ok=1" + (f"&batal={cancelled}" if cancelled else "")


@require_role()
async def leave_new(request: Request) -> Response:
    doctor, _polyclinic_of = await _doctor(request, path_id(request))
    return await _leave_form(request, doctor, None)


async def _leave(request: Request) -> tuple[DoctorLeave, Doctor]:
    leave = await DoctorLeave.get_or_none(id=path_id(request))
    if leave is None:
        raise HTTPException(404)
    doctor, _polyclinic_of = await _doctor(request, leave.doctor_id)
    return leave, doctor


@require_role()
async def leave_edit(request: Request) -> Response:
    leave, doctor = await _leave(request)
    return await _leave_form(request, doctor, leave)


async def _leave_form(request: Request, doctor: Doctor, leave: DoctorLeave | None) -> Response:
    """A new leave (``leave`` None, starting today) or an existing one, with its remove button."""

    async def save(data: Any, user: User) -> str:
        _saved, cancelled = await catalogue.save_leave(
            doctor, data, actor=user, rules=rules(request), link=booking_link(request), leave=leave
        )
        return _url(request, "catalogue_doctor", id=doctor.id) + _closed_message(cancelled)

    today = city_today().isoformat()
    form = Form(
        _("Leave of %(doctor)s", doctor=doctor.name),
        _leave_fields(),
        {"starts_on": today, "ends_on": today}
        if leave is None
        else {
            "starts_on": leave.starts_on.isoformat(),
            "ends_on": leave.ends_on.isoformat(),
            "reason": leave.reason,
        },
        save,
        forms.parse_leave,
        _url(request, "catalogue_doctor", id=doctor.id),
        remove=_url(request, "catalogue_leave_remove", id=leave.id) if leave else "",
    )
    return await _edit(request, form)


@require_role()
async def leave_remove(request: Request) -> Response:
    leave, doctor = await _leave(request)
    await catalogue.remove_leave(leave, actor=await _manager(request))
    return redirect(request, _url(request, "catalogue_doctor", id=doctor.id) + "?ok=1")


def _holiday_fields() -> list[Field]:
    return [Field("day", _("Date"), "date"), Field("name", _("Name (shown to patients)"))]


@require_role()
async def holiday_new(request: Request) -> Response:
    hospital = await _hospital(request, path_id(request))
    return await _holiday_form(request, hospital, None)


async def _holiday(request: Request) -> HospitalHoliday:
    holiday = await HospitalHoliday.get_or_none(id=path_id(request))
    if holiday is None:
        raise HTTPException(404)
    await _hospital(request, holiday.hospital_id)
    return holiday


@require_role()
async def holiday_edit(request: Request) -> Response:
    holiday = await _holiday(request)
    return await _holiday_form(request, await holiday.hospital, holiday)


async def _holiday_form(
    request: Request, hospital: Organisation, holiday: HospitalHoliday | None
) -> Response:
    """A new closed day (``holiday`` None) or an existing one, with its remove button."""

    async def save(data: Any, user: User) -> str:
        _saved, cancelled = await catalogue.save_holiday(
            hospital,
            data,
            actor=user,
            rules=rules(request),
            link=booking_link(request),
            holiday=holiday,
        )
        return _url(request, "catalogue") + _closed_message(cancelled)

    form = Form(
        _("Day closed at %(hospital)s", hospital=hospital.name),
        _holiday_fields(),
        {"day": holiday.day.isoformat(), "name": holiday.name} if holiday else {},
        save,
        forms.parse_holiday,
        _url(request, "catalogue"),
        remove=_url(request, "catalogue_holiday_remove", id=holiday.id) if holiday else "",
    )
    return await _edit(request, form)


@require_role()
async def holiday_remove(request: Request) -> Response:
    holiday = await _holiday(request)
    await catalogue.remove_holiday(holiday, actor=await _manager(request))
    return redirect(request, _url(request, "catalogue") + "?ok=1")
