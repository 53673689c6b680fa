"""Abuse limits an admin sees and sets on LAKSA's settings page: reports per citizen per hour,
Open311 requests per key per hour. The database counts, so every worker agrees."""

from __future__ import annotations

from laksa.models import ApiKey, Report
from laksa.open311 import new_api_key
from laksa_factories import PASSWORD, report_form
from tangerang_live import Role
from tangerang_live.testing import create_user, text_of

ADMIN = ("admin@kota.example", "sandi-admin-yang-panjang")
OPEN311 = "/laksa/open311/v2/requests.json"


async def _set_limits(client, **values: str) -> None:
    await create_user(ADMIN[0], ADMIN[1], role=Role.ADMIN)
    await client.sign_in(*ADMIN)
    page = await client.get("/admin/plugins/laksa")
    assert "Reports per citizen per hour" in text_of(page.text) or "per jam" in text_of(page.text)
    form = {"reports_per_hour": "10", "open311_per_key_per_hour": "500", **values}
    saved = await client.post("/admin/plugins/laksa/settings", data=form)
    assert saved.status_code in (200, 303), saved.text
    await client.post("/logout")


async def test_a_citizen_may_send_so_many_reports_an_hour(client, people):
    await _set_limits(client, reports_per_hour="2")
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["pju"])
    for n in range(2):
        sent = await client.post("/laksa/new", data={**form, "title": f"Lampu mati nomor {n}"})
        assert sent.status_code == 303
    refused = await client.post("/laksa/new", data={**form, "title": "Lampu mati ketiga"})
    assert refused.status_code == 429
    assert 'id="form-error"' in refused.text and "2" in text_of(refused.text)
    assert 'value="Lampu mati ketiga"' in refused.text  # what was typed stays
    assert not await Report.exists(title="Lampu mati ketiga")
    await client.post("/logout")
    await client.sign_in(people.neighbour.email, PASSWORD)
    assert (await client.post("/laksa/new", data=form)).status_code == 303


async def test_an_open311_key_may_send_so_many_requests_an_hour(client, people):
    await _set_limits(client, open311_per_key_per_hour="1")
    keys = []
    for name in ("Mitra A", "Mitra B"):
        key, key_hash = new_api_key()
        await ApiKey.create(name=name, key_hash=key_hash, prefix=key[:6])
        keys.append(key)
    form = {
        "service_code": "pju",
        "address_string": "Jl. Daan Mogot 10",
        "attribute[kecamatan]": "Tangerang",
    }
    assert (await client.post(OPEN311, data={**form, "api_key": keys[0]})).status_code == 201
    refused = await client.post(OPEN311, data={**form, "api_key": keys[0]})
    assert refused.status_code == 429
    [error] = refused.json()
    assert error["code"] == 429 and "1 requests an hour" in error["description"]
    assert await Report.all().count() == 1
    assert (await client.post(OPEN311, data={**form, "api_key": keys[1]})).status_code == 201
    # The admin sees each key's use against the limit.
    await client.sign_in(*ADMIN)
    page = text_of((await client.get("/laksa/manage/keys")).text)
    assert page.count("1 / 1") == 2
