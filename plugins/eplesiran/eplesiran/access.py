"""Who may see and do what in E-Plesiran: the one place the plugin decides it.

Places are public. Disbudpar officers holding ``eplesiran.edit`` manage them; citizens rate
attractions and keep favourites.
"""

from __future__ import annotations

from tangerang_live import Department, Role, User, has_permission

EDIT = "eplesiran.edit"
DEPARTMENT = "disbudpar"


async def edits_places(user: User | None) -> bool:
    """Whether ``user`` may add, change, delete and import places (Disbudpar's editors)."""
    if user is None:
        return False
    department = await Department.get_or_none(code=DEPARTMENT)
    return await has_permission(user, EDIT, department)


def is_citizen(user: User | None) -> bool:
    return user is not None and user.role == Role.CITIZEN


def rates(user: User | None) -> bool:
    """Citizens rate attractions and keep favourites."""
    return is_citizen(user)
