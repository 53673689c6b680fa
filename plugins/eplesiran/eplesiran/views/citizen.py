"""Pages for signed-in citizens: rating attractions and keeping favourites."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    FormErrors,
    Role,
    current_user,
    plugin_context,
    redirect,
    render,
    require_role,
)

from eplesiran import services
from eplesiran.forms import parse_stars, text
from eplesiran.models import Favourite, Place
from eplesiran.services import RuleError
from eplesiran.views.common import place_or_404, rows
from eplesiran.views.public import place_context


@require_role(Role.CITIZEN)
async def rate(request: Request) -> Response:
    place = await place_or_404(request)
    user = await current_user(request)
    assert user is not None
    form = await request.form()
    plugin = plugin_context(request)
    try:
        await services.rate(place, user, parse_stars(form))
    except FormErrors as exc:
        return await _refused(request, place, exc.errors["stars"])
    except RuleError as exc:
        return await _refused(request, place, exc.message)
    return redirect(request, plugin.url("place", id=place.id) + "#rating")


async def _refused(request: Request, place: Place, message: str) -> Response:
    """The place's page again, the reason next to the stars."""
    context = await place_context(request, place, {"stars": message})
    return await render(request, "eplesiran/place.html", context, status_code=422)


@require_role(Role.CITIZEN)
async def favourite(request: Request) -> Response:
    place = await place_or_404(request)
    user = await current_user(request)
    assert user is not None
    form = await request.form()
    await services.set_favourite(place, user, text(form, "favourite") != "0")
    return redirect(request, plugin_context(request).url("place", id=place.id))


@require_role(Role.CITIZEN)
async def favourites(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None
    kept = await Favourite.filter(user_id=user.id).select_related("place").order_by("-id")
    context = {"rows": rows([(f.place, None) for f in kept])}
    return await render(request, "eplesiran/favourites.html", context)
