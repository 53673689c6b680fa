"""Full-text search of vacancies: Indonesian words, prefixes and typos, on SQLite and PostgreSQL.

Text is reduced to stemmed words in Python, with the Snowball Indonesian stemmer (``penjualan``,
``berjualan`` and ``menjual`` all become ``jual``), and stored in ``Vacancy.search_terms``. The
database indexes those words as they are: an FTS5 table on SQLite, a GIN index over
``to_tsvector('simple', search_terms)`` on PostgreSQL. Stemming once, in one place, gives the same
results on both databases (PostgreSQL's own ``indonesian`` configuration has no twin in FTS5).

A query's words are stemmed the same way and matched as prefixes (``admin`` finds
``administrasi``). A word that is the prefix of no indexed word is taken for a typo: it is
replaced by the indexed words closest to it (Levenshtein distance 1, or 2 for words of seven
letters or more) that start with the same letter, read from the vocabulary table
``siap_kerja_search_term``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from siap_kerja.workflow import Education, EmploymentType

MAX_QUERY_WORDS = 8
MAX_TERM = 40
STOP_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "atau",
        "pada",
        "dalam",
        "ini",
        "itu",
        "sebagai",
        "the",
        "and",
        "of",
        "for",
    ]
)
POSTED_WITHIN_DAYS = (1, 7, 30)
MAX_ID = 2**31 - 1

_stemmer = snowballstemmer.stemmer("indonesian")
_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)[:MAX_TERM]


def words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``, accents folded, stop words left out."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return [w for w in _WORD.findall(folded) if w not in STOP_WORDS]


def terms(text: str) -> list[str]:
    """The stemmed words the index keeps for ``text``."""
    return [stem(w) for w in words(text)]


def index_text(*parts: str) -> str:
    return " ".join(terms(" ".join(parts)))


@dataclass(frozen=True)
class Filters:
    """What the search form asks for, checked by :func:`siap_kerja.forms.search_filters`."""

    q: str = ""
    kecamatan: str = ""
    employment_type: EmploymentType | None = None
    salary_at_least: int | None = None
    education: Education | None = None
    """The seeker's schooling: vacancies asking for it or less."""
    posted_within: int | None = None
    """Days."""


@dataclass
class Results:
    ids: list[int]
    has_next: bool
    has_previous: bool
    next_cursor: int | None
    previous_cursor: int | None
    corrections: dict[str, list[str]] = field(default_factory=dict)
    """Query words read as typos, with the indexed words used instead."""


def _connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


