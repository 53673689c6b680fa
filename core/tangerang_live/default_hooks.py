"""The host's own hook implementations, registered like a plugin's.

Marked ``trylast`` so a plugin's implementation runs first and can take precedence.
"""

from __future__ import annotations

from datetime import time, timedelta

from starlette.requests import Request

from tangerang_live import hookimpl
from tangerang_live.context import PluginContext
from tangerang_live.contracts import LocalizedText, NavItem, SearchResult, Task
from tangerang_live.files import prune_files
from tangerang_live.i18n import current_locale
from tangerang_live.i18n import gettext as _
from tangerang_live.notifications import send_pending, senders_from_settings
from tangerang_live.settings import active_settings


@hookimpl(trylast=True)
def nav_items() -> list[NavItem]:
    return [
        NavItem(LocalizedText("Beranda", "Home"), "/", order=0),
        NavItem(LocalizedText("Admin", "Admin"), "/admin", audience="admin", order=900),
    ]


async def send_outbox(plugin: PluginContext) -> None:
    """Deliver the queued email (``tangerang-live outbox send`` does the same from cron)."""
    senders = senders_from_settings(active_settings())
    if senders:
        counts = await send_pending(senders)
        if counts["sent"] or counts["failed"]:
            plugin.logger.info("outbox: sent %(sent)s, failed %(failed)s", counts)


async def prune_uploads(plugin: PluginContext) -> None:
    """Delete files no upload row names (``tangerang-live files prune`` does the same)."""
    removed = await prune_files()
    if removed:
        plugin.logger.info("removed %s file(s) left by uploads", len(removed))


@hookimpl(trylast=True)
def tasks() -> list[Task]:
    return [
        Task(
            "send_outbox",
            send_outbox,
            every=timedelta(minutes=1),
            description=LocalizedText("Kirim email yang antre", "Send queued email"),
        ),
        Task(
            "prune_files",
            prune_uploads,
            at=time(3, 0),
            description=LocalizedText("Hapus berkas yatim", "Delete orphaned files"),
        ),
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
