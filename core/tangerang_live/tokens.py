"""Signed tokens and QR codes: a payload that comes back unchanged, or not at all.

A token carries a small JSON payload signed with the portal's secret (``itsdangerous``) for one
purpose, with an optional expiry. Put it in a link or a QR code (a printed AK/1 card, a queue
ticket) and a public page can verify it without a database lookup of a secret. Tokens are signed,
not encrypted: anyone may read the payload, so put ids in it, never personal data.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup, escape

from tangerang_live.settings import active_settings


class InvalidToken(ValueError):
    """A token that was tampered with, made for another purpose, or has expired.

    ``reason`` is ``"invalid"`` or ``"expired"``: an expired ticket may deserve a kinder message
    than a forged one.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"token {reason}")
        self.reason = reason


def _serializer(purpose: str) -> URLSafeSerializer:
    if not purpose:
        raise ValueError("a token needs a purpose, such as 'siap_kerja.card'")
    return URLSafeSerializer(active_settings().signing_key, salt=f"tangerang_live.token:{purpose}")


def sign_token(
    payload: dict[str, Any], *, purpose: str, expires_in: timedelta | None = None
) -> str:
    """A URL-safe token carrying ``payload`` (JSON-serialisable), valid only for ``purpose``.

    With ``expires_in`` the token stops verifying after that long. Changing ``SECRET_KEY``
    invalidates every token.
    """
    body: dict[str, Any] = {"p": payload}
    if expires_in is not None:
        body["e"] = int(time.time() + expires_in.total_seconds())
    return str(_serializer(purpose).dumps(body))


def verify_token(token: str, *, purpose: str) -> dict[str, Any]:
    """The payload of a token made by ``sign_token`` for ``purpose``; raises ``InvalidToken``."""
    try:
        body = _serializer(purpose).loads(token)
    except BadSignature as exc:
        raise InvalidToken("invalid") from exc
    if not isinstance(body, dict) or not isinstance(body.get("p"), dict):
        raise InvalidToken("invalid")
    if "e" in body and body["e"] <= time.time():
        raise InvalidToken("expired")
    return body["p"]


def qr_svg(data: str, *, label: str = "") -> Markup:
    """``data`` (a URL, usually) as a QR code: an inline ``<svg>`` to put in a page.

    ``label`` is what a screen reader says instead of the picture ("QR code of card AK1-…"); also
    print the data or a short code beside it for people who cannot scan. Made by ``segno``, with
    medium error correction so a creased printout still scans. Size it with CSS.
    """
    import segno  # here, not at start-up: most workers draw no QR code for a while

    svg = segno.make(data, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="qr-code", lineclass=None
    )
    attributes = f'role="img" aria-label="{escape(label or data)}"'
    return Markup(svg.replace("<svg ", f"<svg {attributes} ", 1))
