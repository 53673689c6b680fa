"""Seekers read SIAP Kerja in Bahasa Indonesia first: every string is translated, pages switch to
English on request, and no template carries script or style the CSP would block."""

from __future__ import annotations

import re
from pathlib import Path

import siap_kerja_factories as make
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from tangerang_live.testing import text_of

PACKAGE = Path(__file__).resolve().parents[1] / "siap_kerja"
CATALOG = PACKAGE / "locale/id/LC_MESSAGES/messages.po"


def test_every_siap_kerja_string_has_an_indonesian_translation():
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    in_code = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map, options
        )
    }
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and not m.fuzzy and m.string}
    missing = sorted(in_code - translated)
    assert not missing, f"translate in {CATALOG.name}: {missing}"


def test_no_template_has_inline_script_or_style():
    templates = list(PACKAGE.glob("templates/**/*.html"))
    assert templates
    for template in templates:
        html = template.read_text()
        # JSON-LD is data, not a script a browser runs: the CSP leaves it alone.
        scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert all('type="application/ld+json"' in s for s in scripts), template
        assert not re.search(r"\sstyle=", html), template
        assert not re.search(r"\son[a-z]+=", html), template


async def test_pages_speak_indonesian_by_default_and_english_on_request(client, people):
    owner = await make.employer(people.recruiter, people.officer)
    await make.vacancy(owner, people.recruiter, people.officer, salary_min=None, salary_max=None)
    page = text_of((await client.get("/siap-kerja/")).text)
    assert "Cari kerja di Kota Tangerang" in page and "Bisa dinegosiasikan" in page
    await client.post("/language", data={"lang": "en", "next": "/siap-kerja/"})
    english = text_of((await client.get("/siap-kerja/")).text)
    assert "Find a job in Kota Tangerang" in english and "Negotiable" in english
