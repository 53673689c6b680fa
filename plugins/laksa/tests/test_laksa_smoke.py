from laksa.models import Report
from laksa_factories import PASSWORD, jpeg, report_form
from tangerang_live.testing import text_of


async def test_citizen_files_a_report(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    r = await client.get("/laksa/new")
    assert r.status_code == 200, r.text
    r = await client.post(
        "/laksa/new",
        data=report_form(people.categories["jalan-rusak"]),
        files=[("photos", ("a.jpg", jpeg(), "image/jpeg"))],
    )
    assert r.status_code == 303, r.text
    page = await client.get(r.headers["location"])
    assert page.status_code == 200, page.text
    report = await Report.get()
    assert report.tracking_number in text_of(page.text)
    for url in [
        "/laksa/",
        "/laksa/map",
        "/laksa/reports.geojson",
        "/laksa/track",
        "/laksa/mine",
        "/laksa/widgets/mine",
        "/laksa/widgets/latest",
        "/laksa/open311/v2/requests.xml",
        "/laksa/open311/v2/services.json",
    ]:
        r = await client.get(url)
        assert r.status_code == 200, (url, r.text)
