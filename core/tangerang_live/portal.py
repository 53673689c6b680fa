"""The running portal as views see it: settings, plugins, templates, and what every page needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from tangerang_live import i18n
from tangerang_live.auth import current_user
from tangerang_live.contracts import LocalizedText, NavItem
from tangerang_live.models import Role, User
from tangerang_live.registry import PluginRegistry
from tangerang_live.settings import Settings
from tangerang_live.templating import Templates, static_url_for


@dataclass
class Portal:
    settings: Settings
    registry: PluginRegistry
    templates: Templates


def portal_of(request: Request) -> Portal:
    return request.app.state.portal


def can_see(item: NavItem, user: User | None) -> bool:
    """Whether a navigation item's audience and permission admit ``user``."""
    if item.permission and not (user and user.role == Role.ADMIN):
        return False
    match item.audience:
        case "everyone":
            return True
        case "anonymous":
            return user is None
        case "signed_in":
            return user is not None
        case role:
            return user is not None and (user.role == role or user.role == Role.ADMIN)


def localized(text: LocalizedText | str) -> str:
    return text.get(i18n.current_locale.get()) if isinstance(text, LocalizedText) else text


async def page_context(request: Request) -> dict[str, Any]:
    """What every template may use: the user, the navigation, enabled services, helpers."""
    portal = portal_of(request)
    user = await current_user(request)
    items = await portal.registry.collect("nav_items", request=request, user=user)
    nav = sorted(
        (i for i in items if can_see(i, user)), key=lambda i: (i.order, localized(i.label))
    )
    csrf = request.scope.get("csrftoken")
    return {
        "request": request,
        "user": user,
        "locale": i18n.current_locale.get(),
        "nav_items": nav,
        "services": [r.manifest for r in portal.registry.enabled_records()],
        "csrf_token": csrf() if csrf else "",
        "static": lambda owner, path: static_url_for(portal, owner, path),
        "t": localized,
        "theme": portal.registry.theme,
        "tile_url": portal.settings.tile_url,
    }
