"""Image uploads: what is refused, what is stored, and who can fetch it."""

from __future__ import annotations

import os
import time
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image
from processes import migrated_portal_env, run_cli
from starlette.datastructures import UploadFile
from tangerang_live import StoredFile, UploadError, file_url, i18n, store_image, store_image_bytes
from tangerang_live import files as storage
from tangerang_live.settings import Settings
from tangerang_live.testing import running_portal
from tortoise.transactions import in_transaction

GPS = {1: "S", 2: (6.0, 10.0, 36.0), 3: "E", 4: (106.0, 38.0, 25.8)}


def image_bytes(
    fmt: str, size: tuple[int, int] = (64, 48), *, exif: Image.Exif | None = None
) -> bytes:
    out = BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, size, (200, 80, 20, 255) if mode == "RGBA" else (200, 80, 20))
    image.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraWarga"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: must be stored upright
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def upload(data: bytes, filename: str = "foto.jpg") -> UploadFile:
    return UploadFile(file=BytesIO(data), filename=filename, size=len(data))


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
async def test_jpeg_png_and_webp_are_stored_with_a_thumbnail(tmp_path, fmt, content_type):
    async with running_portal(tmp_path):
        stored = await store_image(upload(image_bytes(fmt, (800, 600)), "x.bin"), owner="laksa")
        assert stored.content_type == content_type
        assert (stored.width, stored.height) == (800, 600)
        assert stored.owner == "laksa" and not stored.public
        with Image.open(storage.path_for(stored.key)) as kept:
            assert kept.format == fmt and kept.size == (800, 600)
        with Image.open(storage.path_for(stored.thumbnail_key)) as thumb:
            assert thumb.format == fmt and max(thumb.size) == 320
        assert stored.key not in {"x", "x.bin"} and len(stored.key) >= 32
        assert tmp_path / "var" / "uploads" in storage.path_for(stored.key).parents


async def test_gps_and_camera_data_are_gone_and_the_photo_stands_upright(tmp_path):
    async with running_portal(tmp_path):
        original = image_bytes("JPEG", (40, 20), exif=camera_exif())
        assert b"KameraWarga" in original
        stored = await store_image_bytes(original, owner="laksa")
        kept = storage.path_for(stored.key).read_bytes()
        assert b"KameraWarga" not in kept and b"Exif" not in kept
        with Image.open(BytesIO(kept)) as image:
            assert not image.getexif()
            assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
            assert image.size == (20, 40)  # turned by the orientation tag before it was dropped
        assert (stored.width, stored.height) == (20, 40)
        thumb = storage.path_for(stored.thumbnail_key).read_bytes()
        assert b"KameraWarga" not in thumb and b"Exif" not in thumb


async def test_webp_with_gps_loses_it_too(tmp_path):
    async with running_portal(tmp_path):
        stored = await store_image_bytes(image_bytes("WEBP", exif=camera_exif()), owner="laksa")
        with Image.open(storage.path_for(stored.key)) as image:
            assert not image.getexif()


async def test_a_file_over_the_limit_is_refused_without_reading_it_all(tmp_path):
    async with running_portal(tmp_path):
        big = BytesIO(b"\xff\xd8" + b"\0" * (6 * 1024 * 1024))
        token = i18n.current_locale.set("en")
        try:
            with pytest.raises(UploadError) as refused:
                await store_image(UploadFile(file=big, filename="besar.jpg"), owner="laksa")
            with pytest.raises(UploadError, match=r"at most 1 KB"):
                await store_image_bytes(
                    image_bytes("PNG", (300, 300)), owner="laksa", max_bytes=1000
                )
        finally:
            i18n.current_locale.reset(token)
        assert refused.value.code == "too_large"
        assert refused.value.message == "The file is too large (at most 5 MB)."
        assert big.tell() == 5 * 1024 * 1024 + 1  # stopped one byte past the limit
        assert not await StoredFile.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 this is a document, not a photo",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"GIF89a" + b"\0" * 100,
        b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10,
    ],
)
async def test_a_non_image_named_jpg_is_refused(tmp_path, data):
    async with running_portal(tmp_path):
        with pytest.raises(UploadError) as refused:
            await store_image(upload(data, "foto.jpg"), owner="laksa")
        assert refused.value.code in {"not_image", "damaged"}
        assert not await StoredFile.exists()
        assert not list((tmp_path / "var" / "uploads").glob("*/*"))


async def test_the_message_is_in_the_users_language(tmp_path):
    async with running_portal(tmp_path):
        token = i18n.current_locale.set("en")
        try:
            with pytest.raises(UploadError) as refused:
                await store_image_bytes(b"MZ\x90\x00 an executable", owner="laksa")
        finally:
            i18n.current_locale.reset(token)
        assert refused.value.message == "Not a JPEG, PNG or WebP image."


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
async def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    out = BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a small file
    assert len(out.getvalue()) < 5 * 1024 * 1024
    async with running_portal(tmp_path):
        with pytest.raises(UploadError) as refused:
            await store_image_bytes(out.getvalue(), owner="laksa")
        assert refused.value.code == "too_many_pixels"
        assert not await StoredFile.exists()


async def test_empty_file_is_refused(tmp_path):
    async with running_portal(tmp_path):
        with pytest.raises(UploadError) as refused:
            await store_image(upload(b"", "kosong.jpg"), owner="laksa")
        assert refused.value.code == "empty"


