"""The words citizens read for states, types and levels, in the request's language."""

from __future__ import annotations

from tangerang_live import gettext as _

from siap_kerja.workflow import (
    Action,
    CardStatus,
    Education,
    EmployerStatus,
    EmploymentType,
    Status,
    VacancyStatus,
)


def status_label(status: Status | str) -> str:
    labels = {
        Status.SENT: _("Sent"),
        Status.SEEN: _("Seen by the employer"),
        Status.SHORTLISTED: _("Shortlisted"),
        Status.INTERVIEW: _("Interview"),
        Status.HIRED: _("Hired"),
        Status.NOT_SELECTED: _("Not selected"),
        Status.WITHDRAWN: _("Withdrawn"),
    }
    return labels[Status(status)]


def action_label(action: Action | str) -> str:
    labels = {
        Action.SEE: _("Mark as seen"),
        Action.SHORTLIST: _("Shortlist"),
        Action.INVITE: _("Invite to an interview"),
        Action.HIRE: _("Hire"),
        Action.REJECT: _("Not selected"),
        Action.WITHDRAW: _("Withdraw"),
    }
    return labels[Action(action)]


def employment_label(value: EmploymentType | str) -> str:
    labels = {
        EmploymentType.FULL_TIME: _("Full time"),
        EmploymentType.PART_TIME: _("Part time"),
        EmploymentType.CONTRACT: _("Contract"),
        EmploymentType.INTERNSHIP: _("Internship"),
        EmploymentType.DAILY: _("Daily"),
    }
    return labels[EmploymentType(value)]


def education_label(value: Education | int) -> str:
    labels = {
        Education.NONE: _("No requirement"),
        Education.SD: _("Primary school (SD)"),
        Education.SMP: _("Junior high school (SMP)"),
        Education.SMA: _("Senior high school (SMA/SMK)"),
        Education.D3: _("Diploma (D3)"),
        Education.S1: _("Bachelor (S1)"),
        Education.S2: _("Master (S2)"),
    }
    return labels[Education(value)]


def vacancy_status_label(value: VacancyStatus | str) -> str:
    labels = {
        VacancyStatus.PENDING: _("Waiting for verification"),
        VacancyStatus.RETURNED: _("Sent back"),
        VacancyStatus.OPEN: _("Open"),
        VacancyStatus.FILLED: _("Filled"),
        VacancyStatus.CLOSED: _("Closed"),
    }
    return labels[VacancyStatus(value)]


def employer_status_label(value: EmployerStatus | str) -> str:
    labels = {
        EmployerStatus.PENDING: _("Waiting for verification"),
        EmployerStatus.VERIFIED: _("Verified"),
        EmployerStatus.REFUSED: _("Refused"),
    }
    return labels[EmployerStatus(value)]


def card_status_label(value: CardStatus | str) -> str:
    labels = {
        CardStatus.APPLIED: _("Waiting for approval"),
        CardStatus.ACTIVE: _("Active"),
        CardStatus.REFUSED: _("Refused"),
        CardStatus.PLACED: _("Placed in work"),
        CardStatus.EXPIRED: _("Expired"),
    }
    return labels[CardStatus(value)]


def sector_label(value: str) -> str:
    labels = {
        "manufacturing": _("Manufacturing"),
        "retail": _("Retail and trade"),
        "logistics": _("Logistics and transport"),
        "hospitality": _("Hotels, restaurants and tourism"),
        "construction": _("Construction"),
        "health": _("Health"),
        "education": _("Education"),
        "finance": _("Finance"),
        "technology": _("Information technology"),
        "services": _("Other services"),
    }
    return labels.get(value, value)


def rupiah(amount: int) -> str:
    """``Rp 4.901.117``: Indonesian thousands separators in both languages, as on payslips."""
    return "Rp " + f"{amount:,}".replace(",", ".")
