"""Who is signed in, and the one place where access is checked."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tangerang_live.models import Department, PermissionGrant, Role, User

_hasher = PasswordHasher()

Endpoint = Callable[[Request], Awaitable[Response]]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def current_user(request: Request) -> User | None:
    """The signed-in, active user, or ``None``; loaded once per request."""
    if "user" in request.scope.get("state", {}):
        return request.state.user
    user = None
    user_id = request.session.get("uid")
    if user_id is not None:
        user = await User.get_or_none(id=user_id, is_active=True)
        if user is not None and user.session_epoch != request.session.get("epoch"):
            user = None  # signed out everywhere since this session began
    request.state.user = user
    return user


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (a new session, so a planted one is worthless)."""
    request.session.clear()
    request.session.update({"uid": user.id, "epoch": user.session_epoch})
    request.state.user = user


def sign_out(request: Request) -> None:
    request.session.clear()
    request.state.user = None


def require_role(*roles: Role) -> Callable[[Endpoint], Endpoint]:
    """Let only signed-in users with one of ``roles`` reach the endpoint.

    Anonymous visitors are sent to the sign-in page and come back after; signed-in users
    without the role get 403.
    """

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            user = await current_user(request)
            if user is None:
                target = quote(
                    request.url.path + ("?" + request.url.query if request.url.query else "")
                )
                return RedirectResponse(f"/login?next={target}", status_code=303)
            if roles and user.role not in roles:
                raise HTTPException(403)
            return await endpoint(request)

        return guarded

    return decorate


require_admin = require_role(Role.ADMIN)


async def has_permission(
    user: User | None, code: str, department: Department | None = None
) -> bool:
    """Whether ``user`` holds ``code`` (for ``department``, when given). Admins hold every one."""
    if user is None or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.OFFICER:
        return False
    grants = PermissionGrant.filter(user_id=user.id, code=code)
    if department is not None:
        grants = grants.filter(department_id__in=[department.id, None])
    return await grants.exists()


async def permitted_departments(user: User | None, code: str) -> list[Department] | None:
    """Departments whose work ``user`` may do under ``code``; ``None`` means all of them."""
    if user is None:
        return []
    if user.role == Role.ADMIN:
        return None
    grants = await PermissionGrant.filter(user_id=user.id, code=code).prefetch_related("department")
    if any(g.department_id is None for g in grants):
        return None
    return [g.department for g in grants]


def require_permission(code: str) -> Callable[[Endpoint], Endpoint]:
    """Let only users holding ``code`` (for any department) reach the endpoint; else 403."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        @require_role()
        async def guarded(request: Request) -> Response:
            if not await has_permission(await current_user(request), code):
                raise HTTPException(403)
            return await endpoint(request)

        return guarded

    return decorate
