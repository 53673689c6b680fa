"""Every hook of host API 1.0, implemented the way a department would (kept as written for 1.0)."""

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from tangerang_live import (
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    SearchResult,
    Widget,
    hookimpl,
    markup,
    render,
    require_permission,
)

from hello_city.models import Greeting

# What the lifecycle hooks saw, so tests can check they ran (a real plugin would warm caches).
events: list[str] = []


async def index(request: Request) -> Response:
    greetings = await Greeting.all().order_by("id")
    return await render(request, "hello_city/index.html", {"greetings": greetings})


async def add(request: Request) -> Response:
    form = await request.form()
    await Greeting.create(text=str(form["text"]))
    return PlainTextResponse("saved", status_code=201)


@require_permission("hello_city.manage")
async def manage(request: Request) -> Response:
    return PlainTextResponse("manage")


async def widget(request: Request) -> Response:
    return PlainTextResponse(f"{await Greeting.all().count()} greetings")


async def worker(request: Request) -> Response:
    """Which process answered: lets the multi-worker test see that every worker serves."""
    import os

    return PlainTextResponse(str(os.getpid()))


@hookimpl
def manifest():
    return Manifest(
        name="hello_city",
        title=LocalizedText("Halo Kota", "Hello City"),
        description=LocalizedText("Salam dari kota", "Greetings from the city"),
        url_prefix="/hello",
        icon="icon.svg",
    )


@hookimpl
def routes():
    return [
        Route("/", index),
        Route("/add", add, methods=["POST"]),
        Route("/manage", manage),
        Route("/widget", widget),
        Route("/worker", worker),
    ]


@hookimpl
def model_modules():
    return ["hello_city.models"]


@hookimpl
def nav_items():
    return [
        NavItem(LocalizedText("Halo Kota", "Hello City"), "/hello/"),
        NavItem(LocalizedText("Kelola Halo", "Manage Hello"), "/hello/manage", audience="officer"),
    ]


@hookimpl
async def home_widgets(request, user):
    who = user.full_name if user else "tamu"
    return [
        Widget(LocalizedText("Salam", "Greeting"), html=markup("<p>Halo, <b>warga</b></p>")),
        Widget(LocalizedText("Jumlah salam", "Greeting count"), url="/hello/widget"),
        Widget(LocalizedText(f"Untuk {who}", f"For {who}"), html="<i>escaped</i>"),
    ]


@hookimpl
async def search(query, limit):
    hits = await Greeting.filter(text__icontains=query).limit(limit)
    return [SearchResult(title=g.text, url="/hello/", kind="Salam") for g in hits]


@hookimpl
def permissions():
    return [Permission("hello_city.manage", LocalizedText("Kelola salam", "Manage greetings"))]


@hookimpl
def startup(app):
    events.append("startup")


@hookimpl
async def shutdown():
    events.append("shutdown")


@hookimpl
def on_enable(app):
    events.append("enable")


@hookimpl
def on_disable():
    events.append("disable")


@hookimpl
async def demo_data(demo):
    for text in ("Selamat pagi", "Sugeng enjang", demo.random.choice(["Wilujeng", "Halo"])):
        await Greeting.get_or_create(text=text)
