"""Citizens read LAKSA in Bahasa Indonesia first: every string of the plugin is translated."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from laksa_factories import PASSWORD, report_form
from tangerang_live.testing import text_of

PACKAGE = Path(__file__).resolve().parents[1] / "laksa"
CATALOG = PACKAGE / "locale/id/LC_MESSAGES/messages.po"


def test_every_laksa_string_has_an_indonesian_translation():
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


async def test_pages_speak_indonesian_by_default_and_english_on_request(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    await client.post("/laksa/new", data=report_form(people.categories["pju"]))
    await client.post("/logout")
    page = text_of((await client.get("/laksa/")).text)
    assert "Laporan warga" in page and "Menunggu" in page
    await client.post("/language", data={"lang": "en", "next": "/laksa/"})
    english = text_of((await client.get("/laksa/")).text)
    assert "Citizen reports" in english and "Waiting" in english
