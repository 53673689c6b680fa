"""Home-page fragments: attractions near a kecamatan, and whether they are open now."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import KECAMATAN, kecamatan_by_code, render

from eplesiran.services import nearest_places
from eplesiran.views.common import rows
from eplesiran.workflow import ATTRACTIONS

WIDGET_PLACES = 4
CITY_CENTRE = (106.6405, -6.1767)


async def near(request: Request) -> Response:
    """The attractions nearest to the chosen kecamatan's centre (the city centre by default)."""
    chosen = kecamatan_by_code(request.query_params.get("kecamatan", ""))
    point = (chosen.longitude, chosen.latitude) if chosen else CITY_CENTRE
    found = []
    for category in ATTRACTIONS:
        found += [
            (n.place, n.metres) for n in await nearest_places(category, *point, WIDGET_PLACES)
        ]
    found.sort(key=lambda pair: pair[1])
    context = {"rows": rows(found[:WIDGET_PLACES]), "kecamatan": KECAMATAN, "chosen": chosen}
    return await render(request, "eplesiran/widgets/near.html", context)
