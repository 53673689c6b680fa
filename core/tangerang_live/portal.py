"""The running portal as views see it: settings, plugins, templates, what every page needs, and
``render`` to answer with a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from tangerang_live import i18n
from tangerang_live.auth import current_user
from tangerang_live.context import PLUGIN_SCOPE_KEY
from tangerang_live.contracts import LocalizedText, NavItem
from tangerang_live.models import PermissionGrant, Role, User
from tangerang_live.registry import PluginRegistry
from tangerang_live.settings import Settings
from tangerang_live.templating import CORE_STATIC, DEFAULT_THEME, Templates, content_version


@dataclass
class Portal:
    settings: Settings
    registry: PluginRegistry
    templates: Templates
    navigation_cache: dict[tuple[Any, ...], Markup] = field(default_factory=dict)
    navigation_index: tuple[list[NavItem], frozenset[str], frozenset[str]] = field(
        default_factory=lambda: ([], frozenset(), frozenset())
    )
    """The navigation items with the permissions and URLs they name, while they stay the same."""


@dataclass(frozen=True)
class NavLink:
    """A navigation item as a template shows it: label in the page's language."""

    label: str
    url: str
    current: bool


def portal_of(request: Request) -> Portal:
    return request.app.state.portal


def can_see(item: NavItem, user: User | None, held: frozenset[str] = frozenset()) -> bool:
    """Whether a navigation item's audience admits ``user``, who holds the permissions ``held``."""
    if item.permission and not (user and (user.role == Role.ADMIN or item.permission in held)):
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


async def _held_permissions(user: User | None, wanted: frozenset[str]) -> frozenset[str]:
    if not wanted or user is None or user.role != Role.OFFICER:
        return frozenset()
    codes = await PermissionGrant.filter(user_id=user.id, code__in=wanted).values_list(
        "code", flat=True
    )
    return frozenset(codes)  # type: ignore[arg-type]  # tortoise types flat values_list rows as tuples


MENU_PUBLIC_LINKS = 7
"""Links for everyone that the menu shows before the rest fold into "All services" (the home
page's list of services): a phone's menu stays short however many services the city runs."""


async def navigation(request: Request, user: User | None) -> Markup:
    """The main navigation, rendered once per configuration, theme, language and kind of user.

    Navigation items are static per enabled-plugin set (the ``nav_items`` hook takes no arguments),
    so a portal with a hundred services renders its menu once, not on every page.
    """
    portal = portal_of(request)
    registry = portal.registry
    items = await registry.collect("nav_items")
    if portal.navigation_index[0] is not items:
        portal.navigation_index = (
            items,
            frozenset(i.permission for i in items if i.permission),
            frozenset(i.url for i in items),
        )
    _items, permissions, urls = portal.navigation_index
    held = await _held_permissions(user, permissions)
    current = request.url.path if request.url.path in urls else ""
    locale = i18n.current_locale.get()
    key = (registry.version, registry.theme, locale, user.role if user else None, held, current)
    cached = portal.navigation_cache.get(key)
    if cached is None:
        if len(portal.navigation_cache) > 1000:  # new configuration versions make old keys dead
            portal.navigation_cache.clear()
        visible = sorted(
            (i for i in items if can_see(i, user, held)),
            key=lambda i: (i.order, localized(i.label)),
        )
        links = _menu_links(visible, current)
        env = portal.templates.environment(registry.theme)
        cached = Markup(env.get_template("core/_navigation.html").render(links=links))
        portal.navigation_cache[key] = cached
    return cached


def _menu_links(visible: list[NavItem], current: str) -> list[NavLink]:
    """The menu's links in order, public ones past ``MENU_PUBLIC_LINKS`` folded into one."""
    folding = sum(i.audience == "everyone" for i in visible) > MENU_PUBLIC_LINKS
    links: list[NavLink] = []
    public_seen = 0
    for item in visible:
        if item.audience == "everyone":
            public_seen += 1
            if folding and public_seen == MENU_PUBLIC_LINKS:
                links.append(NavLink(i18n.gettext("All services"), "/#services", False))
            if folding and public_seen >= MENU_PUBLIC_LINKS:
                continue
        links.append(NavLink(localized(item.label), item.url, item.url == current))
    return links


async def page_context(request: Request) -> dict[str, Any]:
    """What every template may use: the user, the navigation, enabled services, helpers."""
    portal = portal_of(request)
    user = await current_user(request)
    csrf = request.scope.get("csrftoken")
    serving = request.scope.get(PLUGIN_SCOPE_KEY)
    return {
        "plugin": portal.registry.contexts.get(serving) if serving else None,
        "request": request,
        "user": user,
        "locale": i18n.current_locale.get(),
        "navigation": await navigation(request, user),
        "services": [r.manifest for r in portal.registry.enabled_records()],
        "csrf_token": csrf() if csrf else "",
        "static": lambda owner, path: static_url_for(portal, owner, path),
        "t": localized,
        "theme": portal.registry.theme,
        "tile_url": portal.settings.tile_url,
    }


def static_url_for(portal: Portal, owner: str, path: str) -> str:
    """URL of a static file of the host (``core``), the active theme (``theme``) or a plugin."""
    key = (owner, portal.registry.theme, path)
    if key not in portal.templates.static_urls:
        portal.templates.static_urls[key] = _static_url(portal, owner, path)
    return portal.templates.static_urls[key]


def _static_url(portal: Portal, owner: str, path: str) -> str:
    if owner == "core":
        base, url = CORE_STATIC, f"/static/core/{path}"
    elif owner == "theme":
        theme = portal.registry.theme
        base = portal.settings.theme_root / theme / "static"
        if not (base / path).is_file():
            theme, base = DEFAULT_THEME, portal.settings.theme_root / DEFAULT_THEME / "static"
        url = f"/static/themes/{theme}/{path}"
    else:
        record = portal.registry.records[owner]
        assert record.package_dir is not None
        base, url = record.package_dir / "static", f"/static/plugins/{owner}/{path}"
    return f"{url}?v={content_version(base / path)}"


async def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    fragment: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page, or ``fragment`` (a template name) when htmx asked for part of one."""
    name = fragment if fragment and request.headers.get("hx-request") else template
    portal = portal_of(request)
    env = portal.templates.environment(portal.registry.theme)
    full_context = {**await page_context(request), **(context or {})}
    html = env.get_template(name).render(full_context)
    return HTMLResponse(html, status_code=status_code, headers=headers)
