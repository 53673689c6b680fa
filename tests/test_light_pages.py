"""Light on prepaid data: compressed answers, 304 for what the phone already has, static files kept
for a year, and an installable portal (favicon, web app manifest)."""

from __future__ import annotations

import json
import re

from tangerang_live.testing import create_user, running_portal

PASSWORD = "sandi-budi-panjang"
GZIP = {"accept-encoding": "gzip"}


def _static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


async def test_pages_styles_and_scripts_travel_compressed(tmp_path):
    async with running_portal(tmp_path) as client:
        home = await client.get("/", headers=GZIP)
        assert home.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in home.headers["vary"].lower()
        assert "Layanan publik Kota Tangerang" in home.text  # httpx unpacks it, as browsers do
        styles_and_scripts = [u for u in _static_urls(home.text) if ".css?" in u or ".js?" in u]
        assert len(styles_and_scripts) >= 3
        for url in styles_and_scripts:
            asset = await client.get(url, headers=GZIP)
            assert asset.status_code == 200, url
            assert asset.headers.get("content-encoding") == "gzip", url
        plain = await client.get("/", headers={"accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.text == home.text
        listing = await client.get("/-/plugins.json", headers=GZIP)
        assert listing.status_code == 200 and "plugins" in listing.json()


async def test_event_streams_are_never_compressed_nor_held_back(hello_city, tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        async with client.stream("GET", "/hello/events", headers=GZIP) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert "content-encoding" not in stream.headers
            assert "etag" not in stream.headers
            body = b"".join([chunk async for chunk in stream.aiter_raw()])
        assert body.count(b"event: queue") == 3


async def test_a_returning_visitor_gets_304_for_an_unchanged_public_page(tmp_path):
    async with running_portal(tmp_path) as client:
        first = await client.get("/")
        etag = first.headers["etag"]
        assert etag.startswith('W/"')
        assert first.headers["cache-control"] == "no-cache"  # kept, but asked about each time

        again = await client.get("/", headers={"if-none-match": etag, **GZIP})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert "content-encoding" not in again.headers
        assert "content-security-policy" in again.headers

        other = await client.get("/", headers={"if-none-match": 'W/"something-else"'})
        assert other.status_code == 200 and other.text == first.text
        assert (await client.get("/", headers={"if-none-match": f'"x", {etag}'})).status_code == 304

        # The page changes (English chosen): the old copy is no longer good.
        await client.post("/language", data={"lang": "en"})
        english = await client.get("/", headers={"if-none-match": etag})
        assert english.status_code == 200 and english.headers["etag"] != etag


async def test_pages_seen_in_a_session_never_get_an_etag(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        await client.sign_in("budi@contoh.id", PASSWORD)
        home = await client.get("/")
        assert home.status_code == 200
        assert "etag" not in home.headers
        account = await client.get("/account", headers={"if-none-match": "*"})
        assert account.status_code == 200 and "etag" not in account.headers


async def test_errors_and_forms_answers_get_no_etag(tmp_path):
    async with running_portal(tmp_path) as client:
        missing = await client.get("/tidak-ada", headers={"if-none-match": "*"})
        assert missing.status_code == 404 and "etag" not in missing.headers
        refused = await client.post("/login", data={"email": "", "password": ""})
        assert refused.status_code == 400 and "etag" not in refused.headers


async def test_static_files_with_a_content_hash_are_kept_for_a_year(tmp_path):
    async with running_portal(tmp_path) as client:
        home = await client.get("/")
        urls = _static_urls(home.text)
        assert urls and all("?v=" in url for url in urls)
        for url in urls:
            asset = await client.get(url)
            assert asset.headers["cache-control"] == "public, max-age=31536000, immutable", url
            # Never asked about again, so it carries nothing to ask with.
            assert "etag" not in asset.headers and "last-modified" not in asset.headers, url
        unversioned = await client.get(urls[0].split("?")[0])
        assert unversioned.headers["cache-control"] == "no-cache"
        assert "etag" in unversioned.headers
        again = await client.get(
            urls[0].split("?")[0], headers={"if-none-match": unversioned.headers["etag"]}
        )
        assert again.status_code == 304


async def test_the_portals_own_files_carry_no_document_headers(tmp_path):
    """A first visit fetches a dozen files: only pages pay for the headers that guard a page."""
    async with running_portal(tmp_path) as client:
        home = await client.get("/")
        assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
        assert home.headers["x-frame-options"] == "DENY"
        files = [*_static_urls(home.text), "/favicon.ico", "/manifest.webmanifest", "/icon-180.png"]
        for url in files:
            asset = await client.get(url)
            assert asset.status_code == 200, url
            assert asset.headers["x-content-type-options"] == "nosniff", url
            assert "content-security-policy" not in asset.headers, url
            assert "x-frame-options" not in asset.headers, url
        missing = await client.get("/static/core/tidak-ada.css")
        assert missing.status_code == 404


async def test_the_portal_has_a_favicon_and_a_web_app_manifest(tmp_path):
    async with running_portal(tmp_path) as client:
        home = (await client.get("/")).text
        icon = await client.get("/favicon.ico")
        assert icon.status_code == 200
        assert icon.headers["content-type"] == "image/x-icon"
        svg_link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', home)
        assert svg_link, "the page names its SVG icon"
        svg = await client.get(svg_link.group(1))
        assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
        touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', home)
        assert touch and (await client.get(touch.group(1))).content.startswith(b"\x89PNG")

        link = re.search(r'<link rel="manifest" href="([^"]+)">', home)
        assert link, "the page links its manifest"
        answer = await client.get(link.group(1))
        assert answer.headers["content-type"] == "application/manifest+json"
        manifest = json.loads(answer.content)
        assert manifest["lang"] == "id" and manifest["start_url"] == "/"
        assert manifest["display"] == "standalone"
        assert manifest["name"] == "Tangerang LIVE" and manifest["short_name"]
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
        assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in home
        sizes = set()
        for icon_entry in (i for i in manifest["icons"] if i["type"] == "image/png"):
            png = await client.get(icon_entry["src"])
            assert png.status_code == 200 and png.headers["content-type"] == "image/png"
            width, height = int.from_bytes(png.content[16:20]), int.from_bytes(png.content[20:24])
            assert icon_entry["sizes"] == f"{width}x{height}"
            sizes.add(icon_entry["sizes"])
        assert {"192x192", "512x512"} <= sizes


async def test_the_manifest_answers_304_when_unchanged(tmp_path):
    async with running_portal(tmp_path) as client:
        first = await client.get("/manifest.webmanifest")
        again = await client.get(
            "/manifest.webmanifest", headers={"if-none-match": first.headers["etag"]}
        )
        assert again.status_code == 304
