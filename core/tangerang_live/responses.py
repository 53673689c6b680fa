"""Answers that work the same for a plain form and for htmx."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response


def redirect(request: Request, url: str) -> Response:
    """Send the browser to ``url`` after a form succeeded.

    A plain form gets ``303 See Other`` (the browser then GETs ``url``, so reloading does not send
    the form again). An htmx request gets ``200`` with ``HX-Redirect``: htmx would otherwise follow
    the 303 itself and swap the whole next page into the form's target.
    """
    if request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
