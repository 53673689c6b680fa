"""The words citizens read for states, types and levels, in the request's language."""

from __future__ import annotations

from tangerang_live import N_, Labels

from siap_kerja.workflow import (
    Action,
    CardStatus,
    Education,
    EmployerStatus,
    EmploymentType,
    Sector,
    Status,
    VacancyStatus,
)

status_label = Labels(
    Status,
    {
        Status.SENT: N_("Sent"),
        Status.SEEN: N_("Seen by the employer"),
        Status.SHORTLISTED: N_("Shortlisted"),
        Status.INTERVIEW: N_("Interview"),
        Status.HIRED: N_("Hired"),
        Status.NOT_SELECTED: N_("Not selected"),
        Status.WITHDRAWN: N_("Withdrawn"),
    },
)
action_label = Labels(
    Action,
    {
        Action.SEE: N_("Mark as seen"),
        Action.SHORTLIST: N_("Shortlist"),
        Action.INVITE: N_("Invite to an interview"),
        Action.HIRE: N_("Hire"),
        Action.REJECT: N_("Not selected"),
        Action.WITHDRAW: N_("Withdraw"),
    },
)
employment_label = Labels(
    EmploymentType,
    {
        EmploymentType.FULL_TIME: N_("Full time"),
        EmploymentType.PART_TIME: N_("Part time"),
        EmploymentType.CONTRACT: N_("Contract"),
        EmploymentType.INTERNSHIP: N_("Internship"),
        EmploymentType.DAILY: N_("Daily"),
    },
)
education_label = Labels(
    Education,
    {
        Education.NONE: N_("No requirement"),
        Education.SD: N_("Primary school (SD)"),
        Education.SMP: N_("Junior high school (SMP)"),
        Education.SMA: N_("Senior high school (SMA/SMK)"),
        Education.D3: N_("Diploma (D3)"),
        Education.S1: N_("Bachelor (S1)"),
        Education.S2: N_("Master (S2)"),
    },
)
vacancy_status_label = Labels(
    VacancyStatus,
    {
        VacancyStatus.PENDING: N_("Waiting for verification"),
        VacancyStatus.RETURNED: N_("Sent back"),
        VacancyStatus.OPEN: N_("Open"),
        VacancyStatus.FILLED: N_("Filled"),
        VacancyStatus.CLOSED: N_("Closed"),
    },
)
employer_status_label = Labels(
    EmployerStatus,
    {
        EmployerStatus.PENDING: N_("Waiting for verification"),
        EmployerStatus.VERIFIED: N_("Verified"),
        EmployerStatus.REFUSED: N_("Refused"),
    },
)
card_status_label = Labels(
    CardStatus,
    {
        CardStatus.APPLIED: N_("Waiting for approval"),
        CardStatus.ACTIVE: N_("Active"),
        CardStatus.REFUSED: N_("Refused"),
        CardStatus.PLACED: N_("Placed in work"),
        CardStatus.EXPIRED: N_("Expired"),
    },
)
sector_label = Labels(
    Sector,
    {
        Sector.MANUFACTURING: N_("Manufacturing"),
        Sector.RETAIL: N_("Retail and trade"),
        Sector.LOGISTICS: N_("Logistics and transport"),
        Sector.HOSPITALITY: N_("Hotels, restaurants and tourism"),
        Sector.CONSTRUCTION: N_("Construction"),
        Sector.HEALTH: N_("Health"),
        Sector.EDUCATION: N_("Education"),
        Sector.FINANCE: N_("Finance"),
        Sector.TECHNOLOGY: N_("Information technology"),
        Sector.SERVICES: N_("Other services"),
    },
)


def rupiah(amount: int) -> str:
    """``Rp 4.901.117``: Indonesian thousands separators in both languages, as on payslips."""
    return "Rp " + f"{amount:,}".replace(",", ".")
