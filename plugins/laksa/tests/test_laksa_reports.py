"""Filing a report: validation, photos, tracking numbers, duplicates nearby and "me too"."""

from __future__ import annotations

import re

from laksa.models import Photo, Report, Support, TimelineEvent
from laksa_factories import PASSWORD, jpeg, report_form, verified
from PIL import Image
from tangerang_live import StoredFile
from tangerang_live.testing import text_of


async def _file(client, form, files=()):
    return await client.post("/laksa/new", data=form, files=list(files) or None)


async def test_anonymous_visitors_are_sent_to_sign_in(client, people):
    response = await client.get("/laksa/new")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


async def test_registering_from_the_report_form_comes_back_to_it(client, people):
    asked = await client.get("/laksa/new")
    login = await client.get(asked.headers["location"])
    assert "Masuk untuk mengirim laporan." in text_of(login.text)
    register_url = re.search(r'href="(/register\?[^"]+)"', login.text)
    assert register_url is not None
    register = await client.get(register_url.group(1).replace("&amp;", "&"))
    assert 'name="next" value="/laksa/new"' in register.text
    form = {
        "full_name": "Dewi Lestari",
        "nik": "3671015708950003",
        "email": "dewi@contoh.id",
        "phone": "0812-1111-2222",
        "password": "Pasar Lama malam minggu",
        "password_again": "Pasar Lama malam minggu",
        "next": "/laksa/new",
    }
    registered = await client.post("/register", data=form)
    assert registered.status_code == 303 and registered.headers["location"] == "/laksa/new"
    back = await client.get("/laksa/new")
    assert back.status_code == 200 and 'name="name_shown"' in back.text


async def test_without_a_reason_the_sign_in_page_names_the_service(client, people):
    page = text_of((await client.get("/login", params={"next": "/laksa/saya"})).text)
    assert "Masuk untuk melanjutkan ke LAKSA" in page


async def test_officers_cannot_file_reports(client, people):
    await client.sign_in(people.pupr.email, PASSWORD)
    assert (await client.get("/laksa/new")).status_code == 403


