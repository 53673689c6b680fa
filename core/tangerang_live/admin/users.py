"""``/admin/users`` and ``/admin/officers/new``: accounts, officers' departments and permissions."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from tangerang_live.accounts import (
    FormErrors,
    create_officer,
    end_all_sessions,
    set_password,
    temporary_password,
    user_label,
)
from tangerang_live.admin.common import PER_PAGE, actor_of
from tangerang_live.audit import record_audit
from tangerang_live.auth import require_admin, target_problem
from tangerang_live.contracts import Permission
from tangerang_live.i18n import gettext as _
from tangerang_live.models import Department, Organisation, PermissionGrant, Role, User
from tangerang_live.pagination import page_param, paginate
from tangerang_live.portal import portal_of, render
from tangerang_live.route_access import ADMINS, declare_access, parse_id, sample_grant, sample_user
from tangerang_live.web import form_text


@require_admin
async def users(request: Request) -> Response:
    """Every account, newest first; search by name, email, phone or NIK; filter by role and
    department."""
    query = request.query_params.get("q", "").strip()[:100]
    role = request.query_params.get("role", "")
    found = User.all().order_by("-id")
    if query:
        # A longer query than a column holds cannot match it (and must not reach the database).
        matches = Q(full_name__icontains=query) | Q(email__icontains=query)
        phone = query.lstrip("0")
        if phone and len(phone) <= 20:
            matches |= Q(phone__contains=phone)
        if len(query) <= 16:
            matches |= Q(nik__startswith=query)
        found = found.filter(matches)
    if role in tuple(Role):
        found = found.filter(role=role)
    department = request.query_params.get("department", "")[:32]
    if department:
        found = found.filter(departments__code=department)
    page = await paginate(found, page=page_param(request), per_page=PER_PAGE)
    return await render(
        request,
        "admin/users.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "roles": list(Role),
            "department": department,
        },
        fragment="admin/_users_table.html",
    )


async def _declared_permissions(request: Request) -> list[Permission]:
    registry = portal_of(request).registry
    declared = await registry.collect("permissions", plugins=[r.name for r in registry.loaded()])
    return sorted(declared, key=lambda p: p.code)


async def _user_page(
    request: Request,
    user: User,
    *,
    notice: str = "",
    temporary: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    grants = await PermissionGrant.filter(user=user).prefetch_related("department", "organisation")
    return await render(
        request,
        "admin/user.html",
        {
            "account": user,
            "member_of": {d.id for d in await user.departments.all()},
            "departments": await Department.filter(is_active=True),
            "organisations": await Organisation.filter(is_active=True).order_by("plugin", "name"),
            "grants": sorted(grants, key=lambda g: (g.code, g.department_id or 0)),
            "permissions": await _declared_permissions(request),
            "notice": notice,
            "temporary_password": temporary,
            "errors": errors or {},
        },
        status_code=status_code,
    )


async def _user_or_404(request: Request) -> User:
    user = await User.get_or_none(id=request.path_params["user_id"])
    if user is None:
        raise HTTPException(404)
    return user


USER_NOTICES = {
    "activated": lambda: _("The account is active again."),
    "deactivated": lambda: _("The account is deactivated and signed out everywhere."),
    "signed_out": lambda: _("The account is signed out on every device."),
    "departments": lambda: _("Departments saved."),
    "granted": lambda: _("Permission granted."),
    "revoked": lambda: _("Permission revoked."),
}


@require_admin
async def user_detail(request: Request) -> Response:
    notice = USER_NOTICES.get(request.query_params.get("done", ""))
    return await _user_page(request, await _user_or_404(request), notice=notice() if notice else "")


def _back_to(user: User, done: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/users/{user.id}?done={done}", status_code=303)


@require_admin
async def set_active(request: Request) -> Response:
    """Deactivate (which also ends every session) or reactivate an account."""
    user = await _user_or_404(request)
    actor = await actor_of(request)
    active = (await form_text(request)).get("active") == "1"
    if user.id == actor["actor"].id and not active:
        error = {"active": _("You cannot deactivate your own account.")}
        return await _user_page(request, user, errors=error, status_code=400)
    async with in_transaction():
        await User.filter(id=user.id).update(is_active=active)
        await record_audit(
            "user.activate" if active else "user.deactivate", target=user_label(user), **actor
        )
    return _back_to(user, "activated" if active else "deactivated")


@require_admin
async def reset_password(request: Request) -> Response:
    """Give the account a new random password, shown once to the admin to hand over."""
    user = await _user_or_404(request)
    temporary = temporary_password()
    actor = await actor_of(request)
    await set_password(
        user, temporary, actor=actor["actor"], ip=actor["ip"], action="user.password_reset"
    )
    notice = _("The password is reset and the account is signed out everywhere.")
    return await _user_page(request, user, notice=notice, temporary=temporary)


@require_admin
async def sign_out_user(request: Request) -> Response:
    user = await _user_or_404(request)
    actor = await actor_of(request)
    await end_all_sessions(user, actor=actor["actor"], ip=actor["ip"])
    return _back_to(user, "signed_out")


@require_admin
async def set_departments(request: Request) -> Response:
    """Put an officer in exactly the ticked departments."""
    user = await _user_or_404(request)
    if user.role != Role.OFFICER:
        raise HTTPException(400)
    wanted_ids = {
        parse_id(v) for v in (await request.form()).getlist("department") if isinstance(v, str)
    } - {None}
    wanted = await Department.filter(id__in=wanted_ids)
    current = await user.departments.all()
    async with in_transaction():
        await user.departments.clear()
        if wanted:
            await user.departments.add(*wanted)
        await record_audit(
            "officer.departments",
            target=user_label(user),
            detail={
                "before": sorted(d.code for d in current),
                "after": sorted(d.code for d in wanted),
            },
            **await actor_of(request),
        )
    return _back_to(user, "departments")


@require_admin
async def grant_permission(request: Request) -> Response:
    """Grant a declared plugin permission: for all its work, or for one department, organisation
    or value of the plugin's own scope, as the permission declares."""
    user = await _user_or_404(request)
    form = await form_text(request)
    errors: dict[str, str] = {}
    if user.role != Role.OFFICER:
        errors["code"] = _("Only officers hold permissions; admins hold all of them.")
    code = form.get("code", "")
    declared = {p.code: p for p in await _declared_permissions(request)}
    if code not in declared:
        errors["code"] = _("Choose one of the permissions the services declare.")
    department = organisation = None
    if form.get("department"):
        department_id = parse_id(form["department"])
        if department_id is not None:
            department = await Department.get_or_none(id=department_id, is_active=True)
        if department is None:
            errors["department"] = _("Choose a department from the list.")
    if form.get("organisation"):
        organisation_id = parse_id(form["organisation"])
        if organisation_id is not None:
            organisation = await Organisation.get_or_none(id=organisation_id, is_active=True)
        if organisation is None:
            errors["organisation"] = _("Choose an organisation from the list.")
    scope = form.get("scope", "").strip()[:100] or None
    if not errors and (problem := target_problem(declared[code], department, organisation, scope)):
        errors[problem[0]] = problem[1]
    if not errors and await PermissionGrant.exists(
        user=user, code=code, department=department, organisation=organisation, scope=scope
    ):
        errors["code"] = _("The officer already holds this permission.")
    if errors:
        return await _user_page(request, user, errors=errors, status_code=400)
    async with in_transaction():
        await PermissionGrant.create(
            user=user, code=code, department=department, organisation=organisation, scope=scope
        )
        await record_audit(
            "permission.grant",
            target=user_label(user),
            detail={
                "code": code,
                "department": _scope(department),
                "organisation": organisation.code if organisation else None,
                "scope": scope,
            },
            **await actor_of(request),
        )
    return _back_to(user, "granted")


