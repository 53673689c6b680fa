"""Image uploads: size-limited, sniffed by content, re-encoded without metadata, with thumbnails.

Nothing the uploader says is trusted: not the file name, not the Content-Type. Pillow decides what
the bytes are, and only JPEG, PNG and WebP pass. Every image is decoded and encoded again, which
drops EXIF (camera, time, GPS position), XMP and text chunks, and turns the picture upright first
so that dropping the orientation tag does not leave it lying on its side.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError
from starlette.datastructures import UploadFile

from tangerang_live.files import new_key, write_atomically
from tangerang_live.i18n import gettext as _
from tangerang_live.service_models import StoredFile

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
"""Larger images are refused before decoding: a small file can unpack into gigabytes."""
THUMBNAIL_SIZE = 320
JPEG_QUALITY = 85

_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA"}


class UploadError(ValueError):
    """An upload that is refused; ``message`` is the translated text to show next to the field."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        """Stable, untranslated reason for APIs: ``empty``, ``too_large``, ``not_image``,
        ``too_many_pixels`` or ``damaged``."""


@dataclass(frozen=True)
class _Encoded:
    format: str
    width: int
    height: int
    image: bytes
    thumbnail: bytes


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{-(-size // 1024)} KB"


def _encode(image: Image.Image, fmt: str, icc_profile: bytes | None) -> bytes:
    out = BytesIO()
    # No exif=, xmp= or pnginfo= is passed, so none of the source's metadata is written. The
    # colour profile stays: it says how to show the colours (phones shoot in Display P3), not
    # who took the picture or where.
    colour = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "JPEG":
        if image.mode not in {"L", "RGB"}:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **colour)
    elif fmt == "WEBP":
        if image.mode not in {"RGB", "RGBA"}:
            transparent = "A" in image.getbands() or "transparency" in image.info
            image = image.convert("RGBA" if transparent else "RGB")
        image.save(out, "WEBP", quality=JPEG_QUALITY, method=4, **colour)
    else:
        if image.mode not in _PNG_MODES:
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True, **colour)
    return out.getvalue()


def _reencode(data: bytes) -> _Encoded:
    """Decode ``data`` as JPEG/PNG/WebP and encode it again, plus a thumbnail (CPU-bound)."""
    try:
        source = Image.open(BytesIO(data), formats=list(_CONTENT_TYPES))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadError(_("Not a JPEG, PNG or WebP image."), "not_image") from exc
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    with source:
        fmt = source.format or ""
        width, height = source.size
        if width * height > MAX_PIXELS:
            raise _too_many_pixels()
        try:
            source.load()  # the first frame only: animations become still pictures
            upright = ImageOps.exif_transpose(source)
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels() from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise UploadError(_("The image is damaged and cannot be read."), "damaged") from exc
    icc_profile = upright.info.get("icc_profile")
    # Of the source's info only a palette's transparent colour stays: it is part of the picture.
    upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
    thumbnail = upright.copy()
    thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return _Encoded(
        format=fmt,
        width=upright.width,
        height=upright.height,
        image=_encode(upright, fmt, icc_profile),
        thumbnail=_encode(thumbnail, fmt, icc_profile),
    )


def _too_many_pixels() -> UploadError:
    return UploadError(
        _("The image is too large (at most %(limit)s megapixels).", limit=MAX_PIXELS // 1_000_000),
        "too_many_pixels",
    )


def _too_large(max_bytes: int) -> UploadError:
    return UploadError(
        _("The file is too large (at most %(limit)s).", limit=_human_size(max_bytes)),
        "too_large",
    )


_DECODING = asyncio.Semaphore(2)
"""At most two images are decoded at once per worker: with the pixel cap, memory stays bounded
however many uploads arrive together."""


@dataclass(frozen=True)
class PreparedImage:
    """An image checked, re-encoded and written to disk, not yet recorded (see ``save_image``)."""

    key: str
    thumbnail_key: str
    content_type: str
    size: int
    width: int
    height: int


async def prepare_image(
    source: UploadFile | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> PreparedImage:
    """Check and re-encode an image in a worker thread, and write it and its thumbnail to disk.
    Raises ``UploadError``.

    Call it before opening the transaction of the record the image belongs to, so the CPU work
    never holds a database connection or SQLite's write lock; then ``save_image`` inside it.
    Files of an image never saved stay without a row until ``tangerang-live files prune``.
    """
    if isinstance(source, UploadFile):
        await source.seek(0)
        data = await source.read(max_bytes + 1)
    else:
        data = source
    if not data:
        raise UploadError(_("The file is empty."), "empty")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    async with _DECODING:
        encoded = await asyncio.to_thread(_reencode, data)
    key, thumbnail_key = new_key(), new_key()
    written = [write_atomically(key, encoded.image)]
    try:
        written.append(write_atomically(thumbnail_key, encoded.thumbnail))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return PreparedImage(
        key=key,
        thumbnail_key=thumbnail_key,
        content_type=_CONTENT_TYPES[encoded.format],
        size=len(encoded.image),
        width=encoded.width,
        height=encoded.height,
    )


async def save_image(prepared: PreparedImage, *, owner: str, public: bool = False) -> StoredFile:
    """Record a prepared image; call it inside the transaction of the record it belongs to."""
    return await StoredFile.create(
        key=prepared.key,
        owner=owner,
        content_type=prepared.content_type,
        size=prepared.size,
        width=prepared.width,
        height=prepared.height,
        thumbnail_key=prepared.thumbnail_key,
        public=public,
    )


async def store_image_bytes(
    data: bytes, *, owner: str, max_bytes: int = DEFAULT_MAX_BYTES, public: bool = False
) -> StoredFile:
    """Check, re-encode and keep an image; return its row. Raises ``UploadError``.

    ``prepare_image`` then ``save_image``: when the image belongs to a record stored in a
    transaction, call those two apart instead, the first before the transaction.
    """
    return await save_image(
        await prepare_image(data, max_bytes=max_bytes), owner=owner, public=public
    )


async def store_image(
    upload: UploadFile, *, owner: str, max_bytes: int = DEFAULT_MAX_BYTES, public: bool = False
) -> StoredFile:
    """``store_image_bytes`` for a form's file field; reads at most ``max_bytes + 1`` bytes."""
    prepared = await prepare_image(upload, max_bytes=max_bytes)
    return await save_image(prepared, owner=owner, public=public)
