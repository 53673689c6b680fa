"""Stored files on disk: where they live, signed URLs, the ``/files/{key}`` route and pruning.

Files are named by random keys, never by what the uploader called them. A public file has a plain
URL; a private one is served only with a signature that expires, so whoever renders a page decides
who may see a file simply by handing out its URL or not.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from tangerang_live.auth import current_user
from tangerang_live.models import User
from tangerang_live.service_models import StoredFile
from tangerang_live.settings import Settings, active_settings, use_settings

SIGNED_URL_SECONDS = 3600
"""A private file's URL works for at least this long after the page handed it out."""
PRUNE_GRACE_SECONDS = 3600
"""Files younger than this are never pruned: their row may be in a transaction not yet committed."""


def configure_files(settings: Settings) -> None:
    """Use ``settings`` (upload folder, signing key) for files from now on in this process."""
    use_settings(settings)


def upload_dir() -> Path:
    settings = active_settings()
    return settings.upload_dir or settings.var_dir / "uploads"


MAX_KEY_LENGTH = 64
"""The key columns' width."""


def new_key() -> str:
    """A random, unguessable file key, safe in a URL and a file name."""
    return secrets.token_urlsafe(24)


def path_for(key: str) -> Path:
    # Two levels of fan-out keep folders small at hundreds of thousands of files.
    return upload_dir() / key[:2] / key


def write_atomically(key: str, data: bytes) -> Path:
    """Write ``data`` under ``key``: a reader sees the whole file or none of it."""
    target = path_for(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _signature(key: str, expires: int, viewer: int | None = None) -> str:
    secret = active_settings().signing_key.encode()
    message = f"file:{key}:{expires}" + ("" if viewer is None else f":user:{viewer}")
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:32]


def sign(key: str, *, now: float | None = None, viewer: int | None = None) -> tuple[int, str]:
    """Expiry and signature for ``key`` (for the user with id ``viewer`` only, when given).

    The expiry is rounded up to a whole hour, so the same file keeps the same URL for a while and
    browsers can cache it; it lies between one and two hours ahead.
    """
    now = time.time() if now is None else now
    expires = (int(now) // SIGNED_URL_SECONDS + 2) * SIGNED_URL_SECONDS
    return expires, _signature(key, expires, viewer)


def signature_valid(
    key: str,
    expires: str,
    signature: str,
    *,
    now: float | None = None,
    viewer: int | None = None,
) -> bool:
    """Whether ``signature`` was made for ``key``, ``expires`` (and ``viewer``), and that moment
    is ahead."""
    if not (expires.isascii() and expires.isdigit() and len(expires) <= 12):
        return False
    now = time.time() if now is None else now
    if int(expires) <= now:
        return False
    return hmac.compare_digest(_signature(key, int(expires), viewer), signature)


def file_url(
    stored: StoredFile,
    *,
    thumbnail: bool = False,
    request: Request | None = None,
    viewer: User | None = None,
) -> str:
    """The URL of a stored file (or its thumbnail); absolute (on ``PORTAL_PUBLIC_URL``) when
    ``request`` is given.

    Public files get a plain URL; private ones a signed URL that expires (see ``sign``). With
    ``viewer``, a private file's URL works only in a session of that user: passed on to anyone
    else, or opened after signing out, it answers 404.
    """
    if thumbnail and stored.thumbnail_key is None:
        raise ValueError("a document has no thumbnail")
    key = stored.thumbnail_key if thumbnail and stored.thumbnail_key else stored.key
    url = f"/files/{key}"
    if not stored.public:
        viewer_id = viewer.id if viewer is not None else None
        expires, signature = sign(key, viewer=viewer_id)
        url += f"?exp={expires}&sig={signature}"
        if viewer_id is not None:
            url += "&for=user"
    if request is not None:
        # From PORTAL_PUBLIC_URL: a forged Host header must not plant links to another site.
        url = active_settings().public_url + url
    return url


async def serve_file(request: Request) -> Response:
    """``/files/{key}``: the bytes of a stored file or thumbnail, if the URL allows it."""
    key = request.path_params["key"]
    if len(key) > MAX_KEY_LENGTH:
        raise HTTPException(404)  # no key is that long, and the database would refuse it
    stored = await StoredFile.filter(key=key).first()
    if stored is None:
        stored = await StoredFile.filter(thumbnail_key=key).first()
    if stored is None:
        raise HTTPException(404)
    viewer = None
    if request.query_params.get("for") == "user":
        user = await current_user(request)
        if user is None:
            raise HTTPException(404)
        viewer = user.id
    if not stored.public and not signature_valid(
        key,
        request.query_params.get("exp", ""),
        request.query_params.get("sig", ""),
        viewer=viewer,
    ):
        raise HTTPException(404)  # not 403: a private file's existence is not disclosed
    path = path_for(key)
    if not path.is_file():
        raise HTTPException(404)
    # Keys never change content, so a public file may be cached for good; a private one only
    # by the browser, until its URL expires.
    cache = "public, max-age=31536000, immutable" if stored.public else "private, max-age=3600"
    return FileResponse(
        path,
        media_type=stored.content_type,
        # X-Content-Type-Options: nosniff comes with every response (SecurityHeadersMiddleware).
        headers={"Content-Disposition": _disposition(stored.name), "Cache-Control": cache},
    )


def _disposition(name: str) -> str:
    """Shown in the browser; a document saved from it keeps the name its uploader gave."""
    if not name:
        return "inline"
    return f"inline; filename*=UTF-8''{quote(name, safe='')}"


async def prune_files(*, grace_seconds: float = PRUNE_GRACE_SECONDS) -> list[Path]:
    """Delete files on disk that no ``StoredFile`` row names; return what was deleted.

    Such files come from uploads whose transaction rolled back, or from rows a plugin deleted.
    Files younger than ``grace_seconds`` stay: their transaction may still commit.
    """
    root = upload_dir()
    if not root.is_dir():
        return []
    cutoff = time.time() - grace_seconds
    candidates = [p for p in root.glob("*/*") if p.is_file() and p.stat().st_mtime < cutoff]
    known: set[str] = set()
    names = [p.name for p in candidates if not p.name.startswith(".tmp-")]
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        known.update(await StoredFile.filter(key__in=chunk).values_list("key", flat=True))  # type: ignore[arg-type]  # tortoise types flat values_list rows as tuples
        known.update(
            await StoredFile.filter(thumbnail_key__in=chunk).values_list("thumbnail_key", flat=True)  # type: ignore[arg-type]  # tortoise types flat values_list rows as tuples
        )
    removed = [p for p in candidates if p.name not in known]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