@require_admin
async def revoke_permission(request: Request) -> Response:
    user = await _user_or_404(request)
    grant = await PermissionGrant.get_or_none(
        id=request.path_params["grant_id"], user=user
    ).prefetch_related("department")
    if grant is None:
        raise HTTPException(404)
    async with in_transaction():
        await grant.delete()
        await record_audit(
            "permission.revoke",
            target=user_label(user),
            detail={
                "code": grant.code,
                "department": grant.department.code if grant.department else "*",
            },
            **await actor_of(request),
        )
    return _back_to(user, "revoked")


def _scope(department: Department | None) -> str:
    return department.code if department else "*"


# -- officers ---------------------------------------------------------------------------------

OFFICER_FIELDS = ("full_name", "email", "phone")


async def _officer_form(
    request: Request, values: dict[str, Any], errors: dict[str, str], status_code: int = 200
) -> Response:
    return await render(
        request,
        "admin/officer_new.html",
        {
            "values": values,
            "errors": errors,
            "departments": await Department.filter(is_active=True),
        },
        status_code=status_code,
    )


@require_admin
async def new_officer(request: Request) -> Response:
    """Create an officer account in some departments, with a temporary password shown once."""
    if request.method == "GET":
        return await _officer_form(request, {"departments": set()}, {})
    form = await request.form()
    values: dict[str, Any] = {f: str(form.get(f, "")).strip() for f in OFFICER_FIELDS}
    values["departments"] = {
        parse_id(v) for v in form.getlist("department") if isinstance(v, str)
    } - {None}
    try:
        account, temporary = await create_officer(values, await actor_of(request))
    except FormErrors as exc:
        return await _officer_form(request, values, exc.errors, status_code=400)
    return await _user_page(
        request,
        account,
        notice=_("The officer account is created."),
        temporary=temporary,
        status_code=201,
    )


def routes() -> list[BaseRoute]:
    done = ADMINS.but(admin=303)
    return [
        declare_access(
            Route("/admin/users", users, name="admin_users"),
            GET=ADMINS.but(params=("q", "role", "department", "page")),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}", user_detail, name="admin_user"),
            GET=ADMINS.but(params=("done",), sample=sample_user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/active", set_active, methods=["POST"]),
            POST=done.but(params=("active",), sample=sample_user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/password", reset_password, methods=["POST"]),
            POST=ADMINS.but(sample=sample_user),  # the page shows the new password once
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/sign-out", sign_out_user, methods=["POST"]),
            POST=done.but(sample=sample_user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/departments", set_departments, methods=["POST"]),
            # The sample is a citizen: only officers belong to departments.
            POST=ADMINS.but(admin=400, params=("department",), sample=sample_user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/grants", grant_permission, methods=["POST"]),
            POST=done.but(
                admin=400,
                params=("code", "department", "organisation", "scope"),
                sample=sample_user,
            ),
        ),
        declare_access(
            Route(
                "/admin/users/{user_id:int}/grants/{grant_id:int}/delete",
                revoke_permission,
                methods=["POST"],
            ),
            POST=done.but(sample=sample_grant),
        ),
        declare_access(
            Route(
                "/admin/officers/new", new_officer, methods=["GET", "POST"], name="admin_officer"
            ),
            GET=ADMINS,
            POST=ADMINS.but(admin=400, params=(*OFFICER_FIELDS, "department")),
        ),
    ]
