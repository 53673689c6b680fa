"""Languages: Bahasa Indonesia first, English on request, every host string translated."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from tangerang_live import N_, Labels, format_date, format_datetime, i18n, in_locale
from tangerang_live.models import User
from tangerang_live.testing import create_user, running_portal, text_of

REPO = Path(__file__).resolve().parents[1]
HOST_CATALOG = REPO / "core/tangerang_live/locale/id/LC_MESSAGES/messages.po"


async def test_indonesian_is_the_default_and_the_header_link_switches_to_english(tmp_path):
    async with running_portal(tmp_path) as client:
        home = await client.get("/")
        assert '<html lang="id">' in home.text
        assert "Layanan publik Kota Tangerang" in text_of(home.text)

        switched = await client.post("/language", data={"lang": "en", "next": "/register"})
        assert switched.status_code == 303 and switched.headers["location"] == "/register"
        page = await client.get("/register")
        assert '<html lang="en">' in page.text
        assert "Create an account" in text_of(page.text)
        assert "Buat akun" not in text_of(page.text)

        await client.post("/language", data={"lang": "id", "next": "/"})
        assert "Buat akun" in text_of((await client.get("/register")).text)


async def test_a_phone_set_to_english_gets_indonesian_until_its_owner_chooses(tmp_path):
    """Many phones sold in Tangerang are set to English: the browser's language is not asked."""
    english_phone = {"accept-language": "en-US,en;q=0.9"}
    async with running_portal(tmp_path) as client:
        first = await client.get("/login", headers=english_phone)
        assert '<html lang="id">' in first.text
        assert "Masuk" in text_of(first.text)
        await client.post("/language", data={"lang": "en"}, headers=english_phone)
        chosen = await client.get("/login", headers={"accept-language": "id-ID"})
        assert '<html lang="en">' in chosen.text, "the choice wins over any browser language"
        assert client.cookies["lang"] == "en"


async def test_the_choice_is_saved_on_the_profile_and_follows_the_user(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", "sandi-budi-panjang")
        await client.sign_in("budi@contoh.id", "sandi-budi-panjang")
        await client.post("/language", data={"lang": "en"})
        assert (await User.get(email="budi@contoh.id")).locale == "en"
        await client.post("/logout")
        client.cookies.clear()  # another device
        await client.sign_in("budi@contoh.id", "sandi-budi-panjang")
        assert '<html lang="en">' in (await client.get("/")).text


async def test_an_unknown_language_is_ignored(tmp_path):
    async with running_portal(tmp_path) as client:
        response = await client.post("/language", data={"lang": "xx", "next": "//evil.example"})
        assert response.headers["location"] == "/"
        assert "lang" not in response.cookies


def test_times_are_shown_in_jakarta_in_the_page_language():
    moment = datetime(2026, 8, 16, 18, 30, tzinfo=UTC)  # 17 August 01:30 in Jakarta
    token = i18n.current_locale.set("id")
    try:
        assert format_datetime(moment) == "17 Agu 2026, 01.30 WIB"
        assert format_date(moment, "long") == "17 Agustus 2026"
        i18n.current_locale.set("en")
        assert format_datetime(moment) == "Aug 17, 2026, 1:30\u202fAM WIB"  # CLDR narrow space
        assert format_date(date(2026, 8, 17), "full") == "Monday, August 17, 2026"
    finally:
        i18n.current_locale.reset(token)


def test_every_host_string_has_an_indonesian_translation():
    """Run what `make messages` extracts and compare it with the committed catalog."""
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    in_code = set()
    for folder in (REPO / "core/tangerang_live", REPO / "themes"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            folder, method_map, options
        ):
            in_code.add(message if isinstance(message, str) else message[0])
    with HOST_CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and not m.fuzzy and (m.string if isinstance(m.string, str) else all(m.string))
    }
    missing = sorted(in_code - translated)
    assert not missing, f"run `make messages` and translate: {missing}"


def _catalog(folder: Path, translations: dict[str, str]) -> Path:
    po = folder / "id" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    entries = "".join(f'\nmsgid "{k}"\nmsgstr "{v}"\n' for k, v in translations.items())
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries)
    return folder


def test_catalogs_are_merged_afresh_each_time_and_an_edited_catalog_is_read_again(tmp_path):
    """Compiled catalogs are kept per process; merging a plugin's must not leak into the host's
    next time, and an edited file is compiled again."""
    host = _catalog(tmp_path / "host", {"Hello": "Halo"})
    plugin = _catalog(tmp_path / "plugin", {"Bye": "Dah"})
    try:
        with i18n.in_locale("id"):
            i18n.load_catalogs([host, plugin])
            assert (i18n.gettext("Hello"), i18n.gettext("Bye")) == ("Halo", "Dah")
            i18n.load_catalogs([host])
            assert (i18n.gettext("Hello"), i18n.gettext("Bye")) == ("Halo", "Bye")
            _catalog(host, {"Hello": "Hai, apa kabar"})
            i18n.load_catalogs([host])
            assert i18n.gettext("Hello") == "Hai, apa kabar"
    finally:
        i18n.load_catalogs([REPO / "core/tangerang_live/locale"])


def test_labels_translate_each_member_where_they_are_read():
    class Step(StrEnum):
        SAVE = "save"
        SEARCH = "search"

    i18n.load_catalogs([REPO / "core/tangerang_live/locale"])
    step_label = Labels(Step, {Step.SAVE: N_("Save"), Step.SEARCH: N_("Search")})
    assert step_label(Step.SAVE) == "Simpan" and step_label("search") == "Cari"
    with in_locale("en"):
        assert step_label("save") == "Save"
        assert step_label.options() == (("save", "Save"), ("search", "Search"))
    with pytest.raises(ValueError):
        step_label("delete")  # no such member
    with pytest.raises(ValueError, match="SEARCH"):
        Labels(Step, {Step.SAVE: N_("Save")})  # every member needs its words
