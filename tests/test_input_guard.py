"""The ``InputGuard`` refuses multipart forms with null bytes or broken text at the edge (400, a
clear message), however the body is cut into chunks, and lets every clean form through whole."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tangerang_live.middleware import InputGuard, LocaleMiddleware
from tangerang_live.models import User
from tangerang_live.testing import running_portal

BOUNDARY = "pembatas-formulir"
REFUSAL = "The form contains invalid characters."


async def echo(request: Request) -> JSONResponse:
    form = await request.form()
    return JSONResponse(
        {
            name: value if isinstance(value, str) else {"file": value.filename}
            for name, value in form.multi_items()
        }
    )


GUARDED = Starlette(
    routes=[Route("/form", echo, methods=["POST"]), Route("/api/form", echo, methods=["POST"])],
    middleware=[
        Middleware(LocaleMiddleware),
        Middleware(InputGuard, max_body=1 << 20, max_form=1 << 16, api_prefixes=("/api",)),
    ],
)


def multipart(*parts: tuple[bytes, bytes, bytes | None]) -> bytes:
    """A multipart body of (name, value, file name or None) parts, byte for byte as given."""
    body = b""
    for name, value, filename in parts:
        disposition = b'form-data; name="' + name + b'"'
        if filename is not None:
            disposition += b'; filename="' + filename + b'"'
        body += b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: " + disposition + b"\r\n"
        if filename is not None:
            body += b"Content-Type: application/octet-stream\r\n"
        body += b"\r\n" + value + b"\r\n"
    return body + b"--" + BOUNDARY.encode() + b"--\r\n"


async def post(body: bytes, *, chunk: int | None = None, path: str = "/form") -> httpx.Response:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), chunk or len(body) or 1):
            yield body[start : start + (chunk or len(body))]

    transport = httpx.ASGITransport(app=GUARDED)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.post(
            path,
            content=chunks() if chunk else body,
            headers={
                "content-type": f"multipart/form-data; boundary={BOUNDARY}",
                "cookie": "lang=en",  # the refusal speaks the language the visitor chose
                # Announced, so the guard streams the body instead of reading it whole first.
                "content-length": str(len(body)),
            },
        )


async def test_a_null_byte_in_a_text_field_is_refused_with_a_message():
    response = await post(multipart((b"judul", b"jalan\x00rusak", None)))
    assert response.status_code == 400
    assert response.text == REFUSAL


async def test_names_of_fields_and_files_are_checked_too():
    for part in (
        (b"ju\x00dul", b"jalan rusak", None),
        (b"foto", b"\xff\xd8 not looked at", b"foto\x00.jpg"),
        (b"foto", b"\xff\xd8", b"foto%00.jpg\"; filename*=utf-8''foto%00.jpg"),
    ):
        for chunk in (None, 1, 7):  # the header whole, or cut anywhere
            response = await post(multipart(part), chunk=chunk)
            assert (response.status_code, response.text) == (400, REFUSAL), (part, chunk)


async def test_text_that_is_not_utf8_is_refused_but_file_contents_are_not_read():
    assert (await post(multipart((b"judul", b"\xc3\x28", None)))).status_code == 400
    binary = multipart((b"foto", b"\x00\xff\xfe\x00", b"foto.jpg"))
    response = await post(binary)
    assert response.json() == {"foto": {"file": "foto.jpg"}}


async def test_under_an_api_prefix_the_refusal_is_json():
    response = await post(multipart((b"description", b"a\x00b", None)), path="/api/form")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": REFUSAL}]


@given(
    fields=st.lists(
        st.tuples(
            st.text("abcdefghij_", min_size=1, max_size=8),
            st.text(st.characters(codec="utf-8", exclude_characters="\x00\r")),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda f: f[0],
    ),
    chunk=st.integers(1, 64),
    poison=st.none() | st.tuples(st.integers(0, 3), st.integers(0, 100)),
)
async def test_however_the_body_is_cut_clean_forms_pass_and_a_null_byte_is_found(
    fields, chunk, poison
):
    """Multi-byte characters and the null byte fall anywhere across chunk boundaries."""
    encoded = [(name.encode(), value.encode()) for name, value in fields]
    if poison is not None:
        which, at = poison[0] % len(encoded), poison[1]
        name, value = encoded[which]
        encoded[which] = (name, value[:at] + b"\x00" + value[at:])
    response = await post(multipart(*((n, v, None) for n, v in encoded)), chunk=chunk)
    if poison is None:
        assert response.status_code == 200
        assert response.json() == dict(fields)
    else:
        assert (response.status_code, response.text) == (400, REFUSAL)


async def test_a_registration_sent_as_multipart_with_a_null_byte_stores_nothing(tmp_path):
    """Through the whole portal on the configured database (PostgreSQL would refuse the byte)."""
    async with running_portal(tmp_path) as client:
        await client.get("/register")
        fields = {
            "full_name": "Budi\x00Santoso",
            "nik": "3671010101900001",
            "email": "budi@contoh.id",
            "password": "sandi-yang-cukup-panjang",
            "password_confirm": "sandi-yang-cukup-panjang",
        }
        response = await client.post(
            "/register", data=fields, files={"unused": ("a.txt", b"x", "text/plain")}
        )
        assert response.status_code == 400
        assert response.text == "Formulir berisi karakter yang tidak sah."
        assert not await User.exists(email="budi@contoh.id")
