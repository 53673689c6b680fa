"""A citizen sets a new password without an admin: a one-time code sent to them, then the code.

The code is six digits, sent through the outbox with a link that fills it in. Only a keyed hash
of it is stored; it works once, for ``CODE_LIFETIME``, and dies after ``MAX_ATTEMPTS`` wrong
guesses. Asking for a code answers the same whether the account exists or not, and so does a
wrong code, so neither step tells anyone which emails or numbers have accounts. Using it ends
every session of the account. Every step is in the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from tangerang_live.accounts import FormErrors, find_by_login, password_problem, store_password
from tangerang_live.audit import record_audit
from tangerang_live.auth import hash_password_off_loop
from tangerang_live.i18n import gettext as _
from tangerang_live.models import PasswordReset, User
from tangerang_live.notifications import message_channels, send_message
from tangerang_live.settings import active_settings

CODE_LIFETIME = timedelta(minutes=30)
MAX_ATTEMPTS = 5
"""Wrong codes a reset survives; the sixth guess needs a new code (one in 200,000 odds)."""
CODE_DIGITS = 6


def _code_hash(reset_id: int, code: str) -> str:
    # Keyed with the portal's secret: six digits hashed plainly would fall to a brute force of a
    # stolen table in a second.
    key = active_settings().signing_key.encode()
    return hmac.new(key, f"{reset_id}:{code}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def reset_link(login: str, code: str) -> str:
    """The path of the page where the code is typed, with the login and the code filled in."""
    return "/password-reset/new?" + urlencode({"login": login, "code": code})


async def request_reset(login: str, *, ip: str = "", now: datetime | None = None) -> None:
    """Send a reset code to the account ``login`` names, if there is one; end its older codes.

    Says nothing either way: the caller answers the same for an unknown login.
    """
    now = now or datetime.now(UTC)
    user = await find_by_login(login)
    async with in_transaction():
        await record_audit(
            "account.reset_requested",
            target=login,
            actor=user,
            actor_label=login if user is None else "",
            ip=ip,
            detail={"known": user is not None},
        )
        if user is None:
            return
        await PasswordReset.filter(user_id=user.id, used_at__isnull=True).update(used_at=now)
        code = new_code()
        reset = await PasswordReset.create(user=user, code_hash="", expires_at=now + CODE_LIFETIME)
        await PasswordReset.filter(id=reset.id).update(code_hash=_code_hash(reset.id, code))
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        await send_message(
            user,
            subject=lambda locale: _("Your code to set a new password: %(code)s", code=code),
            body=lambda locale: _(
                "Your code is %(code)s. It works once, for %(minutes)s minutes. Type it on the "
                "portal, or open the link below. If you did not ask for it, ignore this message: "
                "your password stays as it is.",
                code=code,
                minutes=minutes,
            ),
            url=reset_link(user.email or user.phone or login, code),
            channels=message_channels(),
        )


def _code_error() -> FormErrors:
    return FormErrors({"code": _("This code is wrong or has expired. Ask for a new one.")})


async def _live_reset(user: User | None, now: datetime) -> PasswordReset | None:
    if user is None:
        return None
    return (
        await PasswordReset.filter(
            user_id=user.id, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("-id")
        .first()
    )


async def reset_password(
    form: dict[str, str], *, ip: str = "", now: datetime | None = None
) -> User:
    """Set the new password of the form's ``login`` if its ``code`` is right; raise ``FormErrors``.

    A wrong code (or an unknown login, told apart by nothing) is refused on the code field and
    counted; a weak password is refused on its field and leaves the code usable. The code is
    spent in the same transaction as the password changes and every session ends, and only if
    no one spent it meanwhile: of two uses at once, one succeeds.
    """
    now = now or datetime.now(UTC)
    login = form.get("login", "").strip()
    code = "".join(form.get("code", "").split())
    user = await find_by_login(login) if login else None
    reset = await _live_reset(user, now)
    if reset is None or not hmac.compare_digest(reset.code_hash, _code_hash(reset.id, code)):
        async with in_transaction():
            if reset is not None:
                await PasswordReset.filter(id=reset.id).update(attempts=F("attempts") + 1)
            await record_audit("account.reset_code_wrong", target=login, actor_label=login, ip=ip)
        raise _code_error()
    assert user is not None
    new = form.get("new_password", "")
    problem = password_problem(new, personal=[user.full_name, user.email or "", user.phone or ""])
    if problem:
        raise FormErrors({"new_password": problem})
    if new != form.get("new_password_again", ""):
        raise FormErrors({"new_password_again": _("The two passwords are not the same.")})
    password_hash = await hash_password_off_loop(new)
    async with in_transaction():
        spent = await PasswordReset.filter(
            id=reset.id, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not spent:
            raise _code_error()
        await store_password(
            user, password_hash, actor=user, ip=ip, action="account.password_reset"
        )
    return user
