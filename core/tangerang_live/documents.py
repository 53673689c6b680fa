"""PDF uploads: sniffed by content, size-limited, refused when they carry active content.

A document is checked, never rewritten: the citizen's signed letter must stay byte for byte what
they sent. So the checks are strict instead. The bytes must start as a PDF and parse (``pypdf``);
encrypted files are refused (they cannot be inspected); and so is any file whose objects name
JavaScript, launch actions, embedded files or rich media, in the parsed object graph (where names
are decoded, so ``/J#61vaScript`` is caught) and in the raw bytes (where objects no reference
reaches still lie). Documents are private unless stored otherwise: ``file_url`` hands out signed
links that expire.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from io import BytesIO
from typing import TYPE_CHECKING

from starlette.datastructures import UploadFile

from tangerang_live.files import new_key, write_atomically
from tangerang_live.i18n import gettext as _
from tangerang_live.models import User
from tangerang_live.service_models import StoredFile
from tangerang_live.uploads import UploadError, _too_large

if TYPE_CHECKING:
    from pypdf import PdfReader

DEFAULT_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",
    }
)
"""PDF names of things a reader may run, open or send: a document holding any is refused."""
_RAW_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])")
MAX_OBJECTS = 200_000
"""A document with more objects than this is refused before it ties up a worker."""


def _refuse_active() -> UploadError:
    return UploadError(
        _("This PDF contains scripts, attachments or actions, which the portal does not accept."),
        "active_content",
    )


def _active_content(reader: PdfReader) -> bool:
    """Whether any object reachable from the trailer names active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > MAX_OBJECTS:
                return True
            item = item.get_object()
        if isinstance(item, NameObject) and item in ACTIVE_NAMES:
            return True
        if isinstance(item, DictionaryObject):
            if any(key in ACTIVE_NAMES for key in item):
                return True
            # Keys such as /Parent point back up the tree; the seen set stops the cycles.
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def _check_pdf(data: bytes) -> None:
    """Raise ``UploadError`` unless ``data`` is a plain, readable PDF (CPU-bound)."""
    # Imported here: every worker imports this module at start-up, few ever read a PDF.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise UploadError(_("Not a PDF document."), "not_pdf")
    if _RAW_ACTIVE.search(data):
        raise _refuse_active()
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadError(
                _("The PDF is protected with a password: upload it without the password."),
                "encrypted",
            )
        if len(reader.pages) == 0:
            raise UploadError(_("The PDF has no pages."), "damaged")
        active = _active_content(reader)
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise UploadError(_("The PDF is damaged and cannot be read."), "damaged") from exc
    if active:
        raise _refuse_active()


def _clean_name(filename: str) -> str:
    """The uploader's file name as shown back to people: no folders, no control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable()).strip()
    name = name[:200] or "dokumen.pdf"
    return name if name.lower().endswith(".pdf") else (name[:196] + ".pdf")


async def store_document_bytes(
    data: bytes,
    *,
    filename: str,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    owner: User | None = None,
    plugin: str = "core",
    public: bool = False,
) -> StoredFile:
    """Check a PDF and keep it under a generated name; return its row. Raises ``UploadError``.

    ``owner`` is the user who uploaded it (kept in ``uploaded_by``), ``plugin`` the plugin that
    stores it. Documents are private: ``file_url(stored)`` gives a signed link that expires, so
    who may open one is decided by who the page hands the link to. Call it inside the transaction
    of the record the document belongs to (a file left by a rollback is pruned later).
    """
    if not data:
        raise UploadError(_("The file is empty."), "empty")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    await asyncio.to_thread(_check_pdf, data)
    key = new_key()
    path = write_atomically(key, data)
    try:
        return await StoredFile.create(
            key=key,
            owner=plugin,
            content_type="application/pdf",
            size=len(data),
            width=0,
            height=0,
            thumbnail_key=None,
            public=public,
            name=_clean_name(filename),
            uploaded_by=owner,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


async def store_document(
    upload: UploadFile,
    *,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    owner: User | None = None,
    plugin: str = "core",
    public: bool = False,
) -> StoredFile:
    """``store_document_bytes`` for a form's file field; reads at most ``max_bytes + 1`` bytes."""
    await upload.seek(0)
    data = await upload.read(max_bytes + 1)
    return await store_document_bytes(
        data,
        filename=upload.filename or "",
        max_bytes=max_bytes,
        owner=owner,
        plugin=plugin,
        public=public,
    )
