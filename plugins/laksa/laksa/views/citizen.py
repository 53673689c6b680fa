"""Pages for signed-in citizens: filing a report, "me too", reopening, rating, their reports."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tangerang_live import (
    Role,
    UploadError,
    current_user,
    cursor_param,
    paginate_keyset,
    parse_id,
    plugin_context,
    redirect,
    render,
    require_role,
)
from tangerang_live import gettext as _

from laksa import access, services
from laksa.forms import parse_float, suggested_kecamatan, validate_report
from laksa.models import KECAMATAN, Category, NameShown, Privacy, Report
from laksa.services import MAX_PHOTOS, RuleError
from laksa.views.common import (
    badge,
    form_files,
    form_strings,
    form_text,
    render_report,
    report_or_404,
)
from laksa.workflow import IllegalTransition

MINE_PER_PAGE = 20


def _report_url(request: Request, report: Report) -> str:
    return plugin_context(request).url("report", number=report.tracking_number)


async def _form_page(
    request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> Response:
    """The report form; sent back with errors it answers 422 (429 when over the hourly limit),
    the values typed kept."""
    categories = await Category.filter(is_active=True).select_related("department")
    user = await current_user(request)
    context = {
        "first_name": user.full_name.split()[0] if user and user.full_name.split() else "",
        "values": values,
        "errors": errors,
        "categories": categories,
        "kecamatan": KECAMATAN,
        "privacies": list(Privacy),
        "max_photos": MAX_PHOTOS,
    }
    return await render(request, "laksa/new.html", context, status_code=status_code)


@require_role(Role.CITIZEN, reason="report")
async def new_report(request: Request) -> Response:
    """The report form; on success the tracking number, shown only after the commit."""
    if request.method == "GET":
        return await _form_page(
            request, {"privacy": Privacy.PUBLIC, "name_shown": NameShown.KECAMATAN}, {}
        )
    form = await request.form()
    values = form_strings(form)
    reporter = await current_user(request)
    limit = int(plugin_context(request).settings[services.REPORTS_PER_HOUR])
    if await services.sent_within_the_hour(reporter=reporter) >= limit:
        message = _(
            "You have sent %(n)s reports in the last hour. Please send this one a little later.",
            n=limit,
        )
        return await _form_page(request, values, {"form": message}, status_code=429)
    new, errors = await validate_report(values)
    photos = form_files(form)
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("At most %(n)s photos.", n=MAX_PHOTOS)
    if new is None or errors:
        return await _form_page(request, values, errors, status_code=422)
    try:
        report = await services.submit_report(new, reporter=reporter, photos=photos)
    except UploadError as exc:
        errors["photos"] = exc.message
        return await _form_page(request, values, errors, status_code=422)
    return redirect(request, _report_url(request, report) + "?sent=1")


async def nearby(request: Request) -> Response:
    """Open reports of the chosen category within 250 m of the pin (an htmx fragment)."""
    params = request.query_params
    reports: list[Report] = []
    category_id = parse_id(params.get("category"))
    latitude = parse_float(params.get("latitude", ""))
    longitude = parse_float(params.get("longitude", ""))
    if (
        category_id is not None
        and latitude is not None
        and longitude is not None
        and abs(latitude) <= 90
        and abs(longitude) <= 180
    ):
        reports = await services.nearby_open_reports(category_id, latitude, longitude)
    context = {"nearby": reports, "badges": {r.id: badge(r.status) for r in reports}}
    return await render(request, "laksa/_nearby.html", context)


async def kecamatan(request: Request) -> Response:
    """The form's kecamatan choice, with the one the pin lies in chosen (an htmx fragment):
    the host's nearest kecamatan, which the citizen may still change."""
    params = request.query_params
    chosen = suggested_kecamatan(
        parse_float(params.get("latitude", "")), parse_float(params.get("longitude", ""))
    )
    values = {"kecamatan": chosen or params.get("kecamatan", "")}
    context = {"values": values, "errors": {}, "kecamatan": KECAMATAN}
    return await render(request, "laksa/_kecamatan.html", context)


@require_role(Role.CITIZEN)
async def support(request: Request) -> Response:
    """ "I am affected too": from the report page a redirect back to it; from the form's
    nearby box (htmx) the thanks in place of the button, the form left as typed."""
    report = await report_or_404(request.path_params["number"])
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    await services.support(report, user)
    if request.headers.get("hx-request"):
        return await render(request, "laksa/_supported.html", {"report": report})
    return redirect(request, _report_url(request, report) + "?supported=1")


async def _report_with_error(
    request: Request, report: Report, field: str, message: str
) -> Response:
    """The report page again, with the error beside the form the reporter sent."""
    values = form_strings(await request.form())
    return await render_report(request, report, errors={field: message}, values=values)


async def _own_report(request: Request) -> Report:
    """The report in the path, when the signed-in citizen filed it; 403 otherwise."""
    report = await report_or_404(request.path_params["number"])
    if not access.is_reporter(await current_user(request), report):
        raise HTTPException(403)
    return report


@require_role(Role.CITIZEN)
async def reopen(request: Request) -> Response:
    report = await _own_report(request)
    form = await request.form()
    note = form_text(form, "note")
    if not note:
        return await _report_with_error(
            request, report, "reopen", _("Say why the problem is not solved.")
        )
    reporter = await current_user(request)
    assert reporter is not None  # require_role let only a signed-in user in
    try:
        await services.reopen(
            report, reporter=reporter, note=note, url=_report_url(request, report)
        )
    except (RuleError, IllegalTransition) as exc:
        message = (
            exc.message if isinstance(exc, RuleError) else _("This report cannot be reopened.")
        )
        return await _report_with_error(request, report, "reopen", message)
    return redirect(request, _report_url(request, report))


@require_role(Role.CITIZEN)
async def rate(request: Request) -> Response:
    report = await _own_report(request)
    form = await request.form()
    value = form_text(form, "rating")
    if value not in {"1", "2", "3", "4", "5"}:
        return await _report_with_error(request, report, "rating", _("Choose 1 to 5 stars."))
    reporter = await current_user(request)
    assert reporter is not None  # require_role let only a signed-in user in
    try:
        await services.rate(
            report,
            reporter=reporter,
            rating=int(value),
            comment=form_text(form, "comment"),
        )
    except RuleError as exc:
        return await _report_with_error(request, report, "rating", exc.message)
    return redirect(request, _report_url(request, report))


@require_role(Role.CITIZEN)
async def mine(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None  # require_role let only a signed-in user in
    page = await paginate_keyset(
        Report.filter(reporter_id=user.id).select_related("category"),
        after=cursor_param(request, "after"),
        before=cursor_param(request, "before"),
        per_page=MINE_PER_PAGE,
    )
    context = {"page": page, "badges": {r.id: badge(r.status) for r in page.items}}
    return await render(request, "laksa/mine.html", context)
