"""The reference: the fastest our stack serves the same pages, with no portal code.

A bare Starlette app with uvicorn, Jinja2 and tortoise-orm. It renders the same template files
as the portal (templates are data, not code) from the same data with the same queries, without
plugin discovery, hook calls, the enabled-plugin gate, themes or per-request middleware beyond
what any secure site needs (a signed session cookie, and a CSRF token from asgi_csrf, the library
the portal uses). Its throughput is the ceiling the portal is measured against.

Configured by environment: DATABASE_URL, SECRET_KEY, BENCH_DATA (JSON written by bench/run.py with
the services, navigation and widgets the portal shows to each role, and where static files are),
BENCH_TEMPLATE_DIRS, BENCH_CATALOG.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import jinja2
from asgi_csrf import asgi_csrf
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from tortoise import Tortoise, fields
from tortoise.models import Model

SECRET = os.environ["SECRET_KEY"]
JAKARTA = ZoneInfo("Asia/Jakarta")
DATA = json.loads(Path(os.environ["BENCH_DATA"]).read_text())


class Department(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)

    class Meta:
        table = "core_department"


class Category(Model):
    id = fields.IntField(primary_key=True)
    name_id = fields.CharField(max_length=120)
    name_en = fields.CharField(max_length=120)
    is_active = fields.BooleanField()
    order = fields.IntField()
    department = fields.ForeignKeyField("reference.Department", related_name=False)

    class Meta:
        table = "laksa_category"
        ordering = ["order", "name_id"]

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_id


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=20, null=True)
    nik = fields.CharField(max_length=16, null=True)
    full_name = fields.CharField(max_length=200)
    role = fields.CharField(max_length=16)
    is_active = fields.BooleanField()
    locale = fields.CharField(max_length=5)
    session_epoch = fields.IntField()

    class Meta:
        table = "core_user"


def _translations() -> NullTranslations:
    merged: NullTranslations = NullTranslations()
    for name in os.environ["BENCH_CATALOG"].split(os.pathsep):
        path = Path(name)
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        if isinstance(merged, Translations):
            merged.merge(Translations(buffer))
        else:
            merged = Translations(buffer)
    return merged


def _namespace(value):
    if isinstance(value, dict) and value.get("html_is_markup"):
        value = {**value, "html": Markup(value["html"])}
    if isinstance(value, dict) and {"id", "en"} != set(value):
        return SimpleNamespace(**{k: _namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_namespace(v) for v in value]
    return value


@lru_cache(maxsize=4096)
def formatted_day(day: date) -> str:
    return format_date(day, "medium", locale="id")


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.environ["BENCH_TEMPLATE_DIRS"].split(os.pathsep)),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
translations = _translations()
environment.install_gettext_translations(translations, newstyle=True)
_gettext = environment.globals["gettext"]
_translated: dict[str, str] = {}


@jinja2.pass_context
def memoized_gettext(context, message: str, **variables):
    """A message without variables is translated and formatted once, not on every render."""
    if variables:
        return _gettext(context, message, **variables)
    if message not in _translated:
        _translated[message] = _gettext(context, message)
    return _translated[message]


environment.globals["gettext"] = memoized_gettext
environment.filters["date"] = lambda value: formatted_day(value.astimezone(JAKARTA).date())
SERVICES = _namespace(DATA["services"])
FOR_ROLE = {role: _namespace(shown) for role, shown in DATA["for_role"].items()}
navigation_template = environment.get_template("core/_navigation.html")
# A hand-written site renders its static menu once, too.
NAVIGATION = {
    role: Markup(
        navigation_template.render(
            links=[
                SimpleNamespace(label=i.label["id"], url=i.url, current=i.url == "/")
                for i in shown.nav_items
            ]
        )
    )
    for role, shown in FOR_ROLE.items()
}
home_template = environment.get_template("core/home.html")
_static_urls: dict[str, str] = {}


def static_url(owner: str, path: str) -> str:
    key = f"{owner}:{path}"
    if key not in _static_urls:
        folder, url = DATA["static_roots"][owner]
        digest = hashlib.sha256((Path(folder) / path).read_bytes()).hexdigest()[:10]
        _static_urls[key] = f"{url}/{path}?v={digest}"
    return _static_urls[key]


def localized(text):
    return text["id"] if isinstance(text, dict) else text


async def user_of(request: Request) -> User | None:
    user_id = request.session.get("uid")
    if user_id is None:
        return None
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or user.session_epoch != request.session.get("epoch"):
        return None
    return user


async def home(request: Request) -> HTMLResponse:
    user = await user_of(request)
    shown = FOR_ROLE[user.role if user else "anonymous"]
    html = home_template.render(
        request=request,
        user=user,
        locale="id",
        navigation=NAVIGATION[user.role if user else "anonymous"],
        services=SERVICES,
        widgets=shown.widgets,
        csrf_token=request.scope["csrftoken"](),
        static=static_url,
        t=localized,
        theme="default",
        tile_url="",
    )
    return HTMLResponse(html)


KECAMATAN = (
    "Batuceper", "Benda", "Cibodas", "Ciledug", "Cipondoh", "Jatiuwung", "Karangtengah",
    "Karawaci", "Larangan", "Neglasari", "Periuk", "Pinang", "Tangerang",
)  # fmt: skip
STATUSES = {
    # status: (label, colour)
    "received": ("Received", "red"),
    "verified": ("Verified", "red"),
    "dispatched": ("Sent to department", "yellow"),
    "in_progress": ("In progress", "yellow"),
    "resolved": ("Resolved", "green"),
    "rejected": ("Rejected", "grey"),
    "reopened": ("Reopened", "yellow"),
    "closed": ("Closed", "green"),
}
MEANINGS = {"red": "Waiting", "yellow": "In process", "green": "Done", "grey": "Not followed up"}
BADGES = {
    status: Markup(
        '<span class="laksa-badge laksa-{0}" title="{1}">'
        '<span class="laksa-dot" aria-hidden="true"></span>{2}</span>'
    ).format(colour, translations.gettext(MEANINGS[colour]), translations.gettext(label))
    for status, (label, colour) in STATUSES.items()
}
list_template = environment.get_template("laksa/index.html")
PER_PAGE = 20


class CursorPage:
    def __init__(self, items, has_next: bool, has_previous: bool) -> None:
        self.items, self.has_next, self.has_previous = items, has_next, has_previous

    def _url(self, request: Request, **params) -> str:
        pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in params]
        pairs += [(k, v) for k, v in params.items() if v is not None]
        return request.url.path + ("?" + urlencode(pairs) if pairs else "")

    def next_url(self, request: Request) -> str:
        return self._url(request, after=self.items[-1].id, before=None)

    def previous_url(self, request: Request) -> str:
        return self._url(request, before=self.items[0].id, after=None)


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    tracking_number: str
    title: str
    text_hidden: bool
    kecamatan: str
    status: str
    created_at: datetime
    category: Category


class Categories:
    """Categories change only when a manager edits them: a hand-written site reads them once."""

    by_id: dict[int, Category] = {}
    options: dict[str, list[tuple[str, str, bool]]] = {}

    @classmethod
    async def load(cls) -> None:
        rows = await Category.all()
        cls.by_id = {c.id: c for c in rows}
        # No filter is chosen on the benchmarked pages, so no option is selected.
        cls.options = {
            "category": [(str(c.id), c.name("id"), False) for c in rows if c.is_active],
            "status": [
                (status, translations.gettext(label), False)
                for status, (label, _colour) in STATUSES.items()
            ],
            "kecamatan": [(k, k, False) for k in KECAMATAN],
        }


class Report(Model):
    id = fields.IntField(primary_key=True)
    tracking_number = fields.CharField(max_length=20)
    category = fields.ForeignKeyField("reference.Category", related_name=False)
    listed = fields.BooleanField()
    title = fields.CharField(max_length=120)
    kecamatan = fields.CharField(max_length=20)
    status = fields.CharField(max_length=12)
    text_hidden_reason = fields.CharField(max_length=255)
    created_at = fields.DatetimeField()

    class Meta:
        table = "laksa_report"


ROW_FIELDS = (
    "id", "tracking_number", "title", "text_hidden_reason", "kecamatan", "status", "created_at",
    "category_id",
)  # fmt: skip


async def laksa_list(request: Request) -> HTMLResponse:
    after = request.query_params.get("after", "")
    after_id = int(after) if after.isdigit() else None
    reports = Report.filter(listed=True)
    has_previous = False
    if after_id is None:
        rows = await reports.order_by("-id").limit(PER_PAGE + 1).values(*ROW_FIELDS)
    else:
        # The page starts at the cursor row, which proves there is a page before this one.
        rows = await (
            reports.filter(id__lte=after_id).order_by("-id").limit(PER_PAGE + 2).values(*ROW_FIELDS)
        )
        if rows and rows[0]["id"] == after_id:
            rows, has_previous = rows[1:], True
        else:
            has_previous = await reports.filter(id__gte=after_id).exists()
    items = [
        Row(
            id=r["id"],
            tracking_number=r["tracking_number"],
            title=r["title"],
            text_hidden=bool(r["text_hidden_reason"]),
            kecamatan=r["kecamatan"],
            status=r["status"],
            created_at=r["created_at"],
            category=Categories.by_id[r["category_id"]],
        )
        for r in rows[:PER_PAGE]
    ]
    page = CursorPage(items, len(rows) > PER_PAGE, has_previous)
    user = await user_of(request)
    html = list_template.render(
        request=request,
        user=user,
        locale="id",
        navigation=NAVIGATION[user.role if user else "anonymous"],
        csrf_token=request.scope["csrftoken"](),
        static=static_url,
        t=localized,
        theme="default",
        tile_url="",
        page=page,
        chosen={},
        badges={r.id: BADGES[r.status] for r in page.items},
        options=Categories.options,
    )
    return HTMLResponse(html)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


@asynccontextmanager
async def lifespan(app: Starlette):
    await Tortoise.init(
        db_url=os.environ["DATABASE_URL"], modules={"reference": [__name__]},
        _enable_global_fallback=True,
    )  # fmt: skip
    await Categories.load()
    gc.freeze()
    yield
    await Tortoise.close_connections()


app = Starlette(
    routes=[Route("/", home), Route("/laksa/", laksa_list), Route("/healthz", healthz)],
    middleware=[
        Middleware(SessionMiddleware, secret_key=SECRET, session_cookie="tl_session"),
        # The same CSRF library as the portal: a signed token in a cookie, made per first visit.
        Middleware(asgi_csrf, signing_secret=SECRET),
    ],
    lifespan=lifespan,
)
