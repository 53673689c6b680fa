"""``/admin/holidays``: the public holidays that working-day deadlines skip."""

from __future__ import annotations

from datetime import UTC, date, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from tangerang_live.audit import record_audit
from tangerang_live.auth import current_user, require_admin
from tangerang_live.i18n import gettext as _
from tangerang_live.portal import render
from tangerang_live.route_access import ADMINS, declare_access, sample_holiday
from tangerang_live.service_models import PublicHoliday
from tangerang_live.web import client_ip
from tangerang_live.workdays import city_date, forget_cached_holidays


def _year_param(request: Request, default: int) -> int:
    value = request.query_params.get("year", "")
    if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return default


async def _holidays_page(
    request: Request,
    year: int,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    holidays = await PublicHoliday.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    return await render(
        request,
        "admin/holidays.html",
        {
            "year": year,
            "holidays": holidays,
            "errors": errors or {},
            "form": form or {},
            "weekday_names": [
                _("Monday"),
                _("Tuesday"),
                _("Wednesday"),
                _("Thursday"),
                _("Friday"),
                _("Saturday"),
                _("Sunday"),
            ],
        },
        status_code=status_code,
    )


def _validate_holiday(form: dict[str, str]) -> tuple[date | None, dict[str, str]]:
    errors: dict[str, str] = {}
    day: date | None = None
    try:
        day = date.fromisoformat(form["date"])
    except ValueError:
        errors["date"] = _("Enter a date such as 2026-08-17.")
    else:
        if not 2000 <= day.year <= 2100:
            errors["date"] = _("Enter a date between the years 2000 and 2100.")
    if not form["name"]:
        errors["name"] = _("Enter the name of the holiday.")
    elif len(form["name"]) > 200:
        errors["name"] = _("The name may have at most 200 characters.")
    return day, errors


@require_admin
async def holidays_page(request: Request) -> Response:
    """``/admin/holidays``: the holidays of one year, and a form to add one."""
    this_year = city_date(datetime.now(UTC)).year
    if request.method == "GET":
        return await _holidays_page(request, _year_param(request, this_year))
    submitted = await request.form()
    form = {k: str(submitted.get(k, "")).strip() for k in ("date", "name")}
    day, errors = _validate_holiday(form)
    year = day.year if day and not errors else _year_param(request, this_year)
    if day and not errors:
        user = await current_user(request)
        try:
            async with in_transaction():
                holiday = await PublicHoliday.create(date=day, name=form["name"])
                await record_audit(
                    "holiday.added",
                    target=day.isoformat(),
                    actor=user,
                    ip=client_ip(request),
                    detail={"name": holiday.name},
                )
        except IntegrityError:
            errors["date"] = _("This date is already a holiday.")
        else:
            forget_cached_holidays()
            return RedirectResponse(f"/admin/holidays?year={year}", status_code=303)
    return await _holidays_page(request, year, errors=errors, form=form, status_code=400)


@require_admin
async def delete_holiday(request: Request) -> Response:
    holiday = await PublicHoliday.get_or_none(id=request.path_params["holiday_id"])
    if holiday is None:
        raise HTTPException(404)
    async with in_transaction():
        await holiday.delete()
        await record_audit(
            "holiday.deleted",
            target=holiday.date.isoformat(),
            actor=await current_user(request),
            ip=client_ip(request),
            detail={"name": holiday.name},
        )
    forget_cached_holidays()
    return RedirectResponse(f"/admin/holidays?year={holiday.date.year}", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/admin/holidays", holidays_page, methods=["GET", "POST"]),
            GET=ADMINS.but(params=("year",)),
            POST=ADMINS.but(admin=400, params=("year", "date", "name")),
        ),
        declare_access(
            Route(
                "/admin/holidays/{holiday_id:int}/delete",
                delete_holiday,
                methods=["POST"],
                name="admin_holiday_delete",
            ),
            POST=ADMINS.but(admin=303, sample=sample_holiday),
        ),
    ]
