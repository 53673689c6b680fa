"""The host's own hook implementations, registered like a plugin's.

Marked ``trylast`` so a plugin's implementation runs first and can take precedence.
"""

from __future__ import annotations

from starlette.requests import Request

from tangerang_live import hookimpl
from tangerang_live.contracts import LocalizedText, NavItem, SearchResult
from tangerang_live.i18n import current_locale
from tangerang_live.i18n import gettext as _


@hookimpl(trylast=True)
def nav_items() -> list[NavItem]:
    return [
        NavItem(LocalizedText("Beranda", "Home"), "/", order=0),
        NavItem(LocalizedText("Admin", "Admin"), "/admin", audience="admin", order=900),
    ]


@hookimpl(trylast=True)
def search(request: Request, query: str, limit: int) -> list[SearchResult]:
    """Services whose title or description mention the query."""
    locale = current_locale.get()
    needle = query.casefold()
    hits = []
    for record in request.app.state.portal.registry.enabled_records():
        manifest = record.manifest
        title, description = manifest.title.get(locale), manifest.description.get(locale)
        if needle in f"{title} {description}".casefold():
            hits.append(
                SearchResult(
                    title=title,
                    url=manifest.url_prefix + "/",
                    snippet=description,
                    kind=_("Service"),
                )
            )
    return hits[:limit]
