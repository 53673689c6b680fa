"""``/healthz`` tells a load balancer whether this worker can reach its database."""

from tangerang_live.testing import running_portal
from tortoise import Tortoise


async def test_healthz_is_200_while_the_database_answers_and_503_when_it_does_not(tmp_path):
    async with running_portal(tmp_path) as client:
        healthy = await client.get("/healthz")
        assert healthy.status_code == 200
        assert healthy.json() == {"status": "ok", "database": "ok"}

        connection = Tortoise.get_connection("default")
        if client.portal.settings.is_sqlite:
            # A database file that vanished under the worker, as on a lost volume.
            await connection.close()
            connection.filename = str(tmp_path / "missing" / "portal.sqlite3")
        else:
            await connection.close()
            connection.port = 1  # nothing listens there: the server is unreachable
        down = await client.get("/healthz")
        assert down.status_code == 503
        assert down.json()["database"] == "unreachable"


async def test_unknown_pages_get_the_friendly_404_in_the_portal_layout(tmp_path):
    async with running_portal(tmp_path) as client:
        missing = await client.get("/tidak-ada", headers={"cookie": "lang=en"})
        assert missing.status_code == 404
        assert "Page not found" in missing.text
        assert 'href="/"' in missing.text
