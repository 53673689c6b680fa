"""The home-page card: a few attractions worth a visit now, and the ways to find more."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import render

from eplesiran.models import Place
from eplesiran.views.common import rows
from eplesiran.workflow import ATTRACTIONS

WIDGET_PLACES = 4
CANDIDATES = 12
"""The most rated attractions the card chooses from: a few rows read, whatever the city holds."""


async def highlights(request: Request) -> Response:
    """The most rated attractions, those open now first: light enough for a phone's home page,
    with links to the map and to what is nearest to the visitor."""
    popular = (
        await Place.filter(category__in=list(ATTRACTIONS))
        .order_by("-rating_count", "-rating_total", "name", "id")
        .limit(CANDIDATES)
    )
    listed = rows([(place, None) for place in popular])
    # sorted() keeps the popularity order within the open, the unknown and the closed.
    listed = sorted(listed, key=lambda row: {True: 0, None: 1, False: 2}[row.open_now])
    context = {"rows": listed[:WIDGET_PLACES]}
    return await render(request, "eplesiran/widgets/highlights.html", context)
