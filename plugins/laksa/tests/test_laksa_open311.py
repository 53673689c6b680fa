"""Open311 GeoReport v2, field by field as in the spec's examples, in JSON and in XML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from laksa.models import ApiKey, Report
from laksa.open311 import new_api_key
from laksa_factories import PASSWORD, jpeg, report_form, verified

BASE = "/laksa/open311/v2"
FORM = "application/x-www-form-urlencoded"
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture
async def api_key(people) -> str:
    key, key_hash = new_api_key()
    await ApiKey.create(name="Aplikasi mitra", key_hash=key_hash, prefix=key[:6])
    return key


def xml(response) -> ET.Element:
    assert response.headers["content-type"].startswith("text/xml")
    return ET.fromstring(response.content)


async def test_discovery(client, people):
    data = (await client.get(f"{BASE}/discovery.json")).json()
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/laksa/open311/v2")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = xml(await client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == endpoint["formats"]


async def test_service_list_in_json_and_xml(client, people):
    services = (await client.get(f"{BASE}/services.json")).json()
    pju = next(s for s in services if s["service_code"] == "pju")
    assert pju == {
        "service_code": "pju",
        "service_name": "Lampu jalan (PJU) mati",
        "description": "Street light out",
        "metadata": True,
        "type": "realtime",
        "keywords": "lampu, pju, gelap",
        "group": "Dinas Perhubungan",
    }
    root = xml(await client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    service = next(s for s in root.findall("service") if s.findtext("service_code") == "pju")
    assert [child.tag for child in service] == list(pju)
    assert service.findtext("metadata") == "true"
    assert service.findtext("group") == "Dinas Perhubungan"


async def test_service_definition(client, people):
    data = (await client.get(f"{BASE}/services/jalan-rusak.json")).json()
    assert data["service_code"] == "jalan-rusak"
    kecamatan, severity = data["attributes"]
    assert kecamatan["code"] == "kecamatan" and kecamatan["required"] is True
    assert kecamatan["datatype"] == "singlevaluelist" and len(kecamatan["values"]) == 13
    assert severity["code"] == "tingkat" and severity["order"] == 2
    for attribute in data["attributes"]:
        assert {"variable", "code", "datatype", "required", "datatype_description", "order"} <= set(
            attribute
        )
    root = xml(await client.get(f"{BASE}/services/jalan-rusak.xml"))
    assert root.tag == "service_definition"
    values = root.findall("attributes/attribute")[0].findall("values/value")
    assert values[0].findtext("key") == "Batuceper" and values[0].findtext("name") == "Batuceper"
    missing = await client.get(f"{BASE}/services/tidak-ada.json")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "Service code tidak-ada was not found"}]


async def test_post_request_returns_the_tracking_number(client, people, api_key):
    form = {
        "api_key": api_key,
        "service_code": "pju",
        "lat": "-6.1767",
        "long": "106.6405",
        "description": "Lampu jalan mati sejak kemarin malam",
        "first_name": "Joko",
        "last_name": "Rahasia",
        "email": "joko@mitra.example",
        "attribute[kecamatan]": "Karawaci",
    }
    response = await client.post(f"{BASE}/requests.json", data=form)
    assert response.status_code == 201
    [created] = response.json()
    report = await Report.get()
    assert created == {
        "service_request_id": report.tracking_number,
        "service_notice": created["service_notice"],
        "account_id": None,
    }
    assert report.kecamatan == "Karawaci" and report.source == "open311"
    assert report.contact["email"] == "joko@mitra.example"
    assert report.reporter_id is None
    as_xml = xml(await client.post(f"{BASE}/requests.xml", data=form))
    assert as_xml.tag == "service_requests"
    assert as_xml.findtext("request/service_request_id").startswith("LKS-")


async def test_post_request_errors_follow_the_spec(client, people, api_key):
    good = {
        "api_key": api_key,
        "service_code": "pju",
        "address_string": "Jl. Daan Mogot 10",
        "attribute[kecamatan]": "Tangerang",
    }
    cases = [
        ({**good, "api_key": "salah"}, 403, "Invalid api_key"),
        ({k: v for k, v in good.items() if k != "api_key"}, 403, "Invalid api_key"),
        ({**good, "service_code": "tidak-ada"}, 404, "Service code tidak-ada was not found"),
        ({**good, "attribute[kecamatan]": ""}, 400, "attribute[kecamatan] is required"),
        ({**good, "attribute[kecamatan]": "Bogor"}, 400, None),
        ({**good, "address_string": ""}, 400, None),
        ({**good, "address_string": "", "lat": "-7.8", "long": "110.3"}, 400, None),
    ]
    for form, status, description in cases:
        response = await client.post(f"{BASE}/requests.json", data=form)
        assert response.status_code == status, form
        [error] = response.json()
        assert error["code"] == status
        if description:
            assert error["description"] == description
        root = xml(await client.post(f"{BASE}/requests.xml", data=form))
        assert root.tag == "errors"
        assert root.findtext("error/code") == str(status)
    assert await Report.all().count() == 0
    revoked_key = await ApiKey.get()
    await ApiKey.filter(id=revoked_key.id).update(revoked_at=revoked_key.created_at)
    assert (await client.post(f"{BASE}/requests.json", data=good)).status_code == 403


async def test_post_needs_no_csrf_token_and_ignores_the_session(client, people, api_key):
    await client.sign_in(people.citizen.email, PASSWORD)
    response = await client.post_without_csrf_token(
        f"{BASE}/requests.json",
        data={
            "api_key": api_key,
            "service_code": "sampah",
            "address_string": "Pasar Anyar",
            "attribute[kecamatan]": "Tangerang",
        },
    )
    assert response.status_code == 201
    assert (await Report.get()).reporter_id is None


async def _citizen_report(client, people, code="pju", **overrides):
    await client.sign_in(people.citizen.email, PASSWORD)
    await client.post("/laksa/new", data=report_form(people.categories[code], **overrides))
    await client.post("/logout")
    report = await verified()
    return await Report.get(id=report.id).select_related("department")


async def test_get_requests_field_by_field(client, people):
    report = await _citizen_report(client, people)
    [item] = (await client.get(f"{BASE}/requests.json")).json()
    assert list(item) == REQUEST_FIELDS
    assert item["service_request_id"] == report.tracking_number
    assert item["status"] == "open"
    assert item["service_code"] == "pju"
    assert item["agency_responsible"] == "Dinas Perhubungan"
    assert item["lat"] == -6.1767 and item["long"] == 106.6405
    assert item["requested_datetime"].endswith("+07:00")
    root = xml(await client.get(f"{BASE}/requests.xml"))
    request = root.find("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == report.tracking_number
    assert request.findtext("status") == "open"
    one = (await client.get(f"{BASE}/requests/{report.tracking_number}.json")).json()
    assert one == [item]
    one_xml = xml(await client.get(f"{BASE}/requests/{report.tracking_number}.xml"))
    assert one_xml.findtext("request/service_request_id") == report.tracking_number


async def test_get_requests_filters(client, people):
    from laksa import services
    from laksa.workflow import Action

    first = await _citizen_report(client, people)
    second = await _citizen_report(client, people, code="sampah")
    rejected_at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    await services.transition(
        first, Action.REJECT, actor=None, note="Bukan wewenang kota", at=rejected_at, url="/"
    )

    def ids(response):
        return [r["service_request_id"] for r in response.json()]

    closed = await client.get(f"{BASE}/requests.json", params={"status": "closed"})
    assert ids(closed) == [first.tracking_number]
    assert closed.json()[0]["status_notes"] == "Bukan wewenang kota"
    assert closed.json()[0]["updated_datetime"] == "2030-01-02T10:04:05+07:00"
    opened = await client.get(f"{BASE}/requests.json", params={"status": "open"})
    assert ids(opened) == [second.tracking_number]
    by_code = await client.get(f"{BASE}/requests.json", params={"service_code": "sampah"})
    assert ids(by_code) == [second.tracking_number]
    by_id = await client.get(
        f"{BASE}/requests.json",
        params={"service_request_id": f"{first.tracking_number},{second.tracking_number}"},
    )
    assert sorted(ids(by_id)) == sorted([first.tracking_number, second.tracking_number])
    future = await client.get(
        f"{BASE}/requests.json", params={"start_date": "2100-01-01T00:00:00Z"}
    )
    assert ids(future) == []
    bad = await client.get(f"{BASE}/requests.json", params={"start_date": "kemarin"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    assert (await client.get(f"{BASE}/requests.csv")).status_code == 404


async def test_confidential_requests_do_not_exist_here(client, people):
    report = await _citizen_report(client, people, privacy="confidential")
    assert (await client.get(f"{BASE}/requests.json")).json() == []
    missing = await client.get(f"{BASE}/requests/{report.tracking_number}.json")
    assert missing.status_code == 404
    by_id = await client.get(
        f"{BASE}/requests.xml", params={"service_request_id": report.tracking_number}
    )
    assert report.tracking_number.encode() not in by_id.content


async def test_control_characters_in_a_report_never_break_the_xml(client, people):
    report = await _citizen_report(client, people)
    await Report.filter(id=report.id).update(
        description="Lampu mati\x01 sejak\x0b kemarin\x1b[31m \ufffe malam"
    )
    root = xml(await client.get(f"{BASE}/requests.xml"))
    description = root.findtext("request/description")
    assert description.startswith("Lampu mati") and description.endswith("malam")
    assert "\x01" not in description and "\x0b" not in description
    one = xml(await client.get(f"{BASE}/requests/{report.tracking_number}.xml"))
    assert one.findtext("request/service_request_id") == report.tracking_number


async def test_requests_come_a_page_at_a_time(client, people):
    for _ in range(3):
        await _citizen_report(client, people)

    async def ids(**params):
        response = await client.get(f"{BASE}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return [r["service_request_id"] for r in response.json()]

    everything = await ids()
    assert len(everything) == 3
    assert await ids(page_size="2") == everything[:2]
    assert await ids(page_size="2", page="2") == everything[2:]
    assert await ids(page_size="2", page="3") == []
    for bad in ({"page_size": "201"}, {"page_size": "0"}, {"page": "x"}, {"page": "2147483648"}):
        response = await client.get(f"{BASE}/requests.json", params=bad)
        assert response.status_code == 400 and response.json()[0]["code"] == 400, bad


async def test_a_date_range_past_ninety_days_or_the_calendar_is_refused(client, people):
    report = await _citizen_report(client, people)
    too_wide = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}
    for params in (
        too_wide,
        {"start_date": "0001-01-01"},
        {"end_date": "9999-12-31T23:59:59+14:00"},
    ):
        response = await client.get(f"{BASE}/requests.json", params=params)
        assert response.status_code == 400, params
        [error] = response.json()
        assert error["code"] == 400 and "date" in error["description"]
    created = report.created_at
    window = {
        "start_date": (created - timedelta(days=89)).isoformat(),
        "end_date": (created + timedelta(days=1)).isoformat(),
    }
    listed = (await client.get(f"{BASE}/requests.json", params=window)).json()
    assert [r["service_request_id"] for r in listed] == [report.tracking_number]


async def test_a_missing_service_code_is_a_bad_request(client, people, api_key):
    form = {"api_key": api_key, "address_string": "Jl. Daan Mogot 10"}
    response = await client.post(f"{BASE}/requests.json", data=form)
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "service_code is required"}]


async def test_unknown_resources_answer_in_the_spec_format(client, people):
    missing = await client.get(f"{BASE}/tickets.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    as_xml = await client.get(f"{BASE}/tickets/1.xml")
    assert as_xml.status_code == 404 and xml(as_xml).findtext("error/code") == "404"
    refused = await client.post(
        f"{BASE}/requests.json", content=b"\xff\xfe=1", headers={"content-type": FORM}
    )
    assert refused.status_code == 400 and refused.json()[0]["code"] == 400


async def test_links_use_the_public_address_never_the_host_header(client, people):
    await _citizen_report(client, people)
    await client.sign_in(people.citizen.email, PASSWORD)
    report = await Report.get()
    form = report_form(people.categories["pju"], title="Lampu mati di gang")
    files = [("photos", ("lampu.jpg", jpeg(), "image/jpeg"))]
    assert (await client.post("/laksa/new", data=form, files=files)).status_code == 303
    await verified()
    forged = {"host": "phishing.example"}
    discovery = (await client.get(f"{BASE}/discovery.json", headers=forged)).json()
    public = client.portal.settings.public_url
    assert discovery["key_service"].startswith(public + "/")
    assert discovery["endpoints"][0]["url"] == public + "/laksa/open311/v2"
    listed = (await client.get(f"{BASE}/requests.json", headers=forged)).json()
    media = [r["media_url"] for r in listed if r["media_url"]]
    assert media and all(url.startswith(public + "/files/") for url in media)
    assert report.tracking_number in [r["service_request_id"] for r in listed]
