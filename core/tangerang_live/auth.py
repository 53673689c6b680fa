"""Who is signed in, and the one place where access is checked."""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.expressions import Q

from tangerang_live.models import Department, PermissionGrant, Role, User

_hasher = PasswordHasher()

Endpoint = Callable[[Request], Awaitable[Response]]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


_UNUSABLE_HASH = _hasher.hash("no account has this password")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password``; with no hash (unknown account) spend the same time and say no, so the
    answer's timing does not tell which accounts exist."""
    try:
        return _hasher.verify(password_hash or _UNUSABLE_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


class AccountThrottle:
    """Rate limits on sign-in (per account and per client address) and on registration.

    Moving windows from ``limits``. Sign-in counts only failures. Counters live in Redis when
    ``redis_url`` is set, so every worker and host shares them; otherwise in this process's
    memory. ``namespace`` keeps portals that share a Redis apart.
    """

    PER_ACCOUNT: RateLimitItem = parse("5 per 15 minutes")
    PER_ADDRESS: RateLimitItem = parse("30 per 15 minutes")
    REGISTRATIONS_PER_ADDRESS: RateLimitItem = parse("30 per hour")
    """Generous: a service desk helping citizens register uses one address for all of them."""

    def __init__(self, redis_url: str = "", *, namespace: str = "") -> None:
        storage: Storage = (
            RedisStorage(f"async+{redis_url}", implementation="redispy")
            if redis_url
            else MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(storage)
        self.namespace = hashlib.sha256(namespace.encode()).hexdigest()[:12]

    def _sign_in_checks(self, account: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        return [
            (self.PER_ACCOUNT, "signin-account", account.strip().lower()),
            (self.PER_ADDRESS, "signin-address", address),
        ]

    async def _wait(self, checks: list[tuple[RateLimitItem, str, str]]) -> int:
        wait = 0.0
        for limit, kind, key in checks:
            if not await self.limiter.test(limit, self.namespace, kind, key):
                stats = await self.limiter.get_window_stats(limit, self.namespace, kind, key)
                wait = max(wait, stats.reset_time - time.time(), 1)
        return math.ceil(wait)

    async def retry_after(self, account: str, address: str) -> int:
        """Seconds until another sign-in attempt is allowed; 0 when one is allowed now."""
        return await self._wait(self._sign_in_checks(account, address))

    async def failed(self, account: str, address: str) -> None:
        for limit, kind, key in self._sign_in_checks(account, address):
            await self.limiter.hit(limit, self.namespace, kind, key)

    async def succeeded(self, account: str) -> None:
        """The account's owner got in: forget the account's failures (not the address's)."""
        limit, kind, key = self._sign_in_checks(account, "")[0]
        await self.limiter.clear(limit, self.namespace, kind, key)

    async def registration_wait(self, address: str) -> int:
        """Seconds until ``address`` may create another account; 0 when it may now."""
        return await self._wait([(self.REGISTRATIONS_PER_ADDRESS, "register-address", address)])

    async def registered(self, address: str) -> None:
        await self.limiter.hit(
            self.REGISTRATIONS_PER_ADDRESS, self.namespace, "register-address", address
        )


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


CSRF_COOKIE = "csrftoken"


def rotate_csrf_token(response: Response) -> None:
    """Drop the CSRF token on the response that follows a sign-in: a token known before (planted,
    or read on a shared computer) is worthless afterwards; the next page issues a new one."""
    response.delete_cookie(CSRF_COOKIE, path="/")


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
        # SQL's IN never matches NULL: an all-departments grant needs its own condition.
        grants = grants.filter(Q(department_id=department.id) | Q(department_id__isnull=True))
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


def require_permission(
    code: str, *, department_param: str | None = None
) -> Callable[[Endpoint], Endpoint]:
    """Let only users holding ``code`` reach the endpoint; else 403.

    With ``department_param``, the route's path parameter of that name holds a department code
    and the user must hold ``code`` for that department (404 for an unknown one); the view finds
    the department in ``request.state.department``. Without it, a grant for any department will
    do, and the view narrows its data with ``permitted_departments``.
    """

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        @require_role()
        async def guarded(request: Request) -> Response:
            department = None
            if department_param is not None:
                department = await Department.get_or_none(
                    code=request.path_params[department_param]
                )
                if department is None:
                    raise HTTPException(404)
                request.state.department = department
            if not await has_permission(await current_user(request), code, department):
                raise HTTPException(403)
            return await endpoint(request)

        return guarded

    return decorate