async def test_the_tracking_number_is_shown_after_the_report_is_stored(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    response = await _file(client, report_form(people.categories["pju"]))
    assert response.status_code == 303
    report = await Report.get().select_related("department")
    assert report.tracking_number.startswith("LKS-20")
    assert response.headers["location"] == f"/laksa/r/{report.tracking_number}?sent=1"
    html = (await client.get(response.headers["location"])).text
    banner = html.split('class="laksa-sent"')[1].split("</article>")[0]
    assert report.tracking_number in banner
    assert report.department.code == "dishub"
    assert report.status == "received" and report.due_on is not None
    assert await TimelineEvent.filter(report_id=report.id).count() == 1


async def test_bad_input_returns_the_form_with_errors_and_stores_nothing(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(
        people.categories["sampah"],
        title="abc",
        latitude="-7.5",
        longitude="110.4",
        kecamatan="Jakarta",
        description="Sampah di depan rumah sudah tiga hari.",
    )
    response = await _file(client, form)
    assert response.status_code == 422
    html = response.text
    assert 'aria-invalid="true"' in html
    assert 'id="title-error"' in html and 'id="location-error"' in html
    assert 'id="kecamatan-error"' in html
    assert "Sampah di depan rumah sudah tiga hari." in html  # the user's input comes back
    assert await Report.all().count() == 0


async def test_a_pin_or_an_address_is_required(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["sampah"], latitude="", longitude="", address="")
    response = await _file(client, form)
    assert response.status_code == 422 and 'id="location-error"' in response.text
    form["address"] = "Depan Pasar Lama, Jl. Kisamaun"
    assert (await _file(client, form)).status_code == 303


async def test_an_oversized_photo_is_refused_and_nothing_is_stored(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    big = b"\xff\xd8\xff\xe0" + b"0" * (5 * 1024 * 1024 + 10)
    response = await _file(
        client,
        report_form(people.categories["pju"]),
        [
            ("photos", ("good.jpg", jpeg(), "image/jpeg")),
            ("photos", ("big.jpg", big, "image/jpeg")),
        ],
    )
    assert response.status_code == 422
    assert 'id="photos-error"' in response.text
    assert await Report.all().count() == 0
    assert await StoredFile.all().count() == 0


async def test_a_non_image_renamed_jpg_is_refused(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    response = await _file(
        client,
        report_form(people.categories["pju"]),
        [("photos", ("lampu.jpg", b"%PDF-1.4 not a picture at all", "image/jpeg"))],
    )
    assert response.status_code == 422 and 'id="photos-error"' in response.text
    assert await Report.all().count() == 0


async def test_more_than_three_photos_are_refused(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    files = [("photos", (f"{i}.jpg", jpeg(), "image/jpeg")) for i in range(4)]
    response = await _file(client, report_form(people.categories["pju"]), files)
    assert response.status_code == 422
    assert await Report.all().count() == 0


async def test_gps_exif_is_gone_from_the_stored_photo(client, people):
    exif = Image.Exif()
    exif[0x010F] = "KameraWarga"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 36.0), 3: "E", 4: (106.0, 38.0, 25.0)}  # GPS IFD
    photo = jpeg(exif=exif.tobytes())
    assert Image.open(__import__("io").BytesIO(photo)).getexif().get_ifd(0x8825)
    await client.sign_in(people.citizen.email, PASSWORD)
    response = await _file(
        client,
        report_form(people.categories["pju"]),
        [("photos", ("gps.jpg", photo, "image/jpeg"))],
    )
    assert response.status_code == 303
    stored = await (await Photo.get()).file
    page = (await client.get(response.headers["location"].split("?")[0])).text
    url = page.split(f"/files/{stored.key}")[1].split('"')[0].replace("&amp;", "&")
    served = await client.get(f"/files/{stored.key}{url}")
    assert served.status_code == 200
    image = Image.open(__import__("io").BytesIO(served.content))
    assert not image.getexif().get_ifd(0x8825)
    assert 0x010F not in image.getexif()
    assert b"KameraWarga" not in served.content


async def test_open_reports_nearby_are_offered_and_can_be_supported(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    category = people.categories["jalan-rusak"]
    await _file(client, report_form(category))
    report = await verified()
    await client.post("/logout")
    await client.sign_in(people.neighbour.email, PASSWORD)
    # 100 m north: offered. Another category, or 400 m away: not offered.
    near = await client.get(
        "/laksa/nearby",
        params={"category": category.id, "latitude": "-6.1758", "longitude": "106.6405"},
    )
    assert report.tracking_number in near.text
    far = await client.get(
        "/laksa/nearby",
        params={"category": category.id, "latitude": "-6.1731", "longitude": "106.6405"},
    )
    assert report.tracking_number not in far.text
    other = await client.get(
        "/laksa/nearby",
        params={
            "category": people.categories["pju"].id,
            "latitude": "-6.1767",
            "longitude": "106.6405",
        },
    )
    assert report.tracking_number not in other.text
    response = await client.post(f"/laksa/r/{report.tracking_number}/support")
    assert response.status_code == 303
    again = await client.post(f"/laksa/r/{report.tracking_number}/support")
    assert again.status_code == 303
    await report.refresh_from_db()
    assert report.supporters == 1
    assert await Support.filter(report_id=report.id).count() == 1


async def test_confidential_reports_are_never_offered_nearby(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    category = people.categories["jalan-rusak"]
    await _file(client, report_form(category, privacy="confidential"))
    report = await Report.get()
    near = await client.get(
        "/laksa/nearby",
        params={"category": category.id, "latitude": "-6.1767", "longitude": "106.6405"},
    )
    assert report.tracking_number not in near.text


async def test_tracking_by_number_without_signing_in(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    await _file(client, report_form(people.categories["pju"]))
    await _file(client, report_form(people.categories["pju"], privacy="confidential"))
    public, confidential = await Report.all().order_by("id")
    for report in (public, confidential):
        await verified(report)
    await client.post("/logout")
    found = await client.get("/laksa/track", params={"number": public.tracking_number.lower()})
    assert found.status_code == 303
    assert found.headers["location"] == f"/laksa/r/{public.tracking_number}"
    assert "Lubang besar" in (await client.get(found.headers["location"])).text
    secret = text_of((await client.get(f"/laksa/r/{confidential.tracking_number}")).text)
    assert "Terverifikasi" in secret or "Verified" in secret
    assert "Lubang besar" not in secret and "Daan Mogot" not in secret
    missing = await client.get("/laksa/track", params={"number": "LKS-2020-999999"})
    assert missing.status_code == 404


async def test_a_photo_being_decoded_holds_no_other_citizen_up(client, people, monkeypatch):
    """The photo is re-encoded before the report's transaction opens: while one citizen's photo
    is still being decoded, another citizen's report is stored and numbered."""
    import asyncio
    import importlib
    import threading

    # The host's decoder, slowed down: reached by name, as the test seam it is.
    uploads = importlib.import_module("tangerang_live.uploads")
    decoding, release = threading.Event(), threading.Event()
    real_reencode = uploads._reencode

    def slow_reencode(data):
        decoding.set()
        release.wait(30)
        return real_reencode(data)

    monkeypatch.setattr(uploads, "_reencode", slow_reencode)
    other = await client_at(client, "203.0.113.9")
    await other.sign_in(people.neighbour.email, PASSWORD)
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["pju"], title="Lampu mati dengan foto")
    files = [("photos", ("lampu.jpg", jpeg(), "image/jpeg"))]
    with_photo = asyncio.create_task(client.post("/laksa/new", data=form, files=files))
    await asyncio.to_thread(decoding.wait, 30)
    try:
        plain = report_form(people.categories["pju"], title="Lampu mati tanpa foto")
        # A guard against a deadlock, not a speed measurement.
        second = await asyncio.wait_for(other.post("/laksa/new", data=plain), timeout=20)
        assert second.status_code == 303
        assert await Report.exists(title="Lampu mati tanpa foto")
    finally:
        release.set()
    assert (await with_photo).status_code == 303
    first = await Report.get(title="Lampu mati dengan foto")
    second_report = await Report.get(title="Lampu mati tanpa foto")
    assert second_report.tracking_number < first.tracking_number
    await other.aclose()


async def client_at(client, address: str):
    import httpx
    from tangerang_live.testing import PortalClient

    transport = httpx.ASGITransport(app=client.app, client=(address, 50000))
    other = PortalClient(transport=transport, base_url="http://testserver")
    other.app = client.app
    return other
