"""Admin pages: plugins, users, departments, officers and their permissions, themes, audit log.

Every page here is for admins only (``require_admin``), and every change is written to the audit
log in the same transaction as the change itself.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from tangerang_live import route_access
from tangerang_live.accounts import (
    FormErrors,
    InvalidInput,
    client_ip,
    end_all_sessions,
    normalize_email,
    normalize_phone,
    set_password,
    temporary_password,
)
from tangerang_live.audit import record_audit
from tangerang_live.auth import current_user, hash_password, require_admin
from tangerang_live.contracts import Permission
from tangerang_live.i18n import gettext as _
from tangerang_live.models import AuditEntry, Department, PermissionGrant, Role, User
from tangerang_live.pagination import cursor_param, page_param, paginate, paginate_keyset
from tangerang_live.portal import portal_of
from tangerang_live.registry import PluginStateError
from tangerang_live.route_access import ADMINS, declare_access, parse_id
from tangerang_live.templating import render

USERS_PER_PAGE = 25
AUDIT_PER_PAGE = 50
DEPARTMENT_CODE = re.compile(r"^[a-z][a-z0-9_-]{1,31}$")


async def _actor(request: Request) -> dict[str, Any]:
    """Who acts and from where, as the audit log wants it."""
    user = await current_user(request)
    assert user is not None  # every page here is behind require_admin
    return {"actor": user, "actor_label": user.email or user.full_name, "ip": client_ip(request)}


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


@require_admin
async def index(request: Request) -> Response:
    counts = {
        "citizens": await User.filter(role=Role.CITIZEN).count(),
        "officers": await User.filter(role=Role.OFFICER).count(),
        "departments": await Department.filter(is_active=True).count(),
    }
    return await render(request, "admin/index.html", {"counts": counts})


# -- plugins -------------------------------------------------------------------------------------


async def _plugins_page(
    request: Request, *, message: str = "", error: str = "", status_code: int = 200
) -> Response:
    registry = portal_of(request).registry
    failures: dict[str, list[str]] = {}
    for failure in registry.hook_failures.values():
        failures.setdefault(failure.plugin, []).append(
            _(
                "%(where)s failed %(count)s times, last: %(error)s",
                where=failure.hook,
                count=failure.count,
                error=failure.error,
            )
        )
    return await render(
        request,
        "admin/plugins.html",
        {
            "records": list(registry.records.values()),
            "hook_failures": failures,
            "message": message,
            "error": error,
        },
        status_code=status_code,
        fragment="admin/_plugins_table.html",
    )


@require_admin
async def plugins(request: Request) -> Response:
    return await _plugins_page(request)


@require_admin
async def toggle_plugin(request: Request) -> Response:
    portal = portal_of(request)
    name = request.path_params["name"]
    form = await request.form()
    enable = form.get("action") == "enable"
    try:
        await portal.registry.set_enabled(name, enable, **await _actor(request))
    except PluginStateError as exc:
        return await _plugins_page(request, error=str(exc), status_code=409)
    await portal.registry.run_toggle_hook(name, enable, request.app)
    message = (
        _("%(name)s is enabled.", name=name) if enable else _("%(name)s is disabled.", name=name)
    )
    if request.headers.get("hx-request"):
        return await _plugins_page(request, message=message)
    return RedirectResponse(f"/admin/plugins?done={name}", status_code=303)


# -- users ---------------------------------------------------------------------------------------


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
    page = await paginate(found, page=page_param(request), per_page=USERS_PER_PAGE)
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
    grants = await PermissionGrant.filter(user=user).prefetch_related("department")
    return await render(
        request,
        "admin/user.html",
        {
            "account": user,
            "member_of": {d.id for d in await user.departments.all()},
            "departments": await Department.filter(is_active=True),
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
    actor = await _actor(request)
    active = (await _form(request)).get("active") == "1"
    if user.id == actor["actor"].id and not active:
        error = {"active": _("You cannot deactivate your own account.")}
        return await _user_page(request, user, errors=error, status_code=400)
    async with in_transaction():
        await User.filter(id=user.id).update(is_active=active)
        await record_audit(
            "user.activate" if active else "user.deactivate", target=_label(user), **actor
        )
    return _back_to(user, "activated" if active else "deactivated")


@require_admin
async def reset_password(request: Request) -> Response:
    """Give the account a new random password, shown once to the admin to hand over."""
    user = await _user_or_404(request)
    temporary = temporary_password()
    actor = await _actor(request)
    await set_password(
        user, temporary, actor=actor["actor"], ip=actor["ip"], action="user.password_reset"
    )
    notice = _("The password is reset and the account is signed out everywhere.")
    return await _user_page(request, user, notice=notice, temporary=temporary)


@require_admin
async def sign_out_user(request: Request) -> Response:
    user = await _user_or_404(request)
    actor = await _actor(request)
    await end_all_sessions(user, actor=actor["actor"], ip=actor["ip"])
    return _back_to(user, "signed_out")


@require_admin
async def set_departments(request: Request) -> Response:
    """Put an officer in exactly the ticked departments."""
    user = await _user_or_404(request)
    if user.role != Role.OFFICER:
        raise HTTPException(400)
    wanted_ids = {parse_id(v) for v in (await request.form()).getlist("department")} - {None}
    wanted = await Department.filter(id__in=wanted_ids)
    current = await user.departments.all()
    async with in_transaction():
        await user.departments.clear()
        if wanted:
            await user.departments.add(*wanted)
        await record_audit(
            "officer.departments",
            target=_label(user),
            detail={
                "before": sorted(d.code for d in current),
                "after": sorted(d.code for d in wanted),
            },
            **await _actor(request),
        )
    return _back_to(user, "departments")


@require_admin
async def grant_permission(request: Request) -> Response:
    """Grant a declared plugin permission, for one department or for all of them."""
    user = await _user_or_404(request)
    form = await _form(request)
    errors: dict[str, str] = {}
    if user.role != Role.OFFICER:
        errors["code"] = _("Only officers hold permissions; admins hold all of them.")
    code = form.get("code", "")
    if code not in {p.code for p in await _declared_permissions(request)}:
        errors["code"] = _("Choose one of the permissions the services declare.")
    department = None
    if form.get("department"):
        department_id = parse_id(form["department"])
        if department_id is not None:
            department = await Department.get_or_none(id=department_id, is_active=True)
        if department is None:
            errors["department"] = _("Choose a department from the list.")
    if not errors and await PermissionGrant.exists(user=user, code=code, department=department):
        errors["code"] = _("The officer already holds this permission.")
    if errors:
        return await _user_page(request, user, errors=errors, status_code=400)
    async with in_transaction():
        await PermissionGrant.create(user=user, code=code, department=department)
        await record_audit(
            "permission.grant",
            target=_label(user),
            detail={"code": code, "department": _scope(department)},
            **await _actor(request),
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
            target=_label(user),
            detail={
                "code": grant.code,
                "department": grant.department.code if grant.department else "*",
            },
            **await _actor(request),
        )
    return _back_to(user, "revoked")


def _label(user: User) -> str:
    return user.email or user.phone or f"#{user.id}"


def _scope(department: Department | None) -> str:
    return department.code if department else "*"


# -- officers ------------------------------------------------------------------------------------

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
    values["departments"] = {parse_id(v) for v in form.getlist("department")} - {None}
    try:
        account, temporary = await _create_officer(values, await _actor(request))
    except FormErrors as exc:
        return await _officer_form(request, values, exc.errors, status_code=400)
    return await _user_page(
        request,
        account,
        notice=_("The officer account is created."),
        temporary=temporary,
        status_code=201,
    )


async def _create_officer(values: dict[str, Any], actor: dict[str, Any]) -> tuple[User, str]:
    """The new officer and their temporary password (shown once, never stored in clear)."""
    errors: dict[str, str] = {}
    name = " ".join(values["full_name"].split())
    if not 2 <= len(name) <= 200:
        errors["full_name"] = _("Write the officer's full name.")
    email = phone = None
    try:
        email = normalize_email(values["email"])
    except InvalidInput as exc:
        errors["email"] = str(exc)
    if values["phone"]:
        try:
            phone = normalize_phone(values["phone"])
        except InvalidInput as exc:
            errors["phone"] = str(exc)
    if email and await User.exists(email=email):
        errors["email"] = _("An account with this email already exists.")
    if phone and await User.exists(phone=phone):
        errors["phone"] = _("An account with this mobile number already exists.")
    departments = await Department.filter(id__in=values["departments"], is_active=True)
    if not departments:
        errors["departments"] = _("Choose at least one department.")
    if errors:
        raise FormErrors(errors)
    temporary = temporary_password()
    try:
        async with in_transaction():
            user = await User.create(
                full_name=name,
                email=email,
                phone=phone,
                role=Role.OFFICER,
                password_hash=hash_password(temporary),
            )
            await user.departments.add(*departments)
            await record_audit(
                "officer.create",
                target=email or "",
                detail={"departments": sorted(d.code for d in departments)},
                **actor,
            )
    except IntegrityError:
        raise FormErrors({"email": _("An account with this email already exists.")}) from None
    return user, temporary


# -- departments ---------------------------------------------------------------------------------


async def _departments_page(
    request: Request,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    page = await paginate(
        Department.all().order_by("name"), page=page_param(request), per_page=USERS_PER_PAGE
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
    form = await _form(request)
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
                "department.create", target=code, detail={"name": name}, **await _actor(request)
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
    form = await _form(request)
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
            **await _actor(request),
        )
    return RedirectResponse("/admin/departments?done=1", status_code=303)


# -- themes and audit log ------------------------------------------------------------------------


@require_admin
async def themes(request: Request) -> Response:
    """Choose the portal's theme; every worker switches within two seconds."""
    portal = portal_of(request)
    available = portal.templates.themes()
    error = ""
    status_code = 200
    if request.method == "POST":
        chosen = (await _form(request)).get("theme", "")
        if chosen not in available:
            error, status_code = _("Choose one of the installed themes."), 400
        else:
            await portal.registry.set_theme(chosen, **await _actor(request))
            return RedirectResponse("/admin/themes?done=1", status_code=303)
    return await render(
        request,
        "admin/themes.html",
        {
            "themes": available,
            "error": error,
            "saved": request.query_params.get("done") == "1",
        },
        status_code=status_code,
    )