def is_postgres(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == "postgres"


async def _corrections(connection: BaseDBAsyncClient, term: str) -> list[str]:
    """Indexed words close to ``term`` (a word no indexed word starts with)."""
    first = term[0]
    upper = chr(ord(first) + 1)
    placeholder = ("$1", "$2") if is_postgres(connection) else ("?", "?")
    rows = await connection.execute_query_dict(
        "SELECT term FROM siap_kerja_search_term "
        f"WHERE term >= {placeholder[0]} AND term < {placeholder[1]}",
        [first, upper],
    )
    vocabulary = [r["term"] for r in rows]
    cutoff = 2 if len(term) >= 7 else 1
    matches = process.extract(
        term, vocabulary, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=3
    )
    return [m[0] for m in matches]


async def _is_prefix_of_some_term(connection: BaseDBAsyncClient, term: str) -> bool:
    placeholder = ("$1", "$2") if is_postgres(connection) else ("?", "?")
    rows = await connection.execute_query_dict(
        "SELECT 1 AS hit FROM siap_kerja_search_term "
        f"WHERE term >= {placeholder[0]} AND term < {placeholder[1]} LIMIT 1",
        [term, term + "\uffff"],
    )
    return bool(rows)


async def expand(
    connection: BaseDBAsyncClient, q: str
) -> tuple[list[list[str]], dict[str, list[str]]]:
    """The query as groups of alternatives (one group per word), and the typos it corrected."""
    groups: list[list[str]] = []
    corrected: dict[str, list[str]] = {}
    for word in dict.fromkeys(words(q)):
        if len(groups) == MAX_QUERY_WORDS:
            break
        term = stem(word)
        if await _is_prefix_of_some_term(connection, term):
            groups.append([term])
            continue
        alternatives = await _corrections(connection, term)
        if alternatives:
            corrected[word] = alternatives
        # A word with no close match keeps itself: the search then finds nothing, as it should.
        groups.append(alternatives or [term])
    return groups, corrected


def match_expression(groups: list[list[str]], postgres: bool) -> str:
    """The full-text query: every group must match, any alternative within it, as a prefix.

    Terms are ``[a-z0-9]`` only (see :func:`words`), so nothing in them can change the syntax.
    """
    if postgres:
        return " & ".join("(" + " | ".join(f"{t}:*" for t in group) + ")" for group in groups)
    return " AND ".join("(" + " OR ".join(f'"{t}"*' for t in group) + ")" for group in groups)


async def search(
    filters: Filters,
    *,
    today: date,
    now: datetime,
    after: int | None = None,
    before: int | None = None,
    per_page: int = 20,
) -> Results:
    """One page of listed, open, unexpired vacancies matching ``filters``, newest first.

    Pages by vacancy id (newest first), so every page costs what the first one does.
    """
    connection = _connection()
    postgres = is_postgres(connection)
    params: list[object] = []

    def param(value: object) -> str:
        params.append(value)
        return f"${len(params)}" if postgres else "?"

    where = [
        "v.listed = " + ("TRUE" if postgres else "1"),
        "v.status = 'open'",
        f"v.closes_on >= {param(today)}",
    ]
    join = ""
    corrections: dict[str, list[str]] = {}
    if filters.q:
        groups, corrections = await expand(connection, filters.q)
        if groups:
            expression = match_expression(groups, postgres)
            if postgres:
                vector = "to_tsvector('simple', v.search_terms)"
                where.append(f"{vector} @@ to_tsquery('simple', {param(expression)})")
            else:
                join = "JOIN siap_kerja_vacancy_fts f ON f.rowid = v.id"
                where.append(f"siap_kerja_vacancy_fts MATCH {param(expression)}")
    if filters.kecamatan:
        where.append(f"v.kecamatan = {param(filters.kecamatan)}")
    if filters.employment_type is not None:
        where.append(f"v.employment_type = {param(filters.employment_type.value)}")
    if filters.salary_at_least is not None:
        where.append(f"v.salary_max >= {param(filters.salary_at_least)}")
    if filters.education is not None:
        where.append(f"v.education <= {param(int(filters.education))}")
    if filters.posted_within is not None:
        where.append(f"v.posted_at >= {param(now - timedelta(days=filters.posted_within))}")
    backwards = before is not None and after is None
    # Ids are 32-bit: a larger cursor from a URL is clamped before it reaches the database.
    if backwards and before is not None:
        where.append(f"v.id > {param(min(before, MAX_ID))}")
    elif after is not None:
        where.append(f"v.id < {param(min(after, MAX_ID))}")
    order = "ASC" if backwards else "DESC"
    sql = (
        f"SELECT v.id FROM siap_kerja_vacancy v {join} WHERE {' AND '.join(where)} "
        f"ORDER BY v.id {order} LIMIT {int(per_page) + 1}"
    )
    rows = await connection.execute_query_dict(sql, params)
    ids = [r["id"] for r in rows]
    more = len(ids) > per_page
    ids = ids[:per_page]
    if backwards:
        ids.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, after is not None
    return Results(
        ids=ids,
        has_next=has_next and bool(ids),
        has_previous=has_previous and bool(ids),
        next_cursor=ids[-1] if ids else None,
        previous_cursor=ids[0] if ids else None,
        corrections=corrections,
    )


async def remember_terms(connection: BaseDBAsyncClient, text: str) -> None:
    """Add the words of a newly listed vacancy to the vocabulary typos are corrected against."""
    unique = sorted(set(text.split()))
    if not unique:
        return
    postgres = is_postgres(connection)
    values = ", ".join(f"(${i + 1})" if postgres else "(?)" for i in range(len(unique)))
    await connection.execute_query(
        f"INSERT INTO siap_kerja_search_term (term) VALUES {values} ON CONFLICT (term) DO NOTHING",
        unique,
    )
