"""CSRF on every unsafe request, for plain forms, upload forms and htmx alike."""

from __future__ import annotations

from host_fixtures import ADMIN_EMAIL, ADMIN_PASSWORD
from tangerang_live.models import PluginState, Role
from tangerang_live.testing import create_user, running_portal

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


async def test_an_upload_form_with_its_token_field_passes_without_javascript(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        await client.get("/admin/plugins")  # the page with the form; signing in renewed the token
        token = client.cookies["csrftoken"]
        # A browser without JavaScript sends the hidden field first, then the file, no header.
        response = await client.post_without_csrf_token(
            "/admin/plugins/hello_city",
            data={"csrftoken": token, "action": "enable"},
            files={"photo": ("foto.png", PNG, "image/png")},
        )
        assert response.status_code == 303
        assert await PluginState.filter(name="hello_city", enabled=True).exists()


async def test_an_upload_form_without_a_token_is_refused_not_crashed(hello_city, tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user(ADMIN_EMAIL, ADMIN_PASSWORD, role=Role.ADMIN)
        await client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        response = await client.post_without_csrf_token(
            "/admin/plugins/hello_city",
            data={"action": "enable"},
            files={"photo": ("foto.png", PNG, "image/png")},
        )
        assert response.status_code == 403
        assert not await PluginState.filter(name="hello_city", enabled=True).exists()
