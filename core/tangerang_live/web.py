"""Small helpers for views: the client's address, a form's text fields, a wait as people read it."""

from __future__ import annotations

from starlette.requests import Request


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


async def form_text(request: Request) -> dict[str, str]:
    """A submitted form's text fields (uploads left out)."""
    form = await request.form()
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def minutes_to_wait(seconds: int) -> int:
    """A rate limit's wait as people read it: whole minutes, at least one."""
    return max(1, -(-seconds // 60))


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: where to go after signing in or
    registering. Anything else (``//evil.example``, ``/\\evil.example``, which browsers read as
    another host, a scheme, control characters) would let a phishing link borrow our sign-in
    page as an open redirect."""
    if (
        not target
        or len(target) > 2000
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 0x21 or ord(c) == 0x7F for c in target)
    ):
        return default
    return target
