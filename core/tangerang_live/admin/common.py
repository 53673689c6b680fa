"""What every admin page shares: who acts (for the audit log), the admin home page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tangerang_live.auth import current_user, require_admin
from tangerang_live.models import Department, Role, User
from tangerang_live.portal import render
from tangerang_live.web import client_ip

PER_PAGE = 25


async def actor_of(request: Request) -> dict[str, Any]:
    """Who acts and from where, as the audit log wants it."""
    user = await current_user(request)
    assert user is not None  # every page here is behind require_admin
    return {"actor": user, "actor_label": user.email or user.full_name, "ip": client_ip(request)}


@require_admin
async def index(request: Request) -> Response:
    counts = {
        "citizens": await User.filter(role=Role.CITIZEN).count(),
        "officers": await User.filter(role=Role.OFFICER).count(),
        "departments": await Department.filter(is_active=True).count(),
    }
    return await render(request, "admin/index.html", {"counts": counts})
