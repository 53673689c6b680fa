"""Filing from a phone: the kecamatan from the pin, the title from the description, "me too"
from the form's nearby box, and "my reports" a page at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from laksa import forms, services
from laksa.models import Privacy, Report, Support
from laksa.services import NewReport
from laksa_factories import PASSWORD, report_form, verified
from tangerang_live import nearest_kecamatan


async def _file(client, form):
    return await client.post("/laksa/new", data=form)


async def test_the_pin_chooses_the_kecamatan_and_the_citizen_may_change_it(client, people):
    answer = await client.get(
        "/laksa/kecamatan", params={"latitude": "-6.1767", "longitude": "106.6405"}
    )
    assert answer.status_code == 200
    assert "<option selected>Tangerang</option>" in answer.text
    outside = await client.get(
        "/laksa/kecamatan",
        params={"latitude": "-7.8", "longitude": "110.3", "kecamatan": "Benda"},
    )
    assert "<option selected>Benda</option>" in outside.text  # a pin outside keeps the choice
    await client.sign_in(people.citizen.email, PASSWORD)
    sent = await _file(
        client, report_form(people.categories["pju"], kecamatan="", latitude="-6.2350")
    )
    assert sent.status_code == 303
    report = await Report.get()
    assert report.kecamatan == nearest_kecamatan(-6.2350, 106.6405).name == "Pinang"
    chosen = await _file(client, report_form(people.categories["pju"], kecamatan="Larangan"))
    assert chosen.status_code == 303
    assert (await Report.get(id__gt=report.id)).kecamatan == "Larangan"


async def test_without_a_pin_the_kecamatan_must_be_chosen(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(people.categories["pju"], latitude="", longitude="", kecamatan="")
    answer = await _file(client, form)
    assert answer.status_code == 422 and 'id="kecamatan-error"' in answer.text
    assert await Report.all().count() == 0


async def test_a_report_without_a_title_is_named_after_its_description(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    form = report_form(
        people.categories["pju"],
        title="",
        description="Lampu PJU mati sejak Senin. Jalan gelap total setelah magrib.",
    )
    assert (await _file(client, form)).status_code == 303
    assert (await Report.get()).title == "Lampu PJU mati sejak Senin"


@given(
    description=st.text(min_size=10, max_size=4000).filter(
        lambda d: forms.DESCRIPTION_LENGTH[0] <= len(d.strip())
    ),
    category=st.text(min_size=1, max_size=120).filter(lambda c: c.strip() == c and c),
)
def test_a_derived_title_always_fits_the_title_rules(description, category):
    title = forms.derive_title(description.strip(), category)
    errors: dict[str, str] = {}
    forms.check_text(title, description.strip(), errors)
    assert "title" not in errors, title
    assert "\n" not in title


async def test_me_too_from_the_form_answers_with_its_thanks_alone(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    await _file(client, report_form(people.categories["jalan-rusak"]))
    report = await verified()  # only verified reports are shown to neighbours
    await client.post("/logout")
    await client.sign_in(people.neighbour.email, PASSWORD)
    near = await client.get(
        "/laksa/nearby",
        params={
            "category": people.categories["jalan-rusak"].id,
            "latitude": "-6.1767",
            "longitude": "106.6405",
        },
    )
    assert f'hx-post="/laksa/r/{report.tracking_number}/support"' in near.text
    assert "<form" not in near.text  # the box sits inside the report form
    answer = await client.post(
        f"/laksa/r/{report.tracking_number}/support", headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200
    assert "<title>" not in answer.text and "notification-bell" not in answer.text
    assert report.tracking_number in answer.text
    assert await Support.filter(report_id=report.id, user_id=people.neighbour.id).exists()


async def test_my_reports_come_a_page_at_a_time(client, people):
    for n in range(21):
        new = NewReport(
            category=people.categories["sampah"],
            title=f"Sampah menumpuk nomor {n}",
            description="Sampah belum diangkut tiga hari.",
            kecamatan="Periuk",
            privacy=Privacy.PUBLIC,
            address="Jl. Moh. Toha",
        )
        await services.submit_report(new, reporter=people.citizen)
    await client.sign_in(people.citizen.email, PASSWORD)
    first = await client.get("/laksa/mine")
    assert "Sampah menumpuk nomor 20" in first.text
    assert "Sampah menumpuk nomor 0<" not in first.text
    next_url = first.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = await client.get(next_url.replace("&amp;", "&"))
    assert "Sampah menumpuk nomor 0<" in second.text
    assert "Sampah menumpuk nomor 20" not in second.text


async def test_the_list_filters_by_the_colours_citizens_know(client, people):
    await client.sign_in(people.citizen.email, PASSWORD)
    await _file(client, report_form(people.categories["sampah"]))
    report = await Report.get()
    await Report.filter(id=report.id).update(listed=True)
    red = await client.get("/laksa/", params={"colour": "red"})
    green = await client.get("/laksa/", params={"colour": "green"})
    assert report.tracking_number in red.text
    assert report.tracking_number not in green.text
