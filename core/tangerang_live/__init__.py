"""Tangerang LIVE: the host of the city's service plugins.

This package's top level is the public API for plugins: import from ``tangerang_live`` only, never
from its submodules, so the host can move code around without breaking a department's plugin.
"""

from __future__ import annotations

import pluggy

HOST_API_VERSION = "1.0"
"""The plugin API version this host provides; plugins declare the range they support."""

hookimpl = pluggy.HookimplMarker("tangerang_live")

from tangerang_live.auth import (  # noqa: E402
    current_user,
    has_permission,
    permitted_departments,
    require_admin,
    require_permission,
    require_role,
)
from tangerang_live.contracts import (  # noqa: E402
    DemoContext,
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    SearchResult,
    Widget,
)
from tangerang_live.models import Department, Role, User  # noqa: E402
from tangerang_live.templating import markup, render  # noqa: E402

__all__ = [
    "HOST_API_VERSION",
    "DemoContext",
    "Department",
    "LocalizedText",
    "Manifest",
    "NavItem",
    "Permission",
    "Role",
    "SearchResult",
    "User",
    "Widget",
    "current_user",
    "has_permission",
    "permitted_departments",
    "hookimpl",
    "markup",
    "render",
    "require_admin",
    "require_permission",
    "require_role",
]
