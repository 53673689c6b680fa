"""Languages: Bahasa Indonesia by default, English on request.

Messages are written in English in code and templates and translated through gettext catalogs
(``locale/<lang>/LC_MESSAGES/messages.po``) of the host and of each plugin. Catalogs are compiled in
memory at start-up, so an edited ``.po`` file needs no build step to take effect.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from enum import Enum
from io import BytesIO
from pathlib import Path
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from babel import dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from starlette.responses import Response

LOCALES = ("id", "en")
"""The portal's languages: Bahasa Indonesia (``id``) first, and English (``en``)."""
DEFAULT_LOCALE = "id"
"""The language of a visitor who has not chosen one."""
LOCALE_COOKIE = "lang"
LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600
TIMEZONE = ZoneInfo("Asia/Jakarta")
"""Every time the portal shows is in Western Indonesian Time (WIB), whatever the server's zone."""

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)
"""The language of the page being served: ``current_locale.get()`` is ``"id"`` or ``"en"``. To
render something in another language, use ``in_locale`` rather than setting it."""
_catalogs: dict[str, NullTranslations] = {}


_compiled: dict[tuple[Path, int, int], bytes] = {}
"""Compiled catalogs by file, modification time and size: a process that builds many apps (the
tests, a benchmark) parses each ``.po`` file once."""


def compile_po(po_file: Path) -> Translations:
    """Fresh translations of ``po_file`` (``load_catalogs`` merges into them)."""
    stat = po_file.stat()
    key = (po_file, stat.st_mtime_ns, stat.st_size)
    if key not in _compiled:
        with po_file.open("rb") as handle:
            catalog = read_po(handle)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        _compiled[key] = buffer.getvalue()
    return Translations(BytesIO(_compiled[key]))


def load_catalogs(locale_dirs: Iterable[Path]) -> None:
    """Merge the catalogs found in ``locale_dirs`` (host first, then plugins) for each locale."""
    merged: dict[str, NullTranslations] = {}
    for directory in locale_dirs:
        for locale in LOCALES:
            po_file = directory / locale / "LC_MESSAGES" / "messages.po"
            if not po_file.is_file():
                continue
            translations = compile_po(po_file)
            current = merged.get(locale)
            if isinstance(current, Translations):
                current.merge(translations)
            else:
                merged[locale] = translations
    _catalogs.clear()
    _catalogs.update(merged)


def negotiate_locale(cookie_value: str | None) -> str:
    """The page language: the one the visitor chose (the ``lang`` cookie), else Indonesian."""
    return cookie_value if cookie_value in LOCALES else DEFAULT_LOCALE


def gettext(message: str, **variables: object) -> str:
    """Translate ``message`` into the current request's language, then fill ``%(name)s``."""
    catalog = _catalogs.get(current_locale.get())
    text = catalog.gettext(message) if catalog else message
    return text % variables if variables else text


def N_(message: str) -> str:  # noqa: N802 - the name pybabel extracts by default
    """Mark ``message`` for the catalog and return it untranslated: for tables of words built once
    (at import) and translated each time they are shown, as :class:`Labels` does."""
    return message


E = TypeVar("E", bound=Enum)


class Labels(Generic[E]):
    """The words people read for each value of an enum (a status, a type), in the page's language.

    ::

        STATUS = Labels(Status, {Status.OPEN: N_("Open"), Status.CLOSED: N_("Closed")})
        status_label = STATUS  # status_label(vacancy.status) reads "Dibuka" on an Indonesian page

    Every member needs its words (a missing one fails at import, not on a page). The value looked
    up may be the member or its raw value, as a form or a plain database row gives it.
    """

    def __init__(self, kind: type[E], messages: Mapping[E, str]) -> None:
        missing = [member.name for member in kind if member not in messages]
        if missing:
            raise ValueError(f"{kind.__name__}: no words for {', '.join(missing)}")
        self.kind = kind
        self._messages = {member.value: message for member, message in messages.items()}

    def __call__(self, value: E | str | int) -> str:
        """The words for ``value``, translated; ``ValueError`` when it is none of the members."""
        return gettext(self._messages[self.kind(value).value])

    def options(self) -> tuple[tuple[str, str], ...]:
        """Every member as ``(value, words)``, in the enum's order: a form's select options."""
        return tuple((str(member.value), self(member)) for member in self.kind)


@contextmanager
def in_locale(locale: str) -> Iterator[str]:
    """Translate and format in ``locale`` inside the ``with`` block, whatever the page's language.

    For text meant for someone else: a notification to a user who reads English, written while an
    officer browses in Indonesian. An unknown locale means the portal's default, Indonesian. Yields
    the locale used.
    """
    chosen = locale if locale in LOCALES else DEFAULT_LOCALE
    token = current_locale.set(chosen)
    try:
        yield chosen
    finally:
        current_locale.reset(token)


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    catalog = _catalogs.get(current_locale.get())
    text = catalog.ngettext(singular, plural, n) if catalog else (singular if n == 1 else plural)
    return text % {"num": n, **variables}


def remember_locale(response: Response, locale: str, *, secure: bool) -> None:
    """Keep the chosen language in the cookie the ``LocaleMiddleware`` reads.

    ``secure`` (the page was served over HTTPS) keeps the cookie off plain HTTP.
    """
    if locale in LOCALES:
        response.set_cookie(
            LOCALE_COOKIE,
            locale,
            max_age=LOCALE_COOKIE_MAX_AGE,
            samesite="lax",
            httponly=True,
            secure=secure,
        )


def _in_jakarta(value: datetime) -> datetime:
    # Naive values come from the database, which stores UTC.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(TIMEZONE)


def format_datetime(value: datetime | None) -> str:
    """A moment as people in Tangerang read it: date and time in WIB, in the page's language."""
    if value is None:
        return ""
    local, locale = _in_jakarta(value), current_locale.get()
    day = dates.format_date(local, "medium", locale=locale)
    return f"{day}, {dates.format_time(local, 'short', locale=locale)} WIB"


def format_date(value: date | datetime | None, format: str = "medium") -> str:
    """A calendar date in the page's language (a moment is first moved to WIB).

    ``format`` is Babel's: ``short``, ``medium``, ``long``, ``full`` or a pattern.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_jakarta(value).date()
    return _formatted_date(value, format, current_locale.get())


@functools.lru_cache(maxsize=4096)
def _formatted_date(day: date, format: str, locale: str) -> str:
    # Lists show the same few days over and over; Babel's formatting is slow enough to matter.
    return dates.format_date(day, format, locale=locale)


TEMPLATE_FILTERS = {"datetime": format_datetime, "date": format_date}
"""Jinja filters of every template: ``{{ entry.at|datetime }}``, ``{{ born|date("long") }}``."""
