"""Account pages: registration, the profile with its password form, signing out everywhere, and
setting a new password with a code sent by email."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from tangerang_live import password_reset
from tangerang_live.accounts import (
    FormErrors,
    change_password,
    end_all_sessions,
    login_key,
    register_citizen,
    update_contact,
)
from tangerang_live.audit import record_audit
from tangerang_live.auth import (
    AccountThrottle,
    current_user,
    require_role,
    rotate_csrf_token,
    sign_in,
)
from tangerang_live.i18n import current_locale, remember_locale
from tangerang_live.i18n import gettext as _
from tangerang_live.models import User
from tangerang_live.notifications import message_channels
from tangerang_live.portal import render
from tangerang_live.route_access import EVERYONE, SIGNED_IN, declare_access
from tangerang_live.web import client_ip, form_text, minutes_to_wait, safe_next

REGISTER_FIELDS = ("full_name", "nik", "email", "phone")
PROFILE_NOTICES = {
    "registered": lambda: _("Welcome! Your account is ready."),
    "saved": lambda: _("Your details are saved."),
    "password": lambda: _("Your password is changed. Other devices are signed out."),
    "everywhere": lambda: _("You are signed out on every other device."),
}


async def register(request: Request) -> Response:
    """The citizen's registration form; on success the new citizen is signed in."""
    if await current_user(request) is not None:
        return RedirectResponse("/account", status_code=303)
    if request.method == "GET":
        back = {"next": safe_next(request.query_params.get("next"), "")}
        return await render(request, "accounts/register.html", {"values": back, "errors": {}})
    form = await form_text(request)
    values = {field: form.get(field, "") for field in (*REGISTER_FIELDS, "next")}
    values["next"] = safe_next(values["next"], "")
    ip = client_ip(request)
    throttle: AccountThrottle = request.app.state.account_throttle
    wait = await throttle.registration_wait(ip)
    if wait:
        error = _(
            "Too many registrations from this connection. Try again in %(minutes)s minutes.",
            minutes=minutes_to_wait(wait),
        )
        return await render(
            request,
            "accounts/register.html",
            {"values": values, "errors": {"form": error}},
            status_code=429,
        )
    # Counted before the answer: a refusal ("this NIK is registered") is what an enumerator
    # wants, so every attempt spends the address's allowance.
    await throttle.registration_attempted(ip)
    try:
        user = await register_citizen(form, locale=current_locale.get(), ip=ip)
    except FormErrors as exc:
        return await render(
            request,
            "accounts/register.html",
            {"values": values, "errors": exc.errors},
            status_code=400,
        )
    sign_in(request, user)
    # Back to what the citizen was doing when asked to sign in (the report form, say).
    response = RedirectResponse(values["next"] or "/account?done=registered", status_code=303)
    rotate_csrf_token(response)
    return response


