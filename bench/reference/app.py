"""The reference: the fastest our stack serves the same pages, with no portal code.

A bare Starlette app with uvicorn, Jinja2 and tortoise-orm. It renders the same template files
as the portal (templates are data, not code) from the same data with the same queries, without
plugin discovery, hook calls, the enabled-plugin gate, themes or per-request middleware beyond
what any secure site needs (a signed session cookie, a signed CSRF token). Its throughput is the
ceiling the portal is measured against.

Configured by environment: DATABASE_URL, SECRET_KEY, BENCH_DATA (JSON written by bench/run.py with
the services, navigation and widgets the portal shows to each role, and where static files are),
BENCH_TEMPLATE_DIRS, BENCH_CATALOG.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from contextlib import asynccontextmanager
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from itsdangerous import URLSafeSerializer
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
DATA = json.loads(Path(os.environ["BENCH_DATA"]).read_text())
csrf_signer = URLSafeSerializer(SECRET)


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
    path = Path(os.environ["BENCH_CATALOG"])
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def _namespace(value):
    if isinstance(value, dict) and value.get("html_is_markup"):
        value = {**value, "html": Markup(value["html"])}
    if isinstance(value, dict) and {"id", "en"} != set(value):
        return SimpleNamespace(**{k: _namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_namespace(v) for v in value]
    return value


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.environ["BENCH_TEMPLATE_DIRS"].split(os.pathsep)),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.install_gettext_translations(_translations(), newstyle=True)
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
        csrf_token=csrf_signer.dumps(secrets.token_urlsafe(12), "csrftoken"),
        static=static_url,
        t=localized,
        theme="default",
        tile_url="",
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
    yield
    await Tortoise.close_connections()


app = Starlette(
    routes=[Route("/", home), Route("/healthz", healthz)],
    middleware=[Middleware(SessionMiddleware, secret_key=SECRET, session_cookie="tl_session")],
    lifespan=lifespan,
)
