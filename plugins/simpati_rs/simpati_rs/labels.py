"""What patients and staff read for each state, lane, bed class and refusal, in their language."""

from __future__ import annotations

from tangerang_live import gettext as _

from simpati_rs.workflow import (
    Action,
    BedClass,
    CatalogueProblem,
    Payer,
    Refusal,
    Status,
    allowed_actions,
)


def status_label(status: Status) -> str:
    return {
        Status.BOOKED: _("Booked"),
        Status.CHECKED_IN: _("Checked in"),
        Status.CALLED: _("Called"),
        Status.SKIPPED: _("Skipped"),
        Status.SERVED: _("Served"),
        Status.NO_SHOW: _("Did not come"),
        Status.CANCELLED: _("Cancelled"),
    }[status]


def payer_label(payer: Payer) -> str:
    return {Payer.GENERAL: _("General (self-paying)"), Payer.JKN: _("JKN (BPJS Kesehatan)")}[payer]


def bed_class_label(bed_class: BedClass) -> str:
    return {
        BedClass.VIP: _("VIP"),
        BedClass.KELAS_1: _("Class I"),
        BedClass.KELAS_2: _("Class II"),
        BedClass.KELAS_3: _("Class III"),
        BedClass.ICU: _("ICU"),
        BedClass.ISOLATION: _("Isolation"),
    }[bed_class]


def refusal_message(refusal: Refusal, window_days: int = 14) -> str:
    return {
        Refusal.PAST: _("This session has already started or passed."),
        Refusal.TOO_EARLY: _("Bookings open %(n)s days before the session.", n=window_days),
        Refusal.CLOSED: _("Bookings for this session are closed (the cut-off has passed)."),
        Refusal.FULL: _("This session is full."),
        Refusal.JKN_FULL: _("The places for JKN patients in this session are taken."),
        Refusal.DUPLICATE: _("This patient already has a booking at this polyclinic on that day."),
        Refusal.NIK_MISMATCH: _("The date of birth does not match the NIK."),
        Refusal.REFERRAL_MISSING: _("A JKN booking needs the referral number from the Puskesmas."),
        Refusal.JKN_NUMBER: _("A JKN card number has 13 digits."),
        Refusal.NOT_PRACTISING: _("The doctor does not practise in this session on that day."),
        Refusal.BUSY: _("A patient is being called: mark them served, skipped or absent first."),
        Refusal.NOT_ACTIVE: _(
            "This booking can no longer be changed: it has been cancelled or checked in."
        ),
    }[refusal]


def weekday_label(weekday: int) -> str:
    return (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )[weekday]


def queue_actions(status: Status) -> list[tuple[str, str]]:
    """The buttons polyclinic staff see for a booking in ``status``: (action, label)."""
    labels = {
        Action.CALL: _("Call"),
        Action.RECALL: _("Call again"),
        Action.SKIP: _("Skip"),
        Action.SERVE: _("Mark served"),
        Action.NO_SHOW: _("Mark absent"),
    }
    return [(a.value, labels[a]) for a in allowed_actions(status) if a in labels]


def catalogue_problem(problem: CatalogueProblem) -> str:
    return {
        CatalogueProblem.ENDS_BEFORE_START: _("The end must come after the start."),
        CatalogueProblem.LAST_BEFORE_FIRST: _("The last day cannot be before the first day."),
        CatalogueProblem.JKN_OVER_QUOTA: _("The JKN share cannot be more than the quota."),
        CatalogueProblem.BELOW_BOOKED: _(
            "Patients have already booked more places than this on a coming date."
        ),
        CatalogueProblem.JKN_BELOW_BOOKED: _(
            "JKN patients have already booked more places than this on a coming date."
        ),
        CatalogueProblem.HAS_BOOKINGS: _(
            "Patients have booked coming dates: record the doctor's leave for those days instead, "
            "which tells them."
        ),
        CatalogueProblem.IN_PAST: _("Choose today or a later date."),
        CatalogueProblem.TAKEN: _("This is already in use."),
    }[problem]
