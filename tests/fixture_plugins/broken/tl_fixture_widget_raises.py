from tangerang_live import LocalizedText, Manifest, NavItem, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="widget_raises",
        title=LocalizedText("Rusak", "Broken widget"),
        description=LocalizedText("Widget yang gagal", "A widget that fails"),
        url_prefix="/widget-raises",
    )


@hookimpl
def nav_items():
    return [NavItem(LocalizedText("Masih tampil", "Still shown"), "/widget-raises/")]


@hookimpl
async def home_widgets():
    raise ZeroDivisionError("widget exploded")


@hookimpl
def search():
    raise LookupError("search exploded")


async def _explodes(request):
    raise RuntimeError("route exploded")


@hookimpl
def routes():
    from starlette.routing import Route

    return [Route("/boom", _explodes)]
