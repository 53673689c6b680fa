"""The main menu: a city with many services keeps it short, and nobody loses a link they need."""

from __future__ import annotations

from importlib.metadata import EntryPoint

from starlette.responses import PlainTextResponse
from starlette.routing import Route
from tangerang_live import LocalizedText, Manifest, NavItem, Role, hookimpl
from tangerang_live.testing import create_user, running_portal

MENU_PLUGIN = [EntryPoint(name="menu_fixture", value=__name__, group="tangerang_live")]
SERVICES = 9


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="menu_fixture",
        title=LocalizedText("Banyak layanan", "Many services"),
        description=LocalizedText("Sembilan layanan di menu", "Nine services in the menu"),
        url_prefix="/many",
    )


@hookimpl
def routes() -> list[Route]:
    return [Route("/{n:int}/", lambda request: PlainTextResponse("ok"))]


@hookimpl
def nav_items() -> list[NavItem]:
    services = [
        NavItem(LocalizedText(f"Layanan {n}", f"Service {n}"), f"/many/{n}/", order=20 + n)
        for n in range(1, SERVICES + 1)
    ]
    return [
        *services,
        NavItem(LocalizedText("Antrean", "Queue"), "/many/queue", "officer", order=99),
    ]


def menu_of(html: str) -> str:
    return html.split('<ul class="site-nav">', 1)[1].split("</ul>", 1)[0]


async def test_many_services_fold_into_all_services_without_hiding_personal_links(tmp_path):
    async with running_portal(
        tmp_path, entry_points=MENU_PLUGIN, enable=["menu_fixture"]
    ) as client:
        home = (await client.get("/")).text
        menu = menu_of(home)
        # Home and five services, then one link to the home page's list of every service.
        for n in range(1, 6):
            assert f'href="/many/{n}/"' in menu
        for n in range(6, SERVICES + 1):
            assert f'href="/many/{n}/"' not in menu
        assert '<a href="/#services">Semua layanan</a>' in menu
        assert '<ul class="service-tiles" id="services">' in home

        english = menu_of((await client.get("/", headers={"cookie": "lang=en"})).text)
        assert '<a href="/#services">All services</a>' in english

        await create_user("petugas@example.org", "sandi-petugas-panjang", role=Role.OFFICER)
        await client.sign_in("petugas@example.org", "sandi-petugas-panjang")
        officer_menu = menu_of((await client.get("/")).text)
        assert 'href="/many/queue"' in officer_menu  # a link for one's role is never folded
        assert "Semua layanan" in officer_menu
