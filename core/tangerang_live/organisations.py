"""Organisations a plugin works with (employers, hospitals, offices) and the people in them.

An organisation belongs to the plugin that created it and has a kind of that plugin's choosing.
Membership says who speaks for an organisation (a recruiter, a hospital's registrar); it is not a
permission: officers' work on an organisation's records is granted with ``grant_permission(...,
organisation=...)``.
"""

from __future__ import annotations

import re
import unicodedata

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from tangerang_live.audit import record_audit
from tangerang_live.models import Organisation, OrganisationMember, User


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:50] or "org"


async def create_organisation(
    plugin: str, kind: str, name: str, *, code: str | None = None, actor: User | None = None
) -> Organisation:
    """Create an organisation of ``plugin`` (recorded in the audit log) and return it.

    Without ``code`` one is made from the name (``PT Maju Jaya`` → ``pt-maju-jaya``, then
    ``pt-maju-jaya-2``...). A given ``code`` that is taken for this plugin and kind raises
    ``ValueError``.
    """
    name = name.strip()
    if not name or len(name) > 200:
        raise ValueError("an organisation needs a name of 1 to 200 characters")
    given = code
    if given is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", given):
        raise ValueError("an organisation code holds lower-case letters, digits and -")
    for _attempt in range(3):  # another request may take a generated code meanwhile
        taken = set(
            await Organisation.filter(plugin=plugin, kind=kind).values_list("code", flat=True)
        )
        code = given or _free_code(_slug(name), taken)  # type: ignore[arg-type]  # tortoise types flat values_list rows as tuples
        if code in taken:
            raise ValueError(f"the code {code} is taken")
        try:
            async with in_transaction():
                organisation = await Organisation.create(
                    plugin=plugin, kind=kind, name=name, code=code
                )
                await record_audit(
                    "organisation.create",
                    target=f"{plugin}/{kind}/{code}",
                    actor=actor,
                    detail={"name": name},
                )
        except IntegrityError:
            if given is not None:
                raise ValueError(f"the code {code} is taken") from None
            continue
        return organisation
    raise ValueError("could not find a free code for the organisation: try again")


def _free_code(base: str, taken: set[str]) -> str:
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


async def add_member(
    organisation: Organisation, user: User, role: str = "member"
) -> OrganisationMember:
    """Make ``user`` a member of ``organisation`` with ``role`` (changing the role of a member)."""
    member, created = await OrganisationMember.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if not created and member.role != role:
        member.role = role
        await member.save(update_fields=["role"])
    return member


async def remove_member(organisation: Organisation, user: User) -> None:
    """``user`` no longer belongs to ``organisation`` (nothing happens if they did not)."""
    await OrganisationMember.filter(organisation=organisation, user=user).delete()


async def organisations_of(
    user: User | None, *, plugin: str, kind: str | None = None
) -> list[Organisation]:
    """The active organisations of ``plugin`` (of ``kind``, when given) that ``user`` belongs to."""
    if user is None:
        return []
    found = Organisation.filter(plugin=plugin, is_active=True, members__user_id=user.id)
    if kind is not None:
        found = found.filter(kind=kind)
    return list(await found.distinct())


async def is_member(user: User | None, organisation: Organisation, role: str | None = None) -> bool:
    """Whether ``user`` belongs to ``organisation`` (with ``role``, when given) and it is active."""
    if user is None or not organisation.is_active:
        return False
    members = OrganisationMember.filter(organisation_id=organisation.id, user_id=user.id)
    if role is not None:
        members = members.filter(role=role)
    return await members.exists()
