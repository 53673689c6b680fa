"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) under LAKSA's ``open311/v2/``.

Every resource answers in JSON (``.json``) or XML (``.xml``), errors too, in the spec's shape.
Clients authenticate by ``api_key`` (only POST needs one); this API never reads the session
cookie, so the host exempts it from CSRF checks. Privacy rules are those of the public pages:
confidential reports do not exist here, and no reporter's identity ever leaves.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tangerang_live import (
    Access,
    absolute_url,
    declare_access,
    file_url,
    parse_id,
    plugin_context,
)
from tortoise.queryset import QuerySet

from laksa import forms, samples, services, tracking
from laksa.models import KECAMATAN, ApiKey, Category, Photo, Privacy, Report, Source, TimelineEvent
from laksa.services import CITY_ZONE, NewReport
from laksa.workflow import Status, open311_status, open311_statuses

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-27T00:00:00+07:00"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
"""Requests come a page at a time (``page``, ``page_size``), as on other GeoReport servers."""
MAX_PAGE = 10_000
MAX_DAYS = 90
"""The widest ``start_date``..``end_date`` range, and the one used when none is given."""
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
CODE_LENGTH = 50
KECAMATAN_ATTRIBUTE = "kecamatan"
FORMATS = {"json": "application/json", "xml": "text/xml"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# -- output --------------------------------------------------------------------------------------


# Characters XML 1.0 cannot carry at all, even escaped: a report's text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, list):
        child_tag = tag[:-1] if tag.endswith("s") else "item"
        for item in value:
            _xml_value(element, child_tag, item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _xml_text(str(value))


def to_xml(root: str, item: str | None, data: Any) -> bytes:
    """The spec's XML: ``data`` is a list of ``item`` elements under ``root``, or one object."""
    element = ET.Element(root)
    rows = data if isinstance(data, list) else [data]
    for row in rows:
        target = ET.SubElement(element, item) if item else element
        for key, value in row.items():
            _xml_value(target, key, value)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>'
        + ET.tostring(element, encoding="unicode").encode()
    )


def respond(fmt: str, root: str, item: str | None, data: Any, status: int = 200) -> Response:
    if fmt == "xml":
        return Response(to_xml(root, item, data), status_code=status, media_type=FORMATS["xml"])
    return JSONResponse(data, status_code=status)


def error(fmt: str, status: int, description: str) -> Response:
    return respond(fmt, "errors", "error", [{"code": status, "description": description}], status)


def _format(request: Request) -> str:
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        raise Open311Error(404, "Unknown format: use .json or .xml")
    return fmt


Handler = Callable[[Request, str], Awaitable[Response]]


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Turn :class:`Open311Error` into the spec's error list, in the format asked for."""

    async def wrapped(request: Request) -> Response:
        fmt = request.path_params.get("fmt", "json")
        try:
            return await handler(request, _format(request))
        except Open311Error as exc:
            return error(fmt if fmt in FORMATS else "json", exc.status, exc.description)

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


def w3c(moment: datetime | None) -> str | None:
    return moment.astimezone(CITY_ZONE).isoformat(timespec="seconds") if moment else None


# -- services ------------------------------------------------------------------------------------


def service_json(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name_id,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.department.name,
    }


def attributes_of(category: Category) -> list[dict[str, Any]]:
    """The service definition's questions: where (kecamatan) first, then the category's own."""
    kecamatan = {
        "variable": True,
        "code": KECAMATAN_ATTRIBUTE,
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": "Kecamatan (district) of Kota Tangerang",
        "order": 1,
        "description": "Kecamatan",
        "values": [{"key": k, "name": k} for k in KECAMATAN],
    }
    own = [
        {
            "variable": True,
            "code": a["code"],
            "datatype": a.get("datatype", "string"),
            "required": bool(a.get("required", False)),
            "datatype_description": a.get("datatype_description", ""),
            "order": index + 2,
            "description": a.get("description", ""),
            **({"values": a["values"]} if a.get("values") else {}),
        }
        for index, a in enumerate(category.attributes)
    ]
    return [kecamatan, *own]


@endpoint
async def discovery(request: Request, fmt: str) -> Response:
    """Where the API lives and what it speaks."""
    plugin = plugin_context(request)
    data = {
        "changeset": CHANGESET,
        "contact": "Diskominfo Kota Tangerang, Tangerang Live Room",
        "key_service": plugin.absolute_url("keys"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                # The endpoint is the folder that holds this discovery document.
                "url": plugin.absolute_url("open311_discovery", fmt=fmt).rsplit("/", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": list(FORMATS.values()),
            }
        ],
    }
    if fmt == "xml":
        body = to_xml("discovery", None, data)
        return Response(body, media_type=FORMATS["xml"])
    return JSONResponse(data)


@endpoint
async def services_list(request: Request, fmt: str) -> Response:
    categories = await Category.filter(is_active=True).select_related("department")
    return respond(fmt, "services", "service", [service_json(c) for c in categories])


async def _category(code: str) -> Category:
    if not code:
        raise Open311Error(400, "service_code is required")
    if len(code) > CODE_LENGTH:
        raise Open311Error(404, "Service code was not found")
    category = await Category.get_or_none(code=code, is_active=True).select_related("department")
    if category is None:
        raise Open311Error(404, f"Service code {code} was not found")
    return category


@endpoint
async def service_definition(request: Request, fmt: str) -> Response:
    category = await _category(request.path_params["code"])
    data = {"service_code": category.code, "attributes": attributes_of(category)}
    if fmt == "xml":
        return Response(to_xml("service_definition", None, data), media_type=FORMATS["xml"])
    return JSONResponse(data)


# -- requests ------------------------------------------------------------------------------------


@dataclass
class Timelines:
    """What the requests' timelines add: the latest public note, the last change, a photo."""

    notes: dict[int, str] = field(default_factory=dict)
    updated: dict[int, datetime] = field(default_factory=dict)
    media: dict[int, Photo] = field(default_factory=dict)


def request_json(request: Request, report: Report, timelines: Timelines) -> dict[str, Any]:
    """One request in the spec's fields: no reporter, no contact, no hidden text."""
    hidden = report.text_hidden
    photo = timelines.media.get(report.id)
    expected = datetime.combine(report.due_on, time(16, 0), CITY_ZONE) if report.due_on else None
    return {
        "service_request_id": report.tracking_number,
        "status": open311_status(report.status),
        "status_notes": timelines.notes.get(report.id, ""),
        "service_name": report.category.name_id,
        "service_code": report.category.code,
        "description": "" if hidden else report.description,
        "agency_responsible": report.department.name,
        "service_notice": "",
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(timelines.updated.get(report.id, report.updated_at)),
        "expected_datetime": w3c(expected),
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.latitude,
        "long": report.longitude,
        "media_url": absolute_url(file_url(photo.file)) if photo else "",
    }


async def _render_requests(request: Request, fmt: str, reports: list[Report]) -> Response:
    """Requests with their latest public note, last change and first visible photo: three
    queries, whatever the number of requests."""
    ids = [r.id for r in reports]
    timelines = Timelines()
    events = (
        await TimelineEvent.filter(report_id__in=ids)
        .order_by("id")
        .values("report_id", "note", "internal", "hidden_reason", "at")
    )
    for event in events:
        timelines.updated[event["report_id"]] = event["at"]
        if event["note"] and not event["internal"] and not event["hidden_reason"]:
            timelines.notes[event["report_id"]] = event["note"]
    for photo in await Photo.filter(report_id__in=ids, hidden_reason="").select_related("file"):
        timelines.media.setdefault(photo.report_id, photo)
    data = [request_json(request, r, timelines) for r in reports]
    return respond(fmt, "service_requests", "request", data)


def _listed() -> QuerySet[Report]:
    return Report.filter(listed=True).select_related("category", "department")


def _date_param(params: Mapping[str, str], name: str) -> datetime | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Open311Error(400, f"{name} must be a date in W3C format") from exc
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise Open311Error(400, f"{name} must lie between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment if moment.tzinfo else moment.replace(tzinfo=CITY_ZONE)


def _date_range(params: Mapping[str, str]) -> tuple[datetime, datetime]:
    """The ``start_date``..``end_date`` asked for, at most 90 days wide (the spec's example
    limit); the last 90 days when neither is given, 90 days from the one given otherwise."""
    start, end = _date_param(params, "start_date"), _date_param(params, "end_date")
    window = timedelta(days=MAX_DAYS)
    if start is not None and end is not None:
        if end - start > window:
            raise Open311Error(400, f"The date range may span at most {MAX_DAYS} days")
        return start, end
    if start is not None:
        return start, start + window
    end = end or datetime.now(UTC)
    return end - window, end


def _bounded_int(params: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    value = params.get(name, "").strip()
    if not value:
        return default
    if parse_id(value) is None or not 1 <= int(value) <= maximum:
        raise Open311Error(400, f"{name} must be a whole number from 1 to {maximum}")
    return int(value)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


async def get_requests(request: Request, fmt: str) -> Response:
    """Search requests; ``service_request_id`` wins over every other parameter, as the spec says."""
    params = request.query_params
    if params.get("service_request_id"):
        asked = _split(params["service_request_id"])
        if len(asked) > MAX_PAGE_SIZE:
            raise Open311Error(400, f"Ask for at most {MAX_PAGE_SIZE} service_request_id")
        numbers = [tracking.normalise(n) for n in asked]
        found = await _listed().filter(tracking_number__in=[n for n in numbers if n])
        return await _render_requests(request, fmt, list(found))
    reports = _listed()
    if params.get("service_code"):
        reports = reports.filter(category__code__in=_split(params["service_code"]))
    if params.get("status"):
        wanted: set[Status] = set()
        for value in _split(params["status"]):
            if value not in ("open", "closed"):
                raise Open311Error(400, "status must be open or closed")
            wanted |= open311_statuses(value)
        reports = reports.filter(status__in=list(wanted))
    start, end = _date_range(params)
    page = _bounded_int(params, "page", 1, MAX_PAGE)
    page_size = _bounded_int(params, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    rows = (
        await reports.filter(created_at__gte=start, created_at__lte=end)
        .order_by("-id")
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return await _render_requests(request, fmt, list(rows))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> tuple[str, str]:
    """A fresh key and its hash: the key is shown once, only the hash is kept."""
    key = secrets.token_urlsafe(32)
    return key, _hash(key)


async def _check_key(key: str) -> ApiKey:
    found = await ApiKey.get_or_none(key_hash=_hash(key), revoked_at=None) if key else None
    if found is None:
        raise Open311Error(403, "Invalid api_key")
    await ApiKey.filter(id=found.id).update(last_used_at=datetime.now(UTC))
    return found


def _attribute_values(form: Mapping[str, str]) -> dict[str, str]:
    return {
        key[len("attribute[") : -1]: value.strip()
        for key, value in form.items()
        if key.startswith("attribute[") and key.endswith("]")
    }


def _check_attributes(category: Category, given: dict[str, str]) -> dict[str, str]:
    """The answered attributes, or a 400 naming the first one missing or not allowed."""
    answers: dict[str, str] = {}
    for attribute in attributes_of(category):
        code, value = attribute["code"], given.get(attribute["code"], "")
        if not value:
            if attribute["required"]:
                raise Open311Error(400, f"attribute[{code}] is required")
            continue
        allowed = {str(v["key"]) for v in attribute.get("values", [])}
        if allowed and value not in allowed:
            raise Open311Error(400, f"attribute[{code}] must be one of the listed values")
        answers[code] = value[:200]
    return answers


async def post_request(request: Request, fmt: str) -> Response:
    """Create a service request; answer its id (our tracking number) once it is committed."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    key = await _check_key(form.get("api_key", ""))
    limit = int(plugin_context(request).settings[services.OPEN311_PER_KEY_PER_HOUR])
    if await services.sent_within_the_hour(api_key=key) >= limit:
        raise Open311Error(429, f"This api_key may send {limit} requests an hour; try again later")
    category = await _category(form.get("service_code", ""))
    answers = _check_attributes(category, _attribute_values(form))
    errors: dict[str, str] = {}
    address = " ".join(form.get("address_string", "").split())
    lat, lon = forms.check_location(
        form.get("lat", "").strip(), form.get("long", "").strip(), address, errors
    )
    if errors:
        raise Open311Error(400, "lat/long inside Kota Tangerang or address_string is required")
    description = form.get("description", "").strip()[: forms.DESCRIPTION_LENGTH[1]]
    title = forms.derive_title(description, category.name_id)
    contact = {
        k: form[k][:254]
        for k in ("first_name", "last_name", "email", "phone", "device_id", "account_id")
        if form.get(k)
    }
    extra = {k: v for k, v in answers.items() if k != KECAMATAN_ATTRIBUTE}
    new = NewReport(
        category=category,
        title=title,
        description=description or category.name_id,
        kecamatan=answers[KECAMATAN_ATTRIBUTE],
        privacy=Privacy.ANONYMOUS,
        latitude=lat,
        longitude=lon,
        address=address,
    )
    report = await services.submit_report(
        new,
        reporter=None,
        source=Source.OPEN311,
        contact={**contact, "attributes": extra},
        api_key=key,
    )
    data = [
        {
            "service_request_id": report.tracking_number,
            "service_notice": "Verified by the Tangerang Live Room within 3 working days",
            "account_id": form.get("account_id") or None,
        }
    ]
    return respond(fmt, "service_requests", "request", data, status=201)


@endpoint
async def requests(request: Request, fmt: str) -> Response:
    if request.method == "POST":
        return await post_request(request, fmt)
    return await get_requests(request, fmt)


async def not_found(request: Request) -> Response:
    """Any other address under the API's prefix: the spec's error, not the portal's page."""
    fmt = "xml" if request.url.path.endswith(".xml") else "json"
    return error(fmt, 404, "There is no such resource")


@endpoint
async def one_request(request: Request, fmt: str) -> Response:
    number = tracking.normalise(request.path_params["id"])
    report = await _listed().get_or_none(tracking_number=number) if number else None
    if report is None:
        raise Open311Error(404, "Service request was not found")
    return await _render_requests(request, fmt, [report])


OPEN = Access.EVERYONE
SEARCH = (
    "service_request_id", "service_code", "status", "start_date", "end_date", "page", "page_size",
)  # fmt: skip
ANSWERS = (
    "api_key", "service_code", "lat", "long", "address_string", "description", "first_name",
    "last_name", "email", "phone", "device_id", "account_id", "attribute[kecamatan]",
)  # fmt: skip

MISSING = OPEN.but(anonymous=404, citizen=404, officer=404, admin=404, sample=samples.unknown)

routes = [
    declare_access(
        Route("/open311/v2/discovery.{fmt}", discovery, name="open311_discovery"),
        GET=OPEN.but(sample=samples.category),
    ),
    declare_access(
        Route("/open311/v2/services.{fmt}", services_list, name="open311_services"),
        GET=OPEN.but(sample=samples.category),
    ),
    declare_access(
        Route("/open311/v2/services/{code}.{fmt}", service_definition, name="open311_service"),
        GET=OPEN.but(sample=samples.category),
    ),
    declare_access(
        Route(
            "/open311/v2/requests.{fmt}", requests, methods=["GET", "POST"], name="open311_requests"
        ),
        GET=OPEN.but(params=SEARCH, sample=samples.category),
        # No session counts here: without a valid api_key everyone is refused alike.
        POST=OPEN.but(
            anonymous=403,
            citizen=403,
            officer=403,
            admin=403,
            params=ANSWERS,
            sample=samples.category,
        ),
    ),  # fmt: skip
    declare_access(
        Route("/open311/v2/requests/{id}.{fmt}", one_request, name="open311_request"),
        # The sample is confidential: it does not exist here, for anyone.
        GET=OPEN.but(anonymous=404, citizen=404, officer=404, admin=404, sample=samples.report),
    ),
    declare_access(
        Route("/open311/{rest:path}", not_found, methods=["GET", "POST"], name="open311_not_found"),
        GET=MISSING,
        POST=MISSING,
    ),
]
