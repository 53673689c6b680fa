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


def N_(message: str) -> str:  # noqa: N802 - the name pybabel extracts by default
    """Mark a message for the catalog; it is translated where it is shown (one ``gettext`` per
    label, not a whole table of them per call)."""
    return message


STATUS_LABELS = {
    Status.SENT: N_("Sent"),
    Status.SEEN: N_("Seen by the employer"),
    Status.SHORTLISTED: N_("Shortlisted"),
    Status.INTERVIEW: N_("Interview"),
    Status.HIRED: N_("Hired"),
    Status.NOT_SELECTED: N_("Not selected"),
    Status.WITHDRAWN: N_("Withdrawn"),
}


def status_label(status: Status | str) -> str:
    return _(STATUS_LABELS[Status(status)])


ACTION_LABELS = {
    Action.SEE: N_("Mark as seen"),
    Action.SHORTLIST: N_("Shortlist"),
    Action.INVITE: N_("Invite to an interview"),
    Action.HIRE: N_("Hire"),
    Action.REJECT: N_("Not selected"),
    Action.WITHDRAW: N_("Withdraw"),
}


def action_label(action: Action | str) -> str:
    return _(ACTION_LABELS[Action(action)])


EMPLOYMENT_LABELS = {
    EmploymentType.FULL_TIME: N_("Full time"),
    EmploymentType.PART_TIME: N_("Part time"),
    EmploymentType.CONTRACT: N_("Contract"),
    EmploymentType.INTERNSHIP: N_("Internship"),
    EmploymentType.DAILY: N_("Daily"),
}


def employment_label(value: EmploymentType | str) -> str:
    return _(EMPLOYMENT_LABELS[EmploymentType(value)])


EDUCATION_LABELS = {
    Education.NONE: N_("No requirement"),
    Education.SD: N_("Primary school (SD)"),
    Education.SMP: N_("Junior high school (SMP)"),
    Education.SMA: N_("Senior high school (SMA/SMK)"),
    Education.D3: N_("Diploma (D3)"),
    Education.S1: N_("Bachelor (S1)"),
    Education.S2: N_("Master (S2)"),
}


def education_label(value: Education | int) -> str:
    return _(EDUCATION_LABELS[Education(value)])


VACANCY_STATUS_LABELS = {
    VacancyStatus.PENDING: N_("Waiting for verification"),
    VacancyStatus.RETURNED: N_("Sent back"),
    VacancyStatus.OPEN: N_("Open"),
    VacancyStatus.FILLED: N_("Filled"),
    VacancyStatus.CLOSED: N_("Closed"),
}


def vacancy_status_label(value: VacancyStatus | str) -> str:
    return _(VACANCY_STATUS_LABELS[VacancyStatus(value)])


EMPLOYER_STATUS_LABELS = {
    EmployerStatus.PENDING: N_("Waiting for verification"),
    EmployerStatus.VERIFIED: N_("Verified"),
    EmployerStatus.REFUSED: N_("Refused"),
}


def employer_status_label(value: EmployerStatus | str) -> str:
    return _(EMPLOYER_STATUS_LABELS[EmployerStatus(value)])


CARD_STATUS_LABELS = {
    CardStatus.APPLIED: N_("Waiting for approval"),
    CardStatus.ACTIVE: N_("Active"),
    CardStatus.REFUSED: N_("Refused"),
    CardStatus.PLACED: N_("Placed in work"),
    CardStatus.EXPIRED: N_("Expired"),
}


def card_status_label(value: CardStatus | str) -> str:
    return _(CARD_STATUS_LABELS[CardStatus(value)])


SECTOR_LABELS = {
    "manufacturing": N_("Manufacturing"),
    "retail": N_("Retail and trade"),
    "logistics": N_("Logistics and transport"),
    "hospitality": N_("Hotels, restaurants and tourism"),
    "construction": N_("Construction"),
    "health": N_("Health"),
    "education": N_("Education"),
    "finance": N_("Finance"),
    "technology": N_("Information technology"),
    "services": N_("Other services"),
}


def sector_label(value: str) -> str:
    return _(SECTOR_LABELS[value]) if value in SECTOR_LABELS else value


def rupiah(amount: int) -> str:
    """``Rp 4.901.117``: Indonesian thousands separators in both languages, as on payslips."""
    return "Rp " + f"{amount:,}".replace(",", ".")
