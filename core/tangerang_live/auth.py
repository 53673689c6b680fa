"""Who is signed in, and the one place where access is checked.

Permissions are granted to officers, each grant for all of a permission's work or scoped to one
department, one organisation, or one value of a scope kind the plugin declares (a polyclinic).
A user's grants are read once per request and kept for the rest of it.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from urllib.parse import quote, urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tangerang_live.audit import record_audit
from tangerang_live.contracts import Permission
from tangerang_live.i18n import gettext as _
from tangerang_live.models import Department, Organisation, PermissionGrant, Role, User

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


async def hash_password_off_loop(password: str) -> str:
    """``hash_password`` in a worker thread: argon2 spends tens of milliseconds of CPU on purpose,
    and on the event loop that would stall every other request of the worker meanwhile."""
    return await asyncio.to_thread(hash_password, password)


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """``verify_password`` in a worker thread (see ``hash_password_off_loop``)."""
    return await asyncio.to_thread(verify_password, password_hash, password)


class _MemoryStorage(MemoryStorage):
    """``limits``' in-process storage, with one race closed: its background task that prunes
    expired hits fails (KeyError) on a key that ``clear`` removed while it was pruning, and
    asyncio logs the unread error whenever that task is collected. ``clear`` waits for a
    pruning under way to end first; nothing else removes what the pruning reads."""

    async def clear(self, key: str) -> None:
        while self.timer is not None and not self.timer.done():
            await asyncio.wait([self.timer])
        await super().clear(key)


class AccountThrottle:
    """Rate limits on sign-in, password reset and registration.

    Sign-in counts failures only, three ways: one account from one address (a growing delay:
    each step of ``PER_PAIR`` makes that address wait longer, and only that address); one account
    from every address together (``PER_ACCOUNT``: a wait of at most a minute, so guessers spread
    over many addresses cannot lock the owner out); one address over every account
    (``PER_ADDRESS``). Registration counts every attempt of an address, refused ones too, so
    trying NIKs or emails to learn which are registered stops soon. Password reset counts codes
    sent and wrong codes typed, per account (known or not, so the limits tell nothing) and per
    address.

    Moving windows from ``limits``. Counters live in Redis when ``redis_url`` is set, so every
    worker and host shares them; otherwise in this process's memory. ``namespace`` keeps portals
    that share a Redis apart.
    """

    PER_PAIR: tuple[RateLimitItem, ...] = (
        parse("3 per minute"),
        parse("6 per 10 minutes"),
        parse("10 per hour"),
    )
    PER_ACCOUNT: RateLimitItem = parse("20 per minute")
    PER_ADDRESS: RateLimitItem = parse("30 per 15 minutes")
    RESET_REQUESTS: tuple[RateLimitItem, RateLimitItem] = (
        parse("3 per hour"),
        parse("20 per hour"),
    )
    """Password-reset codes asked for one account, and from one address: each sends a message."""
    RESET_GUESSES: tuple[RateLimitItem, RateLimitItem] = (
        parse("10 per hour"),
        parse("30 per hour"),
    )
    """Wrong reset codes for one account, and from one address (a code also dies after
    ``password_reset.MAX_ATTEMPTS`` wrong guesses of its own)."""
    REGISTRATIONS_PER_ADDRESS: RateLimitItem = parse("30 per hour")
    """Attempts, refused ones included (they tell whether a NIK or email is registered)."""
    """Generous: a service desk helping citizens register uses one address for all of them."""

    def __init__(self, redis_url: str = "", *, namespace: str = "") -> None:
        storage: Storage = (
            RedisStorage(f"async+{redis_url}", implementation="redispy")
            if redis_url
            else _MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(storage)
        self.namespace = hashlib.sha256(namespace.encode()).hexdigest()[:12]

    def _sign_in_checks(self, account: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        """``account`` is ``login_key``'s spelling of what was typed."""
        pair = f"{account}|{address}"
        return [
            *((limit, "signin-pair", pair) for limit in self.PER_PAIR),
            (self.PER_ACCOUNT, "signin-account", account),
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

    async def succeeded(self, account: str, address: str) -> None:
        """The account's owner got in from ``address``: forget the failures of that account there
        and everywhere (not the address's failures on other accounts)."""
        for limit, kind, key in self._sign_in_checks(account, address)[:-1]:
            await self.limiter.clear(limit, self.namespace, kind, key)

    def _reset_checks(
        self, kind: str, limits: tuple[RateLimitItem, RateLimitItem], account: str, address: str
    ) -> list[tuple[RateLimitItem, str, str]]:
        return [(limits[0], f"{kind}-account", account), (limits[1], f"{kind}-address", address)]

    async def reset_request_wait(self, account: str, address: str) -> int:
        """Seconds until another reset code may be sent for ``account`` (``login_key``'s
        spelling, known or not) from ``address``; 0 when one may now."""
        return await self._wait(self._reset_checks("reset", self.RESET_REQUESTS, account, address))

    async def reset_requested(self, account: str, address: str) -> None:
        for limit, kind, key in self._reset_checks("reset", self.RESET_REQUESTS, account, address):
            await self.limiter.hit(limit, self.namespace, kind, key)

    async def reset_guess_wait(self, account: str, address: str) -> int:
        """Seconds until another reset code may be tried for ``account`` from ``address``."""
        return await self._wait(self._reset_checks("guess", self.RESET_GUESSES, account, address))

    async def reset_guess_failed(self, account: str, address: str) -> None:
        for limit, kind, key in self._reset_checks("guess", self.RESET_GUESSES, account, address):
            await self.limiter.hit(limit, self.namespace, kind, key)

    async def registration_wait(self, address: str) -> int:
        """Seconds until ``address`` may try to register again; 0 when it may now."""
        return await self._wait([(self.REGISTRATIONS_PER_ADDRESS, "register-address", address)])

    async def registration_attempted(self, address: str) -> None:
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


SIGN_IN_REASONS: dict[str, Callable[[], str]] = {
    "report": lambda: _("Sign in to send a report."),
    "apply": lambda: _("Sign in to apply."),
    "book": lambda: _("Sign in to book."),
}
"""Why the sign-in page asks, by the ``reason`` a guarded page gives (``require_role``): a few
known values, so a link cannot make our page say what a stranger wrote."""


def require_role(*roles: Role, reason: str = "") -> Callable[[Endpoint], Endpoint]:
    """Let only signed-in users with one of ``roles`` reach the endpoint.

    Anonymous visitors are sent to the sign-in page and come back after (an htmx request, such as
    a form sent after the session expired, with ``HX-Redirect``: a whole page, not a login form
    swapped into part of one); signed-in users without the role get 403. ``reason``, a key of
    ``SIGN_IN_REASONS`` (``"report"``), is what the sign-in page says it is asked for; without
    one it names the service the visitor was going to.
    """
    if reason and reason not in SIGN_IN_REASONS:
        raise ValueError(f"unknown sign-in reason {reason!r}; choose from {list(SIGN_IN_REASONS)}")
    because = f"&reason={reason}" if reason else ""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            user = await current_user(request)
            if user is None:
                target = quote(
                    request.url.path + ("?" + request.url.query if request.url.query else "")
                )
                if request.headers.get("hx-request"):
                    # Back to the page the form was on: the form itself may answer only POST.
                    page = urlsplit(request.headers.get("hx-current-url", "")).path or "/"
                    local = page.startswith("/") and not page.startswith("//")
                    target = quote(page if local else "/")
                    return Response(headers={"HX-Redirect": f"/login?next={target}{because}"})
                return RedirectResponse(f"/login?next={target}{because}", status_code=303)
            if roles and user.role not in roles:
                raise HTTPException(403)
            return await endpoint(request)

        return guarded

    return decorate


require_admin = require_role(Role.ADMIN)
"""Decorate a view so that only admins reach it (``require_role(Role.ADMIN)``)."""


_request_grants: ContextVar[dict[int, list[PermissionGrant]] | None] = ContextVar(
    "request_grants", default=None
)
_declared: dict[str, Permission] = {}


class GrantsPerRequest:
    """ASGI middleware: each request reads a user's grants at most once (``has_permission`` and
    the ``permitted_*`` functions share them), and no request sees another's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _request_grants.set({})
        try:
            await self.app(scope, receive, send)
        finally:
            _request_grants.reset(token)


def declare_permissions(permissions: Iterable[Permission]) -> None:
    """The permissions the loaded plugins declare (the registry calls this as it loads them)."""
    _declared.clear()
    _declared.update((p.code, p) for p in permissions)


async def _grants(user: User, code: str) -> list[PermissionGrant]:
    cache = _request_grants.get()
    if cache is None:  # outside a request (a task, a command): read them fresh
        return await PermissionGrant.filter(user_id=user.id, code=code)
    if user.id not in cache:
        cache[user.id] = await PermissionGrant.filter(user_id=user.id)
    return [g for g in cache[user.id] if g.code == code]


def _may_hold_grants(user: User | None) -> bool:
    return user is not None and user.is_active and user.role == Role.OFFICER


async def has_permission(
    user: User | None,
    code: str,
    department: Department | None = None,
    *,
    organisation: Organisation | None = None,
    scope: str | None = None,
) -> bool:
    """Whether ``user`` holds ``code``; admins hold every one.

    Without a target any grant of ``code`` will do (the view then narrows its data with
    ``permitted_departments`` and friends). With ``department``, ``organisation`` or ``scope``
    (give one), only a grant for that target or an unscoped grant counts.
    """
    if user is not None and user.is_active and user.role == Role.ADMIN:
        return True
    if not _may_hold_grants(user):
        return False
    assert user is not None
    grants = await _grants(user, code)
    if department is None and organisation is None and scope is None:
        return bool(grants)
    return any(
        g.unscoped
        or (department is not None and g.department_id == department.id)
        or (organisation is not None and g.organisation_id == organisation.id)
        or (scope is not None and g.scope == scope)
        for g in grants
    )


async def permitted_departments(user: User | None, code: str) -> list[Department] | None:
    """Departments whose work ``user`` may do under ``code``; ``None`` means all of them."""
    if user is not None and user.is_active and user.role == Role.ADMIN:
        return None
    if not _may_hold_grants(user):
        return []
    assert user is not None
    grants = await _grants(user, code)
    if any(g.unscoped for g in grants):
        return None
    ids = {g.department_id for g in grants if g.department_id is not None}
    return list(await Department.filter(id__in=ids)) if ids else []


async def permitted_organisations(user: User | None, code: str) -> list[Organisation] | None:
    """Organisations whose work ``user`` may do under ``code``; ``None`` means all of them."""
    if user is not None and user.is_active and user.role == Role.ADMIN:
        return None
    if not _may_hold_grants(user):
        return []
    assert user is not None
    grants = await _grants(user, code)
    if any(g.unscoped for g in grants):
        return None
    ids = {g.organisation_id for g in grants if g.organisation_id is not None}
    return list(await Organisation.filter(id__in=ids)) if ids else []


async def permitted_scopes(user: User | None, code: str) -> set[str] | None:
    """Values of the plugin's own scope (polyclinic codes, say) ``user`` may work on under
    ``code``; ``None`` means all of them."""
    if user is not None and user.is_active and user.role == Role.ADMIN:
        return None
    if not _may_hold_grants(user):
        return set()
    assert user is not None
    grants = await _grants(user, code)
    if any(g.unscoped for g in grants):
        return None
    return {g.scope for g in grants if g.scope is not None}


def target_problem(
    declared: Permission,
    department: Department | None,
    organisation: Organisation | None,
    scope: str | None,
) -> tuple[str, str] | None:
    """Why a grant of ``declared`` cannot have this target, as (form field, translated message);
    ``None`` when it can. ``Permission.scopes`` lists the kinds of target a grant may carry."""
    if sum(t is not None for t in (department, organisation, scope)) > 1:
        return "department", _("Choose one department, one organisation or one scope at most.")
    if department is not None and "department" not in declared.scopes:
        return "department", _("This permission is not granted per department.")
    if organisation is not None:
        if "organisation" not in declared.scopes:
            return "organisation", _("This permission is not granted per organisation.")
        if organisation.plugin != declared.code.split(".", 1)[0]:
            return "organisation", _("Choose an organisation of the service the permission is for.")
    own_kinds = [s for s in declared.scopes if s not in ("department", "organisation")]
    if scope is not None and not own_kinds:
        return "scope", _("This permission has no scope of its own.")
    return None


async def grant_permission(
    user: User,
    code: str,
    *,
    department: Department | None = None,
    organisation: Organisation | None = None,
    scope: str | None = None,
    actor: User | None = None,
) -> PermissionGrant:
    """Grant ``code`` to the officer ``user``: for all its work, or for one ``department``,
    ``organisation`` or ``scope`` value, as ``Permission.scopes`` of the declaring plugin allows.

    Idempotent; a new grant is recorded in the audit log. Raises ``ValueError`` for a permission
    no loaded plugin declares, a scope it does not take, an organisation of another plugin, more
    than one target, or a user who is not an officer.
    """
    declared = _declared.get(code)
    if declared is None:
        raise ValueError(f"no loaded plugin declares the permission {code}")
    if user.role != Role.OFFICER:
        raise ValueError("permissions are granted to officers")
    problem = target_problem(declared, department, organisation, scope)
    if problem is not None:
        raise ValueError(problem[1])
    grant, created = await PermissionGrant.get_or_create(
        user=user, code=code, department=department, organisation=organisation, scope=scope
    )
    if created:
        await record_audit(
            "permission.grant",
            target=user.email or user.full_name,
            actor=actor,
            detail={
                "code": code,
                "department": department.code if department else None,
                "organisation": organisation.code if organisation else None,
                "scope": scope,
            },
        )
        cache = _request_grants.get()
        if cache is not None:
            cache.pop(user.id, None)
    return grant


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
