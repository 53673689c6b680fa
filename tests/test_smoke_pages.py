from tangerang_live.testing import running_portal


async def test_home_page_answers_with_the_portal_name(tmp_path):
    async with running_portal(tmp_path) as client:
        response = await client.get("/")
        assert response.status_code == 200
        assert "Tangerang LIVE" in response.text
