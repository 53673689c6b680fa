"""The values plugins hand to the host through hooks.

Each hook returns plain dataclasses from this module, so the host can validate them in one place and
plugins never touch the host's internals.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal, cast

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet

if TYPE_CHECKING:
    from tangerang_live.context import PluginContext
    from tangerang_live.models import User

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
    """Plugins that must be enabled before this one can be, each a name with an optional PEP 440
    version range of its distribution: ``("laksa>=1.1,<2",)``."""
    api_prefixes: tuple[str, ...] = ()
    """Paths under ``url_prefix`` (e.g. ``/open311/``) of machine APIs that authenticate by key,
    not by session cookie: the host exempts them from CSRF checks."""

    def __post_init__(self) -> None:
        self.required_plugins()  # a malformed entry fails the plugin at load, with its message

    def required_plugins(self) -> dict[str, SpecifierSet]:
        """``requires`` read: each required plugin's name and the versions it accepts."""
        required: dict[str, SpecifierSet] = {}
        for entry in self.requires:
            try:
                requirement = Requirement(entry)
            except InvalidRequirement:
                requirement = None
            if requirement is None or requirement.extras or requirement.marker or requirement.url:
                raise ValueError(
                    f"requires entry {entry!r} must be a plugin name with an optional version "
                    "range, such as 'laksa>=1.1,<2'"
                )
            required[requirement.name] = requirement.specifier
        return required


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


SettingValue = int | float | bool | str


@dataclass(frozen=True)
class Setting:
    """A setting of a plugin that admins change on the plugin's admin page (``settings`` hook).

    Its type is the type of ``default`` (``int``, ``float``, ``bool`` or ``str``); ``minimum`` and
    ``maximum`` bound numbers (and a text's length). Read it with ``plugin.settings[key]``.
    """

    key: str
    """A Python-style name, unique within the plugin: ``card_validity_months``."""
    label: LocalizedText
    default: SettingValue
    minimum: float | None = None
    maximum: float | None = None
    help: LocalizedText | None = None

    def __post_init__(self) -> None:
        if not self.key.isidentifier():
            raise ValueError(f"setting key {self.key!r} must look like a Python name")
        if not isinstance(self.default, int | float | bool | str):
            raise TypeError(f"setting {self.key}: the default must be an int, float, bool or str")
        if not self.accepts(self.default):
            raise ValueError(f"setting {self.key}: the default lies outside the bounds")

    @property
    def type(self) -> type:
        return type(self.default)

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` has this setting's type and lies within its bounds."""
        if type(value) is not self.type and not (self.type is float and type(value) is int):
            return False
        if isinstance(value, bool):
            return True
        # The type check above leaves an int or a float here.
        size = len(value) if isinstance(value, str) else cast(float, value)
        return (self.minimum is None or size >= self.minimum) and (
            self.maximum is None or size <= self.maximum
        )


@dataclass(frozen=True)
class Task:
    """Work a plugin wants done on a schedule (``tasks`` hook).

    Give either ``every`` (an interval) or ``at`` (a time of day on the city's clock, Asia/Jakarta).
    ``run`` receives the plugin's context. Exactly one process in the deployment runs a due task,
    and only while the plugin is enabled.
    """

    name: str
    """Unique within the plugin, e.g. ``mark_no_shows``."""
    run: Callable[[PluginContext], Awaitable[Any]]
    every: timedelta | None = None
    at: time | None = None
    description: LocalizedText | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.at is None):
            raise ValueError(f"task {self.name}: give either every= or at=")
        if self.every is not None and self.every < timedelta(minutes=1):
            raise ValueError(f"task {self.name}: run at most once a minute")
        if not self.name.replace("_", "").replace("-", "").isalnum():
            raise ValueError(f"task name {self.name!r} may hold letters, digits, _ and -")


@dataclass(frozen=True)
class Command:
    """A subcommand of ``tangerang-live`` (``cli_commands`` hook), run as
    ``tangerang-live <plugin> <name> ...`` with the database open."""

    name: str
    """As typed after the plugin's name: ``import-osm``."""
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    """Adds the command's arguments to its parser."""
    run: Callable[[argparse.Namespace, PluginContext], Awaitable[int]]
    """Does the work; returns the exit status (0 for success)."""


@dataclass
class DemoContext:
    """Passed to the ``demo_data`` hook."""

    random: random.Random
    """Seeded, so demo data is the same on every machine."""
    now: datetime
    """The moment the load started (UTC); date demo records relative to it."""
    admin: User | None = None
    """The local demo admin (``admin@tangerang.example``), once ``quickstart`` created it."""
    citizens: tuple[User, ...] = ()
    """Demo citizen accounts every plugin may use, so services share the same people."""
    password: str = ""
    """The demo citizens' password (local use only)."""
