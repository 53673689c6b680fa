"""``/admin/themes``: choose the portal's theme."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from tangerang_live.admin.common import actor_of
from tangerang_live.auth import require_admin
from tangerang_live.i18n import gettext as _
from tangerang_live.portal import portal_of, render
from tangerang_live.route_access import ADMINS, declare_access
from tangerang_live.web import form_text


@require_admin
async def themes(request: Request) -> Response:
    """Choose the portal's theme; every worker switches within two seconds."""
    portal = portal_of(request)
    available = portal.templates.themes()
    error = ""
    status_code = 200
    if request.method == "POST":
        chosen = (await form_text(request)).get("theme", "")
        if chosen not in available:
            error, status_code = _("Choose one of the installed themes."), 400
        else:
            await portal.registry.set_theme(chosen, **await actor_of(request))
            return RedirectResponse("/admin/themes?done=1", status_code=303)
    return await render(
        request,
        "admin/themes.html",
        {
            "themes": available,
            "error": error,
            "saved": request.query_params.get("done") == "1",
        },
        status_code=status_code,
    )


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/admin/themes", themes, methods=["GET", "POST"], name="admin_themes"),
            GET=ADMINS,
            POST=ADMINS.but(admin=400, params=("theme",)),
        ),
    ]
