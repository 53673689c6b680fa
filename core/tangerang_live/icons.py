"""The portal's icon and web app manifest: what a phone needs to put the portal on its home
screen, and the favicon every browser asks for.

The icon is a white map pin on the portal's blue. ``static/core/icons/icon.svg`` is the drawing for
browsers that take SVG; the PNG and ICO files are drawn from the same shapes with Pillow at the
sizes phones ask for, once per process.
"""

from __future__ import annotations

import functools
from io import BytesIO

from PIL import Image, ImageDraw
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tangerang_live import i18n
from tangerang_live.i18n import gettext as _
from tangerang_live.portal import portal_of, static_url_for
from tangerang_live.route_access import EVERYONE, declare_access

THEME_COLOR = "#0172ad"
"""The portal's blue (Pico's primary colour): the icon's background and the phone's title bar."""
PNG_SIZES = (180, 192, 512)
"""180 px for iOS home screens (apple-touch-icon), 192 and 512 px for the manifest."""
ICON_CACHE = "public, max-age=604800"
"""A week: the icon's URL carries no content hash, and it changes rarely."""
_SUPERSAMPLE = 4  # drawn larger, then shrunk: smooth edges without an anti-aliasing renderer


def _draw(size: int) -> Image.Image:
    """The shapes of icon.svg (a 100 × 100 box), at ``size`` pixels."""
    big = size * _SUPERSAMPLE
    unit = big / 100
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=20 * unit, fill=THEME_COLOR)

    def circle(radius: float, fill: str) -> None:
        cx, cy = 50 * unit, 40 * unit
        draw.ellipse(
            (cx - radius * unit, cy - radius * unit, cx + radius * unit, cy + radius * unit),
            fill=fill,
        )

    circle(22, "#ffffff")
    draw.polygon(
        [(31 * unit, 51 * unit), (69 * unit, 51 * unit), (50 * unit, 82 * unit)], fill="#ffffff"
    )
    circle(8, THEME_COLOR)
    return image.resize((size, size), Image.Resampling.LANCZOS)


@functools.lru_cache(maxsize=len(PNG_SIZES))
def icon_png(size: int) -> bytes:
    """The icon as a PNG of ``size`` × ``size`` pixels."""
    buffer = BytesIO()
    _draw(size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def favicon_ico() -> bytes:
    """The icon as ``favicon.ico`` (16, 32 and 48 px), for browsers that ask for no other."""
    buffer = BytesIO()
    _draw(48).save(buffer, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return buffer.getvalue()


async def png_icon(request: Request) -> Response:
    size = request.path_params["size"]
    if size not in PNG_SIZES:
        raise HTTPException(404)
    return Response(icon_png(size), media_type="image/png", headers={"cache-control": ICON_CACHE})


async def favicon(request: Request) -> Response:
    return Response(favicon_ico(), media_type="image/x-icon", headers={"cache-control": ICON_CACHE})


async def web_manifest(request: Request) -> Response:
    """The web app manifest: the portal installed on a phone's home screen opens as an app."""
    manifest = {
        "name": "Tangerang LIVE",
        "short_name": "Tangerang",
        "description": _("Tangerang LIVE — public services of Kota Tangerang in one place."),
        "lang": i18n.current_locale.get(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            *(
                {"src": f"/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in PNG_SIZES
                if size != 180
            ),
            {
                "src": static_url_for(portal_of(request), "core", "core/icons/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            },
        ],
    }
    return JSONResponse(manifest, media_type="application/manifest+json")


def routes() -> list[BaseRoute]:
    return [
        declare_access(Route("/favicon.ico", favicon, name="favicon"), GET=EVERYONE),
        declare_access(
            Route("/icon-{size:int}.png", png_icon, name="icon"),
            GET=EVERYONE.but(sample=_sample_size),
        ),
        declare_access(
            Route("/manifest.webmanifest", web_manifest, name="web_manifest"), GET=EVERYONE
        ),
    ]


async def _sample_size(world: object) -> dict[str, int]:
    return {"size": 192}
