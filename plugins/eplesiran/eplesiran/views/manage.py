"""Pages for Disbudpar's editors: adding, changing and removing places, GeoJSON in and out."""

from __future__ import annotations

import json

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tangerang_live import (
    FormErrors,
    StoredFile,
    UploadError,
    User,
    current_user,
    page_param,
    paginate,
    plugin_context,
    redirect,
    render,
    require_role,
    store_image,
)
from tangerang_live import gettext as _

from eplesiran import access, services
from eplesiran.forms import KECAMATAN_NAMES, parse_place
from eplesiran.geojson import MEDIA_TYPE, GeoJSONError, collection, feature, parse_collection
from eplesiran.labels import category_label, religion_label
from eplesiran.models import Place
from eplesiran.views.common import place_or_404
from eplesiran.workflow import Category, Religion

PER_PAGE = 50
MAX_GEOJSON_BYTES = 5 * 1024 * 1024


async def _editor(request: Request) -> User:
    """The signed-in editor (``require_role`` has sent visitors to sign in); 403 for anyone else."""
    user = await current_user(request)
    if user is None or not await access.edits_places(user):
        raise HTTPException(403)
    return user


@require_role()
async def places(request: Request) -> Response:
    await _editor(request)
    page = await paginate(
        Place.all().order_by("name", "id"), page=page_param(request), per_page=PER_PAGE
    )
    context = {"page": page, "labels": {c.value: category_label(c) for c in Category}, "errors": {}}
    return await render(request, "eplesiran/manage/places.html", context)


def _choices() -> dict:
    return {
        "categories": [(c.value, category_label(c)) for c in Category],
        "religions": [(r.value, religion_label(r)) for r in Religion],
        "kecamatan": KECAMATAN_NAMES,
    }


def _values(place: Place | None) -> dict[str, str]:
    if place is None:
        return {}
    values = {
        key: "" if getattr(place, key) is None else str(getattr(place, key))
        for key in (
            "name", "category", "description_id", "description_en", "address", "kecamatan",
            "opening_hours", "ticket_price", "contact", "accessibility", "religion", "brand",
            "operator", "latitude", "longitude",
        )
    }  # fmt: skip
    return values


@require_role()
async def edit(request: Request) -> Response:
    """New place (no id) or an existing one: the form, and on POST the change."""
    user = await _editor(request)
    place = await place_or_404(request) if "id" in request.path_params else None
    plugin = plugin_context(request)
    if request.method == "GET":
        context = {"place": place, "values": _values(place), "errors": {}, **_choices()}
        return await render(request, "eplesiran/manage/edit.html", context)
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        data = parse_place(form)
        photo = await _photo(form.get("photo"))
    except FormErrors as exc:
        context = {"place": place, "values": values, "errors": exc.errors, **_choices()}
        return await render(request, "eplesiran/manage/edit.html", context, status_code=422)
    if place is None:
        place = await services.create_place(data, actor=user, photo=photo)
    else:
        place = await services.update_place(place, data, actor=user, photo=photo)
    return redirect(request, plugin.url("place", id=place.id))


async def _photo(upload: object) -> StoredFile | None:
    """The chosen photo, stored re-encoded without EXIF and public; ``None`` when none was
    chosen. Raises FormErrors when the file is not an image or is too large."""
    if not isinstance(upload, UploadFile) or not (upload.filename or upload.size):
        return None
    try:
        return await store_image(upload, owner="eplesiran", public=True)
    except UploadError as exc:
        raise FormErrors({"photo": exc.message}) from exc


@require_role()
async def delete(request: Request) -> Response:
    user = await _editor(request)
    place = await place_or_404(request)
    await services.delete_place(place, actor=user)
    return redirect(request, plugin_context(request).url("manage"))


@require_role()
async def export_geojson(request: Request) -> Response:
    await _editor(request)
    plugin = plugin_context(request)
    places = await Place.all().order_by("id")
    body = collection([feature(p, plugin.url("place", id=p.id)) for p in places])
    return JSONResponse(
        body,
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="e-plesiran-places.geojson"'},
    )


@require_role()
async def import_geojson(request: Request) -> Response:
    """A GeoJSON file of places: checked whole, stored whole, or refused with every problem."""
    user = await _editor(request)
    form = await request.form()
    upload = form.get("file")
    problems: list[str] = []
    if not isinstance(upload, UploadFile) or not upload.filename:
        problems = [_("Choose a GeoJSON file.")]
    else:
        data = await upload.read(MAX_GEOJSON_BYTES + 1)
        if len(data) > MAX_GEOJSON_BYTES:
            problems = [_("The file is larger than 5 MB.")]
        else:
            try:
                parsed = parse_collection(json.loads(data))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                problems = [_("The file is not JSON.")]
            except GeoJSONError as exc:
                problems = exc.problems
            else:
                result = await services.import_places(parsed, source=upload.filename, actor=user)
                url = plugin_context(request).url("manage") + f"?imported={result.created}"
                return redirect(request, url)
    page = await paginate(Place.all().order_by("name", "id"), page=1, per_page=PER_PAGE)
    context = {
        "page": page,
        "labels": {c.value: category_label(c) for c in Category},
        "errors": {"file": problems},
    }
    return await render(request, "eplesiran/manage/places.html", context, status_code=422)
