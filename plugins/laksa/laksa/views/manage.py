"""Pages for LAKSA's managers: categories (and the department each routes to) and Open311 keys."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tangerang_live import (
    Department,
    config_changed,
    current_user,
    parse_id,
    plugin_context,
    record_audit,
    render,
    require_permission,
)
from tangerang_live import gettext as _
from tortoise.transactions import in_transaction

from laksa import services
from laksa.models import ApiKey, Category
from laksa.open311 import new_api_key
from laksa.views.common import form_strings, form_text

manager_only = require_permission("laksa.manage")
CATEGORY_FIELDS = (
    "code", "name_id", "name_en", "description", "keywords", "department", "order", "is_active",
)  # fmt: skip
MAX_ORDER = 10_000
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,49}$")


async def _category_page(
    request: Request,
    category: Category | None,
    values: dict[str, str],
    errors: dict[str, str],
) -> Response:
    context = {
        "category": category,
        "values": values,
        "errors": errors,
        "departments": await Department.filter(is_active=True),
    }
    status_code = 422 if errors else 200
    return await render(request, "laksa/manage/category.html", context, status_code=status_code)


@manager_only
async def categories(request: Request) -> Response:
    rows = await Category.all().select_related("department")
    return await render(request, "laksa/manage/categories.html", {"categories": rows})


async def _check_category(values: dict[str, str], category: Category | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = values.get("code", "")
    if not CODE.match(code):
        errors["code"] = _("Use 2 to 50 lower-case letters, digits or dashes.")
    elif await Category.filter(code=code).exclude(id=category.id if category else 0).exists():
        errors["code"] = _("Another category already uses this code.")
    for name in ("name_id", "name_en"):
        if not 2 <= len(values.get(name, "")) <= 120:
            errors[name] = _("Write a name of 2 to 120 characters.")
    department_id = parse_id(values.get("department"))
    if department_id is None or not await Department.exists(id=department_id):
        errors["department"] = _("Choose the department that handles these reports.")
    order = values.get("order") or "100"
    if not (order.isascii() and order.isdigit()) or int(order) > MAX_ORDER:
        errors["order"] = _("Write a whole number from 0 to %(max)s.", max=MAX_ORDER)
    return errors


@manager_only
async def edit_category(request: Request) -> Response:
    """Create a category (no id in the path) or change one."""
    category = None
    if "id" in request.path_params:
        category = await Category.get_or_none(id=request.path_params["id"])
        if category is None:
            raise HTTPException(404)
    if request.method == "GET":
        values = (
            {
                "code": category.code,
                "name_id": category.name_id,
                "name_en": category.name_en,
                "description": category.description,
                "keywords": category.keywords,
                "department": str(category.department_id),
                "order": str(category.order),
                "is_active": "1" if category.is_active else "",
            }
            if category
            else {"is_active": "1", "order": "100"}
        )
        return await _category_page(request, category, values, {})
    form = await request.form()
    values = {k: v.strip() for k, v in form_strings(form).items()}
    errors = await _check_category(values, category)
    if errors:
        return await _category_page(request, category, values, errors)
    fields: dict[str, Any] = {
        "code": values["code"],
        "name_id": values["name_id"],
        "name_en": values["name_en"],
        "description": form_text(form, "description"),
        "keywords": form_text(form, "keywords", 200),
        "department_id": int(values["department"]),
        "order": int(values.get("order") or 100),
        "is_active": bool(values.get("is_active")),
    }
    async with in_transaction():
        if category is None:
            category = await Category.create(**fields)
        else:
            await category.update_from_dict(fields).save()
        await config_changed()
        await record_audit(
            "laksa.category_saved",
            target=category.code,
            actor=await current_user(request),
            detail={k: v for k, v in fields.items() if k != "description"},
        )
    return RedirectResponse(plugin_context(request).url("categories"), status_code=303)


@manager_only
async def keys(request: Request) -> Response:
    """Open311 API keys; a new key is shown once, on the page that created it."""
    shown_key = ""
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.form()
        name = form_text(form, "name", 120)
        if len(name) < 2:
            errors["name"] = _("Name the client that will use the key.")
        else:
            key, key_hash = new_api_key()
            user = await current_user(request)
            async with in_transaction():
                await ApiKey.create(name=name, key_hash=key_hash, prefix=key[:6], created_by=user)
                await record_audit("laksa.api_key_created", target=name, actor=user)
            shown_key = key
    rows = await ApiKey.all().order_by("-id")
    context = {
        "keys": rows,
        "sent": {k.id: await services.sent_within_the_hour(api_key=k) for k in rows},
        "per_hour": plugin_context(request).settings[services.OPEN311_PER_KEY_PER_HOUR],
        "shown_key": shown_key,
        "errors": errors,
    }
    return await render(
        request, "laksa/manage/keys.html", context, status_code=422 if errors else 200
    )


@manager_only
async def revoke_key(request: Request) -> Response:
    key = await ApiKey.get_or_none(id=request.path_params["id"], revoked_at=None)
    if key is None:
        raise HTTPException(404)
    async with in_transaction():
        await ApiKey.filter(id=key.id).update(revoked_at=datetime.now(UTC))
        await record_audit(
            "laksa.api_key_revoked", target=key.name, actor=await current_user(request)
        )
    return RedirectResponse(plugin_context(request).url("keys"), status_code=303)