async def test_a_rolled_back_upload_leaves_no_row_and_prune_removes_its_files(tmp_path):
    async with running_portal(tmp_path):
        keep = await store_image_bytes(image_bytes("JPEG"), owner="laksa")
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await store_image_bytes(image_bytes("PNG"), owner="laksa")
                raise RuntimeError("the report could not be saved")
        assert await StoredFile.all().count() == 1
        leftovers = [
            p
            for p in (tmp_path / "var" / "uploads").glob("*/*")
            if p.name not in {keep.key, keep.thumbnail_key}
        ]
        assert len(leftovers) == 2
        assert await storage.prune_files() == []  # too young: its transaction might still commit
        removed = await storage.prune_files(grace_seconds=0)
        assert sorted(removed) == sorted(leftovers)
        assert (
            storage.path_for(keep.key).is_file() and storage.path_for(keep.thumbnail_key).is_file()
        )


async def test_public_files_are_served_with_safe_headers(tmp_path):
    async with running_portal(tmp_path) as client:
        stored = await store_image_bytes(image_bytes("PNG", (800, 600)), owner="laksa", public=True)
        url = file_url(stored)
        assert url == f"/files/{stored.key}"
        response = await client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-disposition"] == "inline"
        assert "immutable" in response.headers["cache-control"]
        assert response.content == storage.path_for(stored.key).read_bytes()
        thumb = await client.get(file_url(stored, thumbnail=True))
        assert thumb.status_code == 200
        assert thumb.content == storage.path_for(stored.thumbnail_key).read_bytes()
        assert thumb.content != response.content
        assert (await client.get("/files/no-such-key")).status_code == 404


async def test_private_files_need_a_valid_unexpired_signature(tmp_path):
    async with running_portal(tmp_path) as client:
        stored = await store_image_bytes(image_bytes("JPEG"), owner="laksa")
        url = file_url(stored)
        assert url.startswith(f"/files/{stored.key}?exp=") and "&sig=" in url
        ok = await client.get(url)
        assert ok.status_code == 200 and ok.headers["cache-control"].startswith("private")
        assert (await client.get(f"/files/{stored.key}")).status_code == 404
        tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
        assert (await client.get(tampered)).status_code == 404
        # A signature for the thumbnail does not open the full picture.
        thumb_url = file_url(stored, thumbnail=True)
        thumb_query = thumb_url.split("?", 1)[1]
        assert (await client.get(thumb_url)).status_code == 200
        assert (await client.get(f"/files/{stored.key}?{thumb_query}")).status_code == 404
        expires, signature = storage.sign(stored.key, now=time.time() - 3 * 3600)
        old = f"/files/{stored.key}?exp={expires}&sig={signature}"
        assert (await client.get(old)).status_code == 404
        # Absolute on the portal's public address, whatever Host the request came with.
        absolute = file_url(stored, request=_FakeRequest())
        public_url = client.portal.settings.public_url
        assert absolute.startswith(f"{public_url}/files/") and "portal.example" not in absolute


class _FakeRequest:
    base_url = "https://portal.example/"


keys = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
    min_size=8,
    max_size=40,
)
moments = st.floats(min_value=1.7e9, max_value=2.0e9)


@settings(max_examples=200)
@given(keys, moments, st.floats(min_value=0, max_value=3600))
def test_a_signature_works_for_at_least_an_hour(tmp_path_factory, key, now, later):
    storage.configure_files(Settings(var_dir=Path("var"), secret_key="uji-kunci-rahasia"))
    expires, signature = storage.sign(key, now=now)
    assert now + 3600 <= expires <= now + 7200
    assert storage.signature_valid(key, str(expires), signature, now=now + later)
    assert not storage.signature_valid(key, str(expires), signature, now=expires)


@given(keys, keys, moments)
def test_a_signature_opens_only_its_own_key_and_expiry(key, other, now):
    storage.configure_files(Settings(var_dir=Path("var"), secret_key="uji-kunci-rahasia"))
    expires, signature = storage.sign(key, now=now)
    if other != key:
        assert not storage.signature_valid(other, str(expires), signature, now=now)
    assert not storage.signature_valid(key, str(expires + 3600), signature, now=now)
    assert not storage.signature_valid(key, "soon", signature, now=now)
    storage.configure_files(Settings(var_dir=Path("var"), secret_key="kunci-lain"))
    assert not storage.signature_valid(key, str(expires), signature, now=now)


def test_files_prune_command_removes_only_old_orphans(tmp_path):
    env = migrated_portal_env(tmp_path / "var")
    uploads = tmp_path / "var" / "uploads" / "ab"
    uploads.mkdir(parents=True)
    old, fresh = uploads / "abOrphanedLongAgo", uploads / "abStillUploading"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    long_ago = time.time() - 2 * 3600
    os.utime(old, (long_ago, long_ago))
    result = run_cli(env, "files", "prune")
    assert result.returncode == 0, result.stderr
    assert "removed 1 file(s)" in result.stdout
    assert not old.exists() and fresh.exists()


async def test_a_transparent_png_stays_transparent(tmp_path):
    picture = Image.new("P", (60, 40), 0)
    picture.putpalette([255, 255, 255, 200, 0, 0] + [0, 0, 0] * 254)
    picture.paste(1, (10, 10, 30, 30))
    out = BytesIO()
    picture.save(out, "PNG", transparency=0)
    async with running_portal(tmp_path):
        stored = await store_image_bytes(out.getvalue(), owner="laksa")
        with Image.open(storage.path_for(stored.key)) as kept:
            rgba = kept.convert("RGBA")
            assert rgba.getpixel((0, 0))[3] == 0  # the background is still see-through
            assert rgba.getpixel((15, 15)) == (200, 0, 0, 255)
