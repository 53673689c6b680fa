"""Every text the shared services show (uploads, holidays, notifications, pager, map) has its
Bahasa Indonesia translation, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[1] / "core" / "tangerang_live"
CATALOG_DIR = PACKAGE / "locale" / "id" / "LC_MESSAGES"
MODULES = [
    "uploads.py",
    "workdays.py",
    "admin/holidays.py",
    "notifications.py",
    "files.py",
    "pagination.py",
]
TEMPLATES = [
    "templates/core/_map.html",
    "templates/core/_pagination.html",
    "templates/core/_notification_bell.html",
    "templates/core/notifications.html",
    "templates/admin/holidays.html",
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def used_messages() -> list[str | tuple[str, str]]:
    found: list[str | tuple[str, str]] = []
    for name in MODULES:
        found += [m for _, m, _, _ in extract_from_file("python", PACKAGE / name, KEYWORDS)]
    for name in TEMPLATES:
        found += [
            m
            for _, m, _, _ in extract_from_file(
                "jinja2.ext:babel_extract",
                PACKAGE / name,
                KEYWORDS,
                options={"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"},
            )
        ]
    return found


def translations() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    with (CATALOG_DIR / "messages.po").open("rb") as handle:
        for message in read_po(handle):
            if message.id and message.string:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                strings = message.string
                table[key] = list(strings) if isinstance(strings, tuple) else [strings]
    return table


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


@pytest.mark.parametrize("message", used_messages(), ids=str)
def test_each_message_has_an_indonesian_translation(message):
    singular = message[0] if isinstance(message, tuple) else message
    table = translations()
    assert singular in table, f"no Indonesian for {singular!r}"
    for translated in table[singular]:
        assert translated.strip() and placeholders(translated) == placeholders(singular)


def test_upload_messages_read_as_citizens_expect():
    table = translations()
    limit = table["The file is too large (at most %(limit)s)."][0] % {"limit": "5 MB"}
    assert "terlalu besar" in limit and "5 MB" in limit
    assert table["Not a JPEG, PNG or WebP image."][0].startswith("Bukan gambar JPEG, PNG")