@require_admin
async def audit_log(request: Request) -> Response:
    """Who did what and when, newest first; filter by action and by who acted."""
    action = request.query_params.get("action", "").strip()[:64]
    who = request.query_params.get("who", "").strip()[:254]
    entries = AuditEntry.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if who:
        entries = entries.filter(Q(actor_label__icontains=who) | Q(target__icontains=who))
    page = await paginate_keyset(
        entries,
        after=cursor_param(request, "after"),
        before=cursor_param(request, "before"),
        per_page=AUDIT_PER_PAGE,
    )
    return await render(request, "admin/audit.html", {"page": page, "action": action, "who": who})


def routes() -> list[BaseRoute]:
    done = ADMINS.but(admin=303)
    user = route_access.sample_user
    return [
        declare_access(Route("/admin", index, name="admin"), GET=ADMINS),
        declare_access(Route("/admin/plugins", plugins, name="admin_plugins"), GET=ADMINS),
        declare_access(
            Route("/admin/plugins/{name}", toggle_plugin, methods=["POST"], name="admin_toggle"),
            POST=done.but(params=("action",), sample=route_access.sample_plugin),
        ),
        declare_access(
            Route("/admin/users", users, name="admin_users"),
            GET=ADMINS.but(params=("q", "role", "department", "page")),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}", user_detail, name="admin_user"),
            GET=ADMINS.but(params=("done",), sample=user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/active", set_active, methods=["POST"]),
            POST=done.but(params=("active",), sample=user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/password", reset_password, methods=["POST"]),
            POST=ADMINS.but(sample=user),  # the page shows the new password once
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/sign-out", sign_out_user, methods=["POST"]),
            POST=done.but(sample=user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/departments", set_departments, methods=["POST"]),
            # The sample is a citizen: only officers belong to departments.
            POST=ADMINS.but(admin=400, params=("department",), sample=user),
        ),
        declare_access(
            Route("/admin/users/{user_id:int}/grants", grant_permission, methods=["POST"]),
            POST=done.but(admin=400, params=("code", "department"), sample=user),
        ),
        declare_access(
            Route(
                "/admin/users/{user_id:int}/grants/{grant_id:int}/delete",
                revoke_permission,
                methods=["POST"],
            ),
            POST=done.but(sample=route_access.sample_grant),
        ),
        declare_access(
            Route(
                "/admin/officers/new", new_officer, methods=["GET", "POST"], name="admin_officer"
            ),
            GET=ADMINS,
            POST=ADMINS.but(admin=400, params=(*OFFICER_FIELDS, "department")),
        ),
        declare_access(
            Route("/admin/departments", departments, methods=["GET", "POST"], name="admin_depts"),
            GET=ADMINS,
            POST=ADMINS.but(admin=400, params=("code", "name")),
        ),
        declare_access(
            Route("/admin/departments/{department_id:int}", update_department, methods=["POST"]),
            POST=done.but(params=("name", "active"), sample=route_access.sample_department),
        ),
        declare_access(
            Route("/admin/themes", themes, methods=["GET", "POST"], name="admin_themes"),
            GET=ADMINS,
            POST=ADMINS.but(admin=400, params=("theme",)),
        ),
        declare_access(
            Route("/admin/audit", audit_log, name="admin_audit"),
            GET=ADMINS.but(params=("action", "who", "after", "before")),
        ),
    ]
