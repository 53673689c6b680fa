"""Vacancy search: Indonesian words, prefixes and typos, filters, pages, htmx and plain GET."""

from __future__ import annotations

from datetime import timedelta

import siap_kerja_factories as make
from siap_kerja import search
from siap_kerja.models import Vacancy
from siap_kerja.workflow import Education, EmploymentType
from tangerang_live import city_now
from tangerang_live.testing import text_of


def test_indonesian_words_are_stemmed_and_folded():
    assert search.terms("Penjualan, berjualan & MENJUAL") == ["jual", "jual", "jual"]
    assert search.terms("Café dan Kasir") == ["cafe", "kasir"]  # accents folded, "dan" dropped
    assert search.match_expression([["jual"], ["kasir", "kasur"]], postgres=False) == (
        '("jual"*) AND ("kasir"* OR "kasur"*)'
    )
    assert search.match_expression([["jual"]], postgres=True) == "(jual:*)"
    # Nothing a visitor types reaches the query syntax: only letters and digits survive.
    assert search.words('kasir" OR 1=1 -- ) * :') == ["kasir", "or", "1", "1"]


async def _vacancies(people):
    owner = await make.employer(people.recruiter, people.officer, name="PT Sumber Rejeki")
    made = {}
    for key, overrides in {
        "sales": {"title": "Tenaga Penjualan Motor", "kecamatan": make.CIPONDOH},
        "cashier": {
            "title": "Kasir Minimarket",
            "employment_type": EmploymentType.PART_TIME,
            "salary_min": 3_000_000,
            "salary_max": 3_500_000,
            "education": Education.SMP,
        },
        "programmer": {
            "title": "Programmer Administrasi Sistem",
            "education": Education.S1,
            "salary_min": 8_000_000,
            "salary_max": 12_000_000,
        },
        "negotiable": {"title": "Juru Masak", "salary_min": None, "salary_max": None},
    }.items():
        made[key] = await make.vacancy(owner, people.recruiter, people.officer, **overrides)
    return made


async def _titles(client, **params):
    response = await client.get("/siap-kerja/", params=params)
    assert response.status_code == 200, response.text
    text = text_of(response.text)
    return {t for t in ("Penjualan", "Kasir", "Programmer", "Juru Masak") if t in text}


async def test_words_prefixes_and_other_forms_of_a_word(client, people):
    await _vacancies(people)
    assert await _titles(client, q="penjualan") == {"Penjualan"}
    assert await _titles(client, q="berjualan") == {"Penjualan"}  # same stem: jual
    assert await _titles(client, q="admin") == {"Programmer"}  # prefix of administrasi
    assert await _titles(client, q="kasir minimarket") == {"Kasir"}
    assert await _titles(client, q="kasir programmer") == set()  # every word must match
    assert await _titles(client, q="PT Sumber") == {
        "Penjualan",
        "Kasir",
        "Programmer",
        "Juru Masak",
    }


async def test_typos_are_forgiven_and_said(client, people):
    await _vacancies(people)
    response = await client.get("/siap-kerja/", params={"q": "progammer"})
    assert "Programmer" in text_of(response.text)
    assert "Also searched for" in text_of(response.text) or "Juga dicari" in text_of(response.text)
    assert await _titles(client, q="kasr") == {"Kasir"}
    assert await _titles(client, q="zzzqqq") == set()


async def test_filters(client, people):
    await _vacancies(people)
    assert await _titles(client, kecamatan=make.CIPONDOH) == {"Penjualan"}
    assert await _titles(client, type="PART_TIME") == {"Kasir"}
    assert await _titles(client, salary="10000000") == {"Programmer"}
    assert await _titles(client, education=str(int(Education.SMA))) == {
        "Penjualan", "Kasir", "Juru Masak"
    }  # fmt: skip
    assert await _titles(client, education=str(int(Education.SMP))) == {"Kasir"}
    all_four = {"Penjualan", "Kasir", "Programmer", "Juru Masak"}
    assert await _titles(client, posted="7") == all_four
    await Vacancy.all().update(posted_at=city_now() - timedelta(days=10))
    assert await _titles(client, posted="7") == set()
    assert await _titles(client, posted="30") == all_four


async def test_bad_filters_are_refused_next_to_their_field(client, people):
    for params, field in [
        ({"salary": "banyak"}, "salary"),
        ({"kecamatan": "Jakarta"}, "kecamatan"),
        ({"type": "SLAVERY"}, "type"),
        ({"education": "99"}, "education"),
        ({"posted": "2"}, "posted"),
        ({"q": "x" * 101}, "q"),
    ]:
        response = await client.get("/siap-kerja/", params=params)
        assert response.status_code == 400, params
        assert f'id="{field}-error"' in response.text


async def test_pages_and_the_htmx_fragment(client, people):
    owner = await make.employer(people.recruiter, people.officer)
    for index in range(23):
        await make.vacancy(owner, people.recruiter, people.officer, title=f"Operator Mesin {index}")
    first = await client.get("/siap-kerja/", params={"q": "operator"})
    assert text_of(first.text).count("Operator Mesin") == 20
    assert "Operator Mesin 22" in first.text and 'rel="next"' in first.text
    link = first.text.split('" rel="next"')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
    second = await client.get(link)
    assert text_of(second.text).count("Operator Mesin") == 3
    assert "Operator Mesin 0" in second.text and 'rel="prev"' in second.text
    fragment = await client.get(
        "/siap-kerja/", params={"q": "operator"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "Operator Mesin 22" in fragment.text
