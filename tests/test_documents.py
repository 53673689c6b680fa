"""PDF documents: only plain PDFs are kept, privately, behind links that expire."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from starlette.datastructures import UploadFile
from tangerang_live import StoredFile, UploadError, file_url, store_document, store_document_bytes
from tangerang_live.testing import create_user, running_portal


def action(kind: str, **entries: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject(kind),
            **{NameObject(f"/{k}"): TextStringObject(v) for k, v in entries.items()},
        }
    )


def pdf(*, open_action: DictionaryObject | None = None, attach: bool = False, password: str = ""):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if open_action is not None:
        writer._root_object[NameObject("/OpenAction")] = open_action
    if attach:
        writer.add_attachment("payload.exe", b"MZ")
    if password:
        writer.encrypt(password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


JAVASCRIPT = pdf(open_action=action("/JavaScript", JS="app.alert('hai')"))
REFUSED = {
    "javascript": (JAVASCRIPT, "active_content"),
    # Names spelt with #xx escapes read the same to a PDF reader.
    "escaped javascript": (
        JAVASCRIPT.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 "),
        "active_content",
    ),
    "launch": (pdf(open_action=action("/Launch", F="cmd.exe")), "active_content"),
    "embedded file": (pdf(attach=True), "active_content"),
    "password": (pdf(password="rahasia"), "encrypted"),
    "not a pdf": (b"GIF89a not a pdf at all", "not_pdf"),
    "image renamed .pdf": (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not_pdf"),
    "damaged": (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged"),
    "empty": (b"", "empty"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_anything_but_a_plain_pdf_is_refused_with_a_reason(tmp_path, case):
    data, code = REFUSED[case]
    async with running_portal(tmp_path):
        with pytest.raises(UploadError) as refused:
            await store_document_bytes(data, filename="surat.pdf")
        assert refused.value.code == code and refused.value.message
        assert await StoredFile.all().count() == 0


async def test_a_document_over_the_limit_is_refused_before_it_is_parsed(tmp_path):
    async with running_portal(tmp_path):
        with pytest.raises(UploadError) as refused:
            await store_document_bytes(pdf() + b"%" * 2048, filename="a.pdf", max_bytes=1024)
        assert refused.value.code == "too_large" and "1 KB" in refused.value.message


async def test_a_plain_pdf_is_kept_unchanged_and_served_only_through_a_signed_link(tmp_path):
    letter = pdf(open_action=action("/URI", URI="https://tangerangkota.go.id"))
    async with running_portal(tmp_path) as client:
        citizen = await create_user("warga@example.org")
        upload = UploadFile(BytesIO(letter), filename="C:\\Users\\warga\\Surat Lamaran\u202e.pdf")
        stored = await store_document(upload, owner=citizen, plugin="siap_kerja")
        assert stored.content_type == "application/pdf" and stored.public is False
        assert (stored.owner, stored.uploaded_by_id) == ("siap_kerja", citizen.id)
        assert stored.name == "Surat Lamaran.pdf" and stored.key not in stored.name

        url = file_url(stored)
        assert re.fullmatch(rf"/files/{stored.key}\?exp=\d+&sig=[0-9a-f]+", url)
        served = await client.get(url)
        assert served.status_code == 200 and served.content == letter
        assert served.headers["content-type"] == "application/pdf"
        assert served.headers["content-disposition"] == (
            "inline; filename*=UTF-8''Surat%20Lamaran.pdf"
        )
        assert served.headers["x-content-type-options"] == "nosniff"
        assert (await client.get(f"/files/{stored.key}")).status_code == 404
        forged = url.replace("sig=", "sig=0")
        assert (await client.get(forged)).status_code == 404
        with pytest.raises(ValueError):
            file_url(stored, thumbnail=True)
