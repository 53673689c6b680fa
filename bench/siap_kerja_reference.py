"""The reference for SIAP Kerja's vacancy search: the same query and page, with no portal code.

Builds on ``reference/app.py`` (its Jinja2 environment over the same template files, catalogs,
navigation, static URLs, session and CSRF middleware) and adds one route, ``/siap-kerja/``, that
stems the words, runs the same SQL as the portal (FTS5 on SQLite, a GIN-indexed ``tsvector`` on
PostgreSQL, with the same filters and keyset page), reads the page's vacancies with their
employers, and renders ``siap_kerja/index.html``. Served by uvicorn like ``reference/app.py``.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import unicodedata
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import snowballstemmer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from tortoise import Tortoise, fields
from tortoise.models import Model

sys.path.insert(0, str(Path(__file__).parent / "reference"))
import app as base  # noqa: E402  (the LAKSA reference: environment, navigation, middleware)

JAKARTA = ZoneInfo("Asia/Jakarta")
PER_PAGE = 20
KECAMATAN = {
    "36.71.03": "Batuceper", "36.71.04": "Benda", "36.71.09": "Cibodas", "36.71.06": "Ciledug",
    "36.71.05": "Cipondoh", "36.71.02": "Jatiuwung", "36.71.12": "Karangtengah",
    "36.71.07": "Karawaci", "36.71.13": "Larangan", "36.71.10": "Neglasari", "36.71.08": "Periuk",
    "36.71.11": "Pinang", "36.71.01": "Tangerang",
}  # fmt: skip
EMPLOYMENT = {
    "FULL_TIME": "Full time", "PART_TIME": "Part time", "CONTRACTOR": "Contract",
    "INTERN": "Internship", "PER_DIEM": "Daily",
}  # fmt: skip
EDUCATION = [
    "No requirement", "Primary school (SD)", "Junior high school (SMP)",
    "Senior high school (SMA/SMK)", "Diploma (D3)", "Bachelor (S1)", "Master (S2)",
]  # fmt: skip
STOP = {"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "atau", "pada", "dalam", "ini"}
STOP |= {"itu", "sebagai", "the", "and", "of", "for"}
gettext = base.translations.gettext
stemmer = snowballstemmer.stemmer("indonesian")


class Employer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=160)

    class Meta:
        table = "siap_kerja_employer"


class Vacancy(Model):
    id = fields.IntField(primary_key=True)
    employer = fields.ForeignKeyField("reference.Employer", related_name=False)
    title = fields.CharField(max_length=120)
    kecamatan = fields.CharField(max_length=20)
    employment_type = fields.CharField(max_length=12)
    salary_min = fields.IntField(null=True)
    salary_max = fields.IntField(null=True)
    education = fields.IntField()
    closes_on = fields.DateField()
    status = fields.CharField(max_length=10)

    class Meta:
        table = "siap_kerja_vacancy"


@lru_cache(maxsize=4096)
def formatted(day: date) -> str:
    return base.formatted_day(day)


def date_filter(value):
    return formatted(value if type(value) is date else value.astimezone(JAKARTA).date())


base.environment.filters["date"] = date_filter
template = base.environment.get_template("siap_kerja/index.html")
STATIC = base.static_url("siap_kerja", "siap_kerja.css")
PLUGIN = SimpleNamespace(
    url=lambda name, **p: "/siap-kerja/v/{id}".format(**p) if name == "vacancy" else URLS[name],
    static_url=lambda path: STATIC,
)
URLS = {
    "index": "/siap-kerja/", "fairs": "/siap-kerja/fairs", "mine": "/siap-kerja/mine",
    "profile": "/siap-kerja/profile", "card": "/siap-kerja/card",
    "employer_home": "/siap-kerja/employer/",
}  # fmt: skip
OPTIONS = {
    "kecamatan_options": list(KECAMATAN.items()),
    "employment_options": [(k, gettext(v)) for k, v in EMPLOYMENT.items()],
    "education_options": [(i, gettext(label)) for i, label in enumerate(EDUCATION)],
}


LISTED_FIELDS = (
    "id", "title", "employer__name", "kecamatan", "employment_type", "salary_min", "salary_max",
    "closes_on",
)  # fmt: skip
"""What a result row shows, read as plain rows (as the portal does)."""


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def stems(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return [stemmer.stemWord(w)[:40] for w in re.findall("[a-z0-9]+", folded) if w not in STOP]


@dataclass
class Page:
    items: list
    has_next: bool
    has_previous: bool

    def _url(self, request: Request, **params) -> str:
        pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in params]
        pairs += [(k, v) for k, v in params.items() if v is not None]
        return request.url.path + ("?" + urlencode(pairs) if pairs else "")

    def next_url(self, request: Request) -> str:
        return self._url(request, after=self.items[-1].id, before=None)

    def previous_url(self, request: Request) -> str:
        return self._url(request, before=self.items[0].id, after=None)


async def vacancies(request: Request) -> HTMLResponse:
    """The benchmarked search: words (every one as a prefix, all required) and filters."""
    connection = Tortoise.get_connection("default")
    postgres = connection.capabilities.dialect == "postgres"
    query = request.query_params
    params: list = []

    def param(value) -> str:
        params.append(value)
        return f"${len(params)}" if postgres else "?"

    today = datetime.now(JAKARTA).date()
    where = [f"v.listed = {'TRUE' if postgres else '1'}", "v.status = 'open'"]
    where.append(f"v.closes_on >= {param(today)}")
    join = ""
    words = list(dict.fromkeys(stems(query.get("q", ""))))
    for word in words:
        # The portal checks each word against its vocabulary (to catch typos): so does this.
        probe = "$1" if postgres else "?"
        await connection.execute_query_dict(
            f"SELECT 1 AS hit FROM siap_kerja_search_term WHERE term >= {probe} AND term < "
            + ("$2" if postgres else "?")
            + " LIMIT 1",
            [word, word + "\uffff"],
        )
    if words:
        if postgres:
            match = " & ".join(f"({w}:*)" for w in words)
            where.append(
                f"to_tsvector('simple', v.search_terms) @@ to_tsquery('simple', {param(match)})"
            )
        else:
            join = "JOIN siap_kerja_vacancy_fts f ON f.rowid = v.id"
            match = " AND ".join(f'("{w}"*)' for w in words)
            where.append(f"siap_kerja_vacancy_fts MATCH {param(match)}")
    if query.get("kecamatan") in KECAMATAN:
        where.append(f"v.kecamatan = {param(query['kecamatan'])}")
    if query.get("type") in EMPLOYMENT:
        where.append(f"v.employment_type = {param(query['type'])}")
    if query.get("salary", "").isdigit():
        where.append(f"v.salary_max >= {param(int(query['salary']))}")
    if query.get("education", "").isdigit():
        where.append(f"v.education <= {param(int(query['education']))}")
    if query.get("posted", "").isdigit():
        since = datetime.now(UTC) - timedelta(days=int(query["posted"]))
        where.append(f"v.posted_at >= {param(since)}")
    if query.get("after", "").isdigit():
        where.append(f"v.id < {param(int(query['after']))}")
    rows = await connection.execute_query_dict(
        f"SELECT v.id FROM siap_kerja_vacancy v {join} WHERE {' AND '.join(where)} "
        f"ORDER BY v.id DESC LIMIT {PER_PAGE + 1}",
        params,
    )
    ids = [r["id"] for r in rows]
    found = await Vacancy.filter(id__in=ids[:PER_PAGE]).values(*LISTED_FIELDS)
    by_id = {v["id"]: v for v in found}
    items = []
    for i in ids[:PER_PAGE]:
        v = by_id[i]
        low, high = v["salary_min"], v["salary_max"]
        if low is None or high is None:
            salary = gettext("Negotiable")
        elif low == high:
            salary = gettext("%(amount)s a month") % {"amount": rupiah(low)}
        else:
            salary = gettext("%(low)s – %(high)s a month") % {
                "low": rupiah(low),
                "high": rupiah(high),
            }
        items.append(
            SimpleNamespace(
                id=i,
                title=v["title"],
                employer=v["employer__name"],
                kecamatan=KECAMATAN[v["kecamatan"]],
                employment=gettext(EMPLOYMENT[v["employment_type"]]),
                salary=salary,
                closes_on=v["closes_on"],
            )
        )
    page = Page(items, len(ids) > PER_PAGE, query.get("after", "").isdigit())
    user = await base.user_of(request)
    html = template.render(
        request=request,
        user=user,
        locale="id",
        navigation=base.NAVIGATION[user.role if user else "anonymous"],
        csrf_token=request.scope["csrftoken"](),
        static=base.static_url,
        plugin=PLUGIN,
        theme="default",
        page=page,
        values=dict(query),
        errors={},
        corrections={},
        **OPTIONS,
    )
    return HTMLResponse(html)


@asynccontextmanager
async def lifespan(app: Starlette):
    await Tortoise.init(
        db_url=os.environ["DATABASE_URL"], modules={"reference": [__name__, "app"]},
        _enable_global_fallback=True,
    )  # fmt: skip
    gc.freeze()
    yield
    await Tortoise.close_connections()


app = Starlette(
    routes=[Route("/siap-kerja/", vacancies), Route("/healthz", base.healthz)],
    middleware=base.app.user_middleware,
    lifespan=lifespan,
)
