"""Account pages: registration, the profile with its password form, signing out everywhere."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from tangerang_live.accounts import (
    FormErrors,
    change_password,
    end_all_sessions,
    register_citizen,
    update_contact,
)
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
from tangerang_live.portal import render
from tangerang_live.route_access import EVERYONE, SIGNED_IN, declare_access
from tangerang_live.web import client_ip, form_text, minutes_to_wait

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
        return await render(request, "accounts/register.html", {"values": {}, "errors": {}})
    form = await form_text(request)
    values = {field: form.get(field, "") for field in REGISTER_FIELDS}
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
    response = RedirectResponse("/account?done=registered", status_code=303)
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


def routes() -> list[BaseRoute]:
    return [
        declare_access(
            Route("/register", register, methods=["GET", "POST"], name="register"),
            GET=EVERYONE.but(citizen=303, officer=303, admin=303),
            POST=EVERYONE.but(
                anonymous=400,
                citizen=303,
                officer=303,
                admin=303,
                params=(*REGISTER_FIELDS, "password", "password_again"),
            ),
        ),  # fmt: skip
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
