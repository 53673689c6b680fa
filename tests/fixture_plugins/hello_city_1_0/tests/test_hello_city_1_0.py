"""Hello City's own tests, written against host API 1.0 with its public names only."""

from tangerang_live import ensure_officer
from tangerang_live.testing import create_user, running_portal, text_of


async def test_a_citizen_greets_the_city_and_finds_it(tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await create_user("warga@example.org", "sandi-yang-panjang")
        await client.sign_in("warga@example.org", "sandi-yang-panjang")
        home = await client.get("/")
        assert 'href="/hello/"' in home.text and "Untuk Warga" in text_of(home.text)
        assert (await client.post("/hello/add", data={"text": "Selamat pagi"})).status_code == 201
        assert "Selamat pagi" in text_of((await client.get("/hello/")).text)
        assert (await client.get("/hello/widget")).text == "1 greetings"
        assert "Selamat pagi" in text_of((await client.get("/search?q=pagi")).text)


async def test_only_an_officer_with_the_permission_manages(tmp_path):
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        await ensure_officer(
            "petugas@example.org",
            "Petugas Salam",
            permissions=["hello_city.manage"],
            password="sandi-yang-panjang",
        )
        assert (await client.get("/hello/manage")).status_code in {302, 303, 403}
        await client.sign_in("petugas@example.org", "sandi-yang-panjang")
        assert (await client.get("/hello/manage")).text == "manage"


async def test_a_disabled_plugin_is_gone(tmp_path):
    async with running_portal(tmp_path) as client:
        assert (await client.get("/hello/")).status_code == 404
