"""The values plugins hand to the host through hooks.

Each hook returns plain dataclasses from this module, so the host can validate them in one place and
plugins never touch the host's internals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Audience = Literal["everyone", "anonymous", "signed_in", "citizen", "officer", "admin"]


@dataclass(frozen=True)
class LocalizedText:
    """A text in Bahasa Indonesia (``id``) and English (``en``)."""

    id: str
    en: str

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.id


@dataclass(frozen=True)
class Manifest:
    """Who a plugin is and what it needs. Returned by the ``manifest`` hook."""

    name: str
    title: LocalizedText
    description: LocalizedText
    url_prefix: str
    icon: str = ""
    """File name of an icon in the plugin's ``static/`` folder (SVG or PNG)."""
    host_api: str = ">=1.0,<2.0"
    """PEP 440 version specifier of the host API versions the plugin supports."""
    requires: tuple[str, ...] = ()
    """Names of plugins that must be enabled before this one can be."""
    api_prefixes: tuple[str, ...] = ()
    """Paths under ``url_prefix`` (e.g. ``/open311/``) of machine APIs that authenticate by key,
    not by session cookie: the host exempts them from CSRF checks."""


@dataclass(frozen=True)
class NavItem:
    """An entry of the main navigation. Returned by the ``nav_items`` hook."""

    label: LocalizedText
    url: str
    audience: Audience = "everyone"
    permission: str | None = None
    """If set, only users holding this permission see the item."""
    order: int = 100


@dataclass(frozen=True)
class Widget:
    """A card on the home page. Returned by the ``home_widgets`` hook.

    Either ``html`` (already rendered, already escaped markup) or ``url`` (an htmx fragment the page
    loads after it is shown, so a slow widget never delays the page).
    """

    title: LocalizedText
    html: str = ""
    url: str = ""
    order: int = 100


@dataclass(frozen=True)
class SearchResult:
    """One hit of the federated search. Returned by the ``search`` hook."""

    title: str
    url: str
    snippet: str = ""
    kind: str = ""
    """What the hit is, shown as a label (for example "Laporan")."""


@dataclass(frozen=True)
class Permission:
    """A permission a plugin declares, granted to officers by admins."""

    code: str
    """Dotted, starting with the plugin name: ``laksa.verify``."""
    description: LocalizedText
    scopes: tuple[str, ...] = field(default=("department",))


@dataclass
class DemoContext:
    """Passed to the ``demo_data`` hook."""

    random: random.Random
    """Seeded, so demo data is the same on every machine."""
    now: datetime
    """The moment the load started (UTC); date demo records relative to it."""
