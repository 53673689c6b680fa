"""Every hook of the host, implemented the way a department would."""

from datetime import time, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from tangerang_live import (
    Command,
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    SearchResult,
    Setting,
    Task,
    Widget,
    current_user,
    has_permission,
    hookimpl,
    markup,
    permitted_scopes,
    plugin_context,
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


async def greeting(request: Request) -> Response:
    return await render(request, "hello_city/greeting.html", {"id": request.path_params["id"]})


async def settings_now(request: Request) -> Response:
    """The plugin's settings as this worker reads them."""
    return JSONResponse(dict(plugin_context(request).settings))


async def queue_events(request: Request) -> Response:
    """Server-sent events, as a live queue board would stream them (long enough to compress)."""

    async def stream():
        for n in range(3):
            yield f"event: queue\ndata: {n} {'antrian ' * 100}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream")


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
        Route("/", index, name="index"),
        Route("/g/{id:int}", greeting, name="greeting"),
        Route("/settings", settings_now, name="settings"),
        Route("/checks", checks, name="checks"),
        Route("/add", add, methods=["POST"]),
        Route("/manage", manage),
        Route("/widget", widget),
        Route("/worker", worker),
        Route("/events", queue_events),
    ]


@hookimpl
def model_modules():
    return ["hello_city.models"]


@hookimpl
def nav_items(plugin):
    return [
        NavItem(LocalizedText("Halo Kota", "Hello City"), plugin.url("index")),
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
    return [
        Permission("hello_city.manage", LocalizedText("Kelola salam", "Manage greetings")),
        Permission(
            "hello_city.review",
            LocalizedText("Tinjau salam", "Review greetings"),
            scopes=("organisation", "district"),
        ),
    ]


async def checks(request: Request) -> Response:
    """Several access checks in one request, as a busy officer page makes them."""
    user = await current_user(request)
    return JSONResponse(
        {
            "manage": await has_permission(user, "hello_city.manage"),
            "review": await has_permission(user, "hello_city.review"),
            "district": await has_permission(user, "hello_city.review", scope="utara"),
            "scopes": sorted(await permitted_scopes(user, "hello_city.review") or ["*"]),
        }
    )


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
def settings():
    return [
        Setting("greeting_limit", LocalizedText("Batas salam", "Greeting limit"), 10, 1, 50),
        Setting("ratio", LocalizedText("Rasio", "Ratio"), 0.5, minimum=0, maximum=1),
        Setting("shout", LocalizedText("Berseru", "Shout"), False),
        Setting(
            "motto",
            LocalizedText("Semboyan", "Motto"),
            "Kota Akhlakul Karimah",
            maximum=60,
            help=LocalizedText("Tampil di beranda", "Shown on the home page"),
        ),
    ]


async def record_tick(plugin):
    """Leaves a row per run, so tests see from the database how often it ran, in any process."""
    await Greeting.create(text=f"tick by {plugin.name}")


async def fail_always(plugin):
    raise RuntimeError("the greeting service is unreachable")


@hookimpl
def tasks():
    return [
        Task("record_tick", record_tick, every=timedelta(minutes=5)),
        Task("nightly_fail", fail_always, at=time(1, 30)),
    ]


def configure_greet(parser):
    parser.add_argument("text")


async def greet(args, plugin):
    await Greeting.create(text=args.text)
    print(f"{plugin.name} saved {args.text}")
    return 0


@hookimpl
def cli_commands():
    return [Command("greet", "save a greeting", configure_greet, greet)]


@hookimpl
def template_filters():
    return {"hello_shout": lambda text: f"{text.upper()}!"}


@hookimpl
def template_globals(plugin):
    return {"hello_motto": lambda: plugin.settings["motto"]}


@hookimpl
def csp_sources():
    return {"img-src": ["https://tiles.hello.example"], "script-src": ["https://evil.example"]}


@hookimpl
def home_stylesheets():
    return ["hello.css"]


@hookimpl
async def demo_data(demo):
    for text in ("Selamat pagi", "Sugeng enjang", demo.random.choice(["Wilujeng", "Halo"])):
        await Greeting.get_or_create(text=text)