async def _profile_page(
    request: Request,
    user: User,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    notice = PROFILE_NOTICES.get(request.query_params.get("done", ""))
    return await render(
        request,
        "accounts/profile.html",
        {
            "values": values
            or {
                "full_name": user.full_name,
                "email": user.email or "",
                "phone": user.phone or "",
                "locale": user.locale,
            },
            "errors": errors or {},
            "notice": notice() if notice else "",
        },
        status_code=status_code,
    )


@require_role()
async def profile(request: Request) -> Response:
    """A user's own contact details and language (GET shows, POST saves)."""
    user = await current_user(request)
    assert user is not None
    if request.method == "GET":
        return await _profile_page(request, user)
    form = await form_text(request)
    try:
        await update_contact(user, form, ip=client_ip(request))
    except FormErrors as exc:
        return await _profile_page(request, user, values=form, errors=exc.errors, status_code=400)
    response = RedirectResponse("/account?done=saved", status_code=303)
    remember_locale(response, user.locale, secure=request.url.scheme == "https")
    return response


@require_role()
async def password(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None
    try:
        await change_password(user, await form_text(request), ip=client_ip(request))
    except FormErrors as exc:
        return await _profile_page(request, user, errors=exc.errors, status_code=400)
    sign_in(request, user)  # this device stays signed in, with the new epoch
    return RedirectResponse("/account?done=password", status_code=303)


@require_role()
async def sign_out_everywhere(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None
    await end_all_sessions(user, actor=user, ip=client_ip(request))
    sign_in(request, user)
    return RedirectResponse("/account?done=everywhere", status_code=303)


async def _reset_page(
    request: Request,
    template: str,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "sent": bool(values.get("sent")),
        "by_sms": "sms" in message_channels(),
    }
    return await render(request, template, context, status_code=status_code)


def _too_many(wait: int) -> dict[str, str]:
    return {
        "form": _(
            "Too many attempts. Try again in %(minutes)s minutes.",
            minutes=minutes_to_wait(wait),
        )
    }


async def reset_request(request: Request) -> Response:
    """Ask for a code to set a new password. The answer is the same whether an account has the
    email or number or not: a reset form must not tell strangers who is registered."""
    if request.method == "GET":
        return await _reset_page(request, "accounts/reset_request.html", {})
    form = await form_text(request)
    login = form.get("login", "").strip()[:254]
    if not login:
        errors = {"login": _("Enter the email or mobile number of your account.")}
        return await _reset_page(request, "accounts/reset_request.html", form, errors, 400)
    ip = client_ip(request)
    throttle: AccountThrottle = request.app.state.account_throttle
    wait = await throttle.reset_request_wait(login_key(login), ip)
    if wait:
        await record_audit("account.reset_throttled", target=login, actor_label=login, ip=ip)
        return await _reset_page(request, "accounts/reset_request.html", form, _too_many(wait), 429)
    await throttle.reset_requested(login_key(login), ip)
    await password_reset.request_reset(login, ip=ip)
    return RedirectResponse(
        "/password-reset/new?" + urlencode({"login": login, "sent": "1"}), status_code=303
    )


async def reset_with_code(request: Request) -> Response:
    """Type the code (or follow the emailed link, which fills it in) and a new password."""
    template = "accounts/reset_code.html"
    if request.method == "GET":
        params = request.query_params
        values = {name: params.get(name, "")[:254] for name in ("login", "code", "sent")}
        return await _reset_page(request, template, values)
    form = await form_text(request)
    values = {name: form.get(name, "") for name in ("login", "code")}
    ip = client_ip(request)
    throttle: AccountThrottle = request.app.state.account_throttle
    account = login_key(values["login"])
    wait = await throttle.reset_guess_wait(account, ip)
    if wait:
        await record_audit(
            "account.reset_throttled", target=values["login"], actor_label=values["login"], ip=ip
        )
        return await _reset_page(request, template, values, _too_many(wait), 429)
    try:
        await password_reset.reset_password(form, ip=ip)
    except FormErrors as exc:
        if "code" in exc.errors:
            await throttle.reset_guess_failed(account, ip)
            values["code"] = ""  # a wrong code is typed again, not corrected
        return await _reset_page(request, template, values, exc.errors, 400)
    response = RedirectResponse("/login?done=reset", status_code=303)
    rotate_csrf_token(response)
    return response


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/register", register, methods=["GET", "POST"], name="register"),
            GET=EVERYONE.but(citizen=303, officer=303, admin=303, params=("next",)),
            POST=EVERYONE.but(
                anonymous=400,
                citizen=303,
                officer=303,
                admin=303,
                params=(*REGISTER_FIELDS, "password", "password_again", "next"),
            ),
        ),  # fmt: skip
        declare_access(
            Route("/password-reset", reset_request, methods=["GET", "POST"], name="password_reset"),
            GET=EVERYONE,
            POST=EVERYONE.but(
                anonymous=400, citizen=400, officer=400, admin=400, params=("login",)
            ),
        ),  # fmt: skip
        declare_access(
            Route(
                "/password-reset/new",
                reset_with_code,
                methods=["GET", "POST"],
                name="password_reset_code",
            ),
            GET=EVERYONE.but(params=("login", "code", "sent")),
            POST=EVERYONE.but(
                anonymous=400,
                citizen=400,
                officer=400,
                admin=400,
                params=("login", "code", "new_password", "new_password_again"),
            ),
        ),
        declare_access(
            Route("/account", profile, methods=["GET", "POST"], name="account"),
            GET=SIGNED_IN,
            POST=SIGNED_IN.but(
                citizen=400, officer=400, admin=400, params=("email", "phone", "locale")
            ),
        ),
        declare_access(
            Route("/account/password", password, methods=["POST"], name="account_password"),
            POST=SIGNED_IN.but(
                citizen=400,
                officer=400,
                admin=400,
                params=("current_password", "new_password", "new_password_again"),
            ),
        ),  # fmt: skip
        declare_access(
            Route("/account/sign-out-everywhere", sign_out_everywhere, methods=["POST"]),
            POST=SIGNED_IN.but(citizen=303, officer=303, admin=303),
        ),
    ]
