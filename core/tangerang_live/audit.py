"""The audit log: who did what, when, from where."""

from __future__ import annotations

from typing import Any

from tangerang_live.models import AuditEntry, User


async def record_audit(
    action: str,
    *,
    target: str = "",
    actor: User | None = None,
    actor_label: str = "",
    ip: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records."""
    return await AuditEntry.create(
        action=action,
        target=target,
        actor=actor,
        actor_label=actor_label or (actor.email or actor.full_name if actor else "system"),
        ip=ip,
        detail=detail or {},
    )
