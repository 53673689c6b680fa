"""The helpers a plugin's tests use (documented in docs/plugins.md): signing in and out, switching
a plugin, freezing the city's clock; and the demo loader's shared accounts and order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from host_fixtures import fixture_entry_point
from tangerang_live import city_now, city_today
from tangerang_live.app import create_app
from tangerang_live.auth import verify_password
from tangerang_live.cli import DEMO_CITIZEN_PASSWORD, _demo_citizens, _dependency_order
from tangerang_live.settings import Settings
from tangerang_live.testing import create_user, frozen_city_time, running_portal


async def test_sign_in_and_out_change_what_the_portal_shows(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@warga.example", "rahasia-yang-panjang")
        await client.sign_in("budi@warga.example", "rahasia-yang-panjang")
        assert (await client.get("/account")).status_code == 200
        await client.sign_out()
        assert (await client.get("/account")).status_code in {302, 303}


async def test_switching_a_plugin_opens_and_closes_its_pages(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        assert (await client.get("/hello/")).status_code == 404
        await client.switch_plugin("hello_city", True)
        assert (await client.get("/hello/")).status_code == 200
        await client.switch_plugin("hello_city", False)
        assert (await client.get("/hello/")).status_code == 404


def test_the_city_clock_can_be_frozen_and_comes_back():
    with frozen_city_time(date(2026, 8, 17)) as frozen:
        assert city_today() == date(2026, 8, 17)
        assert city_now() == frozen and frozen.hour == 9
    with frozen_city_time(datetime(2026, 12, 31, 18, 30, tzinfo=UTC)):
        assert city_today() == date(2027, 1, 1)  # 01:30 in Tangerang
    assert abs((city_now() - datetime.now(UTC)).total_seconds()) < 60


async def test_demo_citizens_are_shared_created_once_and_can_sign_in(tmp_path):
    async with running_portal(tmp_path):
        first = await _demo_citizens()
        again = await _demo_citizens()
        assert [u.id for u in first] == [u.id for u in again] and len(first) == 3
        assert all(verify_password(u.password_hash, DEMO_CITIZEN_PASSWORD) for u in first)


def test_demo_data_runs_required_plugins_first(tmp_path):
    app = create_app(
        Settings(env="test", var_dir=tmp_path, secret_key="x"),
        entry_points=[
            fixture_entry_point("dependent_service", "tl_fixture_dependent_service"),
            fixture_entry_point("base_service", "tl_fixture_base_service"),
        ],
    )
    registry = app.state.portal.registry
    names = ["dependent_service", "base_service"]
    assert _dependency_order(registry, names, enable=True) == ["base_service", "dependent_service"]
