"""``/admin/audit``: the audit log."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from tortoise.expressions import Q

from tangerang_live.auth import require_admin
from tangerang_live.models import AuditEntry
from tangerang_live.pagination import cursor_param, paginate_keyset
from tangerang_live.portal import render
from tangerang_live.route_access import ADMINS, declare_access

AUDIT_PER_PAGE = 50


@require_admin
async def audit_log(request: Request) -> Response:
    """Who did what and when, newest first; filter by action and by who acted."""
    action = request.query_params.get("action", "").strip()[:64]
    who = request.query_params.get("who", "").strip()[:254]
    entries = AuditEntry.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if who:
        entries = entries.filter(Q(actor_label__icontains=who) | Q(target__icontains=who))
    page = await paginate_keyset(
        entries,
        after=cursor_param(request, "after"),
        before=cursor_param(request, "before"),
        per_page=AUDIT_PER_PAGE,
    )
    return await render(request, "admin/audit.html", {"page": page, "action": action, "who": who})


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/admin/audit", audit_log, name="admin_audit"),
            GET=ADMINS.but(params=("action", "who", "after", "before")),
        ),
    ]
