"""No public page, JSON, GeoJSON or Open311 answer reveals a reporter's full name or contact, a
confidential report, or a report the Live Room has not verified yet: hypothesis loads reports of
every privacy and name choice in every state, then a crawler reads everything an anonymous visitor
(and another citizen) can reach."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from laksa import services
from laksa.models import ApiKey, NameShown, Privacy, Report
from laksa.open311 import new_api_key
from laksa.workflow import Action
from laksa_factories import PASSWORD, report_form
from tangerang_live import Department
from tangerang_live.testing import create_user

PATHS = {
    "received": [],
    "verified": [Action.VERIFY],
    "rejected": [Action.REJECT],
    "dispatched": [Action.VERIFY, Action.DISPATCH],
    "in_progress": [Action.VERIFY, Action.DISPATCH, Action.START],
    "resolved": [Action.VERIFY, Action.DISPATCH, Action.START, Action.RESOLVE],
    "reopened": [Action.VERIFY, Action.DISPATCH, Action.START, Action.RESOLVE, Action.REOPEN],
}
START_PAGES = ["/", "/laksa/", "/laksa/map", "/laksa/track", "/search?q=Laporan"]
LINK = re.compile(r'(?:href|hx-get|data-points-url)="(/[^"#]*)"')
CRAWL_LIMIT = 400


@dataclass(frozen=True)
class Spec:
    privacy: Privacy
    name_shown: NameShown
    state: str
    category: str
    kecamatan: str


specs = st.builds(
    Spec,
    privacy=st.sampled_from(list(Privacy)),
    name_shown=st.sampled_from(list(NameShown)),
    state=st.sampled_from(list(PATHS)),
    category=st.sampled_from(["jalan-rusak", "pju", "sampah", "pkl"]),
    kecamatan=st.sampled_from(["Ciledug", "Cipondoh", "Karawaci", "Periuk"]),
)


async def _load(client, people, spec: Spec) -> tuple[Report, dict[str, str]]:
    token = uuid.uuid4().hex[:10]
    identity = {
        "name": f"Sari{token[:4]} Rahasia {token}",
        "nik": f"3671{int(token[:8], 16) % 10**12:012d}",
        "email": f"r{token}@warga.example",
        "phone": f"+62812{int(token[:8], 16) % 10**8:08d}",
    }
    reporter = await create_user(
        identity["email"],
        PASSWORD,
        full_name=identity["name"],
        nik=identity["nik"],
        phone=identity["phone"],
    )
    await client.sign_in(reporter.email, PASSWORD)
    form = report_form(
        people.categories[spec.category],
        title=f"Judul {token}",
        description=f"Uraian {token} lengkap dengan detail lokasi",
        privacy=spec.privacy.value,
        name_shown=spec.name_shown.value,
        kecamatan=spec.kecamatan,
    )
    assert (await client.post("/laksa/new", data=form)).status_code == 303
    await client.post("/logout")
    report = await Report.get(title=f"Judul {token}")
    department = await Department.get(id=report.department_id)
    for action in PATHS[spec.state]:
        report = await services.transition(
            report, action, actor=None, department=department, note=f"Catatan {token}", url="/"
        )
    return report, identity


async def _crawl(client) -> dict[str, bytes]:
    seen: dict[str, bytes] = {}
    queue = list(START_PAGES)
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen or url.startswith(("/files/", "/static/", "/login", "/logout")):
            continue
        response = await client.get(url)
        seen[url] = response.content
        if response.headers.get("content-type", "").startswith("text/html"):
            queue += [u for u in LINK.findall(response.text) if u not in seen]
    return seen


async def _machine_answers(client, numbers: list[str]) -> dict[str, bytes]:
    base = "/laksa/open311/v2"
    urls = [
        "/laksa/reports.geojson",
        f"{base}/requests.json",
        f"{base}/requests.xml",
        f"{base}/requests.json?status=closed",
        f"{base}/requests.xml?status=open",
        f"{base}/services.json",
        f"{base}/requests.json?service_request_id={','.join(numbers)}",
        f"{base}/requests.xml?service_request_id={','.join(numbers)}",
    ]
    urls += [f"{base}/requests/{n}.json" for n in numbers]
    urls += [f"{base}/requests/{n}.xml" for n in numbers]
    urls += [
        f"/laksa/nearby?category={c}&latitude=-6.1767&longitude=106.6405" for c in range(1, 15)
    ]
    return {url: (await client.get(url)).content for url in urls}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(specs, min_size=3, max_size=8))
async def test_public_surfaces_never_leak_private_reports_or_reporters(client, people, batch):
    secrets: list[str] = []
    loaded = []
    # One verified public report of each name choice, so the crawl always has report pages.
    shown = [
        Spec(Privacy.PUBLIC, NameShown.FIRST_NAME, "dispatched", "pju", "Ciledug"),
        Spec(Privacy.PUBLIC, NameShown.KECAMATAN, "verified", "sampah", "Periuk"),
    ]
    for spec in [*shown, *batch]:
        report, identity = await _load(client, people, spec)
        loaded.append(report)
        # A full name never shows, whatever the report's privacy; a first name only if chosen.
        secrets += list(identity.values())
        if spec.privacy != Privacy.PUBLIC or spec.name_shown != NameShown.FIRST_NAME:
            secrets.append(identity["name"].split()[0])
        if spec.privacy == Privacy.CONFIDENTIAL or Action.VERIFY not in PATHS[spec.state]:
            secrets += [report.title, report.description, report.tracking_number]
    # An Open311 client's contact details are as private as a reporter's.
    key, key_hash = new_api_key()
    await ApiKey.get_or_create(name="crawler", defaults={"key_hash": key_hash, "prefix": key[:6]})
    key_row = await ApiKey.get(name="crawler")
    await key_row.update_from_dict({"key_hash": key_hash}).save()
    contact = {"first_name": "Joko", "last_name": f"Mitra{uuid.uuid4().hex[:8]}"}
    await client.post(
        "/laksa/open311/v2/requests.json",
        data={
            "api_key": key,
            "service_code": "pju",
            "address_string": "Jl. Perintis Kemerdekaan",
            "attribute[kecamatan]": "Pinang",
            "email": f"{contact['last_name']}@mitra.example",
            "phone": "+6281399998888",
            **contact,
        },
    )
    secrets += [contact["last_name"], f"{contact['last_name']}@mitra.example", "+6281399998888"]

    numbers = [r.tracking_number for r in await Report.all()]
    pages = await _crawl(client)
    assert any(url.startswith("/laksa/r/") for url in pages), "the crawler found no report page"
    pages.update(await _machine_answers(client, numbers))
    await client.sign_in(people.neighbour.email, PASSWORD)
    pages.update({f"[neighbour] {u}": body for u, body in (await _crawl(client)).items()})
    pages.update(
        {
            f"[search] {w}": (await client.get("/search", params={"q": w})).content
            for w in ("Judul", "Uraian", "Rahasia")
        }
    )
    await client.post("/logout")
    first_name, by_kecamatan = (pages[f"/laksa/r/{r.tracking_number}"] for r in loaded[:2])
    assert b"<dd>Sari" in first_name
    assert b"<dd>Warga Periuk</dd>" in by_kecamatan
    for url, body in pages.items():
        text = body.decode("utf-8", "replace")
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked on {url}"
