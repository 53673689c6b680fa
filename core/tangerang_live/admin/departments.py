"""``/admin/departments``: add, rename, close and reopen departments."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from tangerang_live.admin.common import PER_PAGE, actor_of
from tangerang_live.audit import record_audit
from tangerang_live.auth import require_admin
from tangerang_live.i18n import gettext as _
from tangerang_live.models import Department
from tangerang_live.pagination import page_param, paginate
from tangerang_live.portal import render
from tangerang_live.route_access import ADMINS, declare_access, sample_department
from tangerang_live.web import form_text

DEPARTMENT_CODE = re.compile(r"^[a-z][a-z0-9_-]{1,31}$")


async def _departments_page(
    request: Request,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    page = await paginate(
        Department.all().order_by("name"), page=page_param(request), per_page=PER_PAGE
    )
    counts = {
        d.id: await d.members.all().count()
        for d in page.items  # one small query per row: a page holds at most 25 departments
    }
    return await render(
        request,
        "admin/departments.html",
        {
            "page": page,
            "member_counts": counts,
            "values": values or {},
            "errors": errors or {},
            "saved": request.query_params.get("done") == "1",
        },
        status_code=status_code,
    )


def _department_errors(code: str | None, name: str) -> dict[str, str]:
    errors = {}
    if code is not None and not DEPARTMENT_CODE.match(code):
        errors["code"] = _(
            "Use 2 to 32 lower-case letters, digits, - or _, starting with a letter (e.g. pupr)."
        )
    if not 3 <= len(name) <= 200:
        errors["name"] = _("Write the department's official name.")
    return errors


@require_admin
async def departments(request: Request) -> Response:
    """List departments (GET) or add one (POST)."""
    if request.method == "GET":
        return await _departments_page(request)
    form = await form_text(request)
    code, name = form.get("code", "").strip().lower(), " ".join(form.get("name", "").split())
    errors = _department_errors(code, name)
    if not errors and await Department.exists(code=code):
        errors["code"] = _("A department with this code already exists.")
    if errors:
        values = {"code": code, "name": name}
        return await _departments_page(request, values=values, errors=errors, status_code=400)
    try:
        async with in_transaction():
            await Department.create(code=code, name=name)
            await record_audit(
                "department.create", target=code, detail={"name": name}, **await actor_of(request)
            )
    except IntegrityError:
        errors = {"code": _("A department with this code already exists.")}
        return await _departments_page(
            request, values={"code": code, "name": name}, errors=errors, status_code=400
        )
    return RedirectResponse("/admin/departments?done=1", status_code=303)


@require_admin
async def update_department(request: Request) -> Response:
    """Rename a department, or close or reopen it (its history stays)."""
    department = await Department.get_or_none(id=request.path_params["department_id"])
    if department is None:
        raise HTTPException(404)
    form = await form_text(request)
    name = " ".join(form.get("name", department.name).split())
    active = form.get("active", "1" if department.is_active else "0") == "1"
    errors = _department_errors(None, name)
    if errors:
        return await _departments_page(request, errors=errors, status_code=400)
    async with in_transaction():
        await Department.filter(id=department.id).update(name=name, is_active=active)
        await record_audit(
            "department.update",
            target=department.code,
            detail={"name": name, "active": active},
            **await actor_of(request),
        )
    return RedirectResponse("/admin/departments?done=1", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/admin/departments", departments, methods=["GET", "POST"], name="admin_depts"),
            GET=ADMINS,
            POST=ADMINS.but(admin=400, params=("code", "name")),
        ),
        declare_access(
            Route("/admin/departments/{department_id:int}", update_department, methods=["POST"]),
            POST=ADMINS.but(admin=303, params=("name", "active"), sample=sample_department),
        ),
    ]
