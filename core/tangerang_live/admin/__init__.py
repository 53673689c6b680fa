"""Admin pages: plugins, users, departments, officers and their permissions, holidays, themes, audit
log.

Every page here is for admins only (``require_admin``), and every change is written to the audit
log in the same transaction as the change itself.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from tangerang_live.admin import (
    audit,
    departments,
    holidays,
    plugin_settings,
    plugins,
    tasks,
    themes,
    users,
)
from tangerang_live.admin.common import index
from tangerang_live.route_access import ADMINS, declare_access


def routes() -> list[BaseRoute]:
    return [
        declare_access(Route("/admin", index, name="admin"), GET=ADMINS),
        *plugins.routes(),
        *plugin_settings.routes(),
        *tasks.routes(),
        *users.routes(),
        *departments.routes(),
        *holidays.routes(),
        *themes.routes(),
        *audit.routes(),
    ]
