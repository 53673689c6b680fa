"""The map macros: inputs that work without JavaScript, data for map.js, nothing inline."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest_asyncio
from starlette.requests import Request
from tangerang_live.portal import page_context
from tangerang_live.testing import running_portal

PAGE = (
    '{% extends "base.html" %}'
    '{% from "core/_map.html" import map_assets, map_pick, map_show with context %}'
    "{% block head %}{{ super() }}{{ map_assets() }}{% endblock %}"
    "{% block content %}BODY{% endblock %}"
)


@pytest_asyncio.fixture(scope="module")
async def portal(tmp_path_factory):
    async with running_portal(tmp_path_factory.mktemp("map")) as client:
        yield client


async def render_page(client, body: str, **extra) -> str:
    """A page using the macros the documented way, rendered with a real page context."""
    scope = {"type": "http", "method": "GET", "path": "/laksa/new", "query_string": b"",
             "headers": [], "app": client.app, "session": {}, "state": {}}  # fmt: skip
    context = await page_context(Request(scope))
    env = client.portal.templates.environment("default")
    return env.from_string(PAGE.replace("BODY", body)).render({**context, **extra})


def assert_no_inline_code(html: str) -> None:
    assert " style=" not in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>[^<]+</script>", html)
    assert not re.search(r"\son[a-z]+=", html)  # no onclick= and friends


async def test_pick_map_has_typeable_inputs_and_its_settings_as_data(portal):
    html = await render_page(
        portal,
        '<form method="post">{{ map_pick(lat=-6.2, lon=106.63, errors=errors) }}</form>',
        errors={"lat": "Di luar Kota Tangerang"},
    )
    assert_no_inline_code(html)
    assert re.search(r'<input type="number"[^>]*id="lat-input" name="lat"\s+value="-6.2"', html)
    assert re.search(r'id="lon-input" name="lon"\s+value="106.63"', html)
    assert 'aria-describedby="lat-error"' in html and ">Di luar Kota Tangerang</small>" in html
    assert 'data-map="pick"' in html and 'data-lat-input="lat-input"' in html
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "OpenStreetMap" in unescape(re.search(r'data-attribution="([^"]*)"', html).group(1))
    assert re.search(r'<button type="button"[^>]*map-locate[^>]*hidden>', html)  # JS reveals it
    assert "vendor/leaflet-1.9.4/leaflet.js" in html and "core/js/map.js" in html
    assert "vendor/leaflet-1.9.4/leaflet.css" in html


async def test_an_empty_pick_map_starts_at_the_city_centre(portal):
    html = await render_page(portal, "{{ map_pick() }}")
    assert re.search(r'name="lat"\s+value=""', html)
    assert 'data-center-lat="-6.1767" data-center-lon="106.6405"' in html


async def test_show_map_carries_points_safely(portal):
    points = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.63, -6.17]},
                "properties": {"title": "Lampu '</div><script>alert(1)</script>", "url": "/r/1"},
            }
        ],
    }
    html = await render_page(
        portal,
        '{{ map_show(points=points, points_url="/laksa/map.geojson?status=open&x=1") }}',
        points=points,
    )
    assert_no_inline_code(html)
    attribute = re.search(r"data-points='([^']*)'", html).group(1)
    assert "<script>" not in attribute and "</div>" not in attribute
    assert json.loads(unescape(attribute)) == points
    assert 'data-points-url="/laksa/map.geojson?status=open&amp;x=1"' in html


async def test_map_script_and_styles_are_served(portal):
    script = await portal.get("/static/core/core/js/map.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text and "textContent" in script.text
    styles = await portal.get("/static/core/core/css/map.css")
    assert styles.status_code == 200 and ".tl-map" in styles.text


ROUTE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[106.6399, -6.1717], [106.6322, -6.1781], [106.6316, -6.1787]],
            },
            "properties": {"title": "Rute jalan kaki", "color": "green"},
        }
    ],
}


async def test_clustered_maps_load_the_clustering_script_and_carry_lines(portal):
    plain = await render_page(portal, "{{ map_show(points_url='/p.geojson') }}")
    assert "markercluster" not in plain and "data-cluster" not in plain
    page = (
        '{% extends "base.html" %}'
        '{% from "core/_map.html" import map_assets, map_show with context %}'
        "{% block head %}{{ super() }}{{ map_assets(cluster=True) }}{% endblock %}"
        "{% block content %}{{ map_show(points_url='/p.geojson', cluster=True, lines=route,"
        " lines_url='/route.geojson?from=1&to=2') }}{% endblock %}"
    )
    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": [],
             "app": portal.app, "session": {}, "state": {}}  # fmt: skip
    context = await page_context(Request(scope))
    env = portal.portal.templates.environment("default")
    html = env.from_string(page).render({**context, "route": ROUTE})
    assert_no_inline_code(html)
    assert 'data-cluster="true"' in html and 'data-cluster-label="{count} ' in html
    assert json.loads(unescape(re.search(r"data-lines='([^']*)'", html).group(1))) == ROUTE
    assert 'data-lines-url="/route.geojson?from=1&amp;to=2"' in html
    for asset in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        url = re.search(
            rf'"(/static/core/vendor/leaflet\.markercluster-1\.5\.3/{asset}\?v=\w+)"', html
        )
        assert url, asset
        assert (await portal.get(url.group(1))).status_code == 200
