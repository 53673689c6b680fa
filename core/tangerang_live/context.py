"""Links that leave the portal: absolute URLs built from ``PORTAL_PUBLIC_URL``."""

from __future__ import annotations

from tangerang_live.settings import active_settings


def absolute_url(path: str) -> str:
    """``path`` (``/laksa/r/LKS-2026-000123``) as an absolute URL on the portal's public address.

    For links that leave the portal (email, SMS, QR codes, feeds). Built from
    ``PORTAL_PUBLIC_URL`` (``Settings.public_url``), never from the request's Host header, which a
    client may forge to plant links to another site.
    """
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("absolute_url takes a path in the portal, such as /laksa/")
    return active_settings().public_url + path
