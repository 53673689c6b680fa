from starlette.responses import PlainTextResponse
from starlette.routing import Route
from tangerang_live import LocalizedText, Manifest, hookimpl


async def index(request):
    return PlainTextResponse("base service")


@hookimpl
def manifest():
    return Manifest(
        name="base_service",
        title=LocalizedText("Dasar", "Base"),
        description=LocalizedText("Dibutuhkan layanan lain", "Needed by another service"),
        url_prefix="/base",
    )


@hookimpl
def routes():
    return [Route("/", index)]
