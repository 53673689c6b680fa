"""The audit log: who did what, when, from where."""

from __future__ import annotations

from typing import Any

from tangerang_live.models import AuditEntry, User

TARGET_LENGTH = 200
LABEL_LENGTH = 254


async def record_audit(
    action: str,
    *,
    target: str = "",
    actor: User | None = None,
    actor_label: str = "",
    ip: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records.

    ``target`` and ``actor_label`` may come from what someone typed (a failed sign-in's login):
    they are cut to their columns' widths rather than refused, so the entry is always written.
    """
    label = actor_label or (actor.email or actor.full_name if actor else "system")
    return await AuditEntry.create(
        action=action,
        target=target[:TARGET_LENGTH],
        actor=actor,
        actor_label=label[:LABEL_LENGTH],
        ip=ip[:45],
        detail=detail or {},
    )
