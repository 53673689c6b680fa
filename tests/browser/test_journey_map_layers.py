"""The host's map in a real browser: many places gather into numbered clusters that open as one
zooms in, and a route is drawn as a line.

The page is the map macros' markup (as ``core/_map.html`` renders it) served at a path of the
portal by the browser itself, with the portal's real scripts and styles."""

from __future__ import annotations

import json
from html import escape

from browser_harness import DESKTOP, Portal
from playwright.sync_api import Browser, Route, expect

CENTRE = (-6.1767, 106.6405)


def places(count: int) -> dict:
    """``count`` places within a few hundred metres of the city centre."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [CENTRE[1] + (i % 10) * 0.0004, CENTRE[0] + (i // 10) * 0.0004],
                },
                "properties": {"title": f"ATM {i}", "color": "blue"},
            }
            for i in range(count)
        ],
    }


ROUTE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[106.6399, -6.1717], [106.6322, -6.1781], [106.6316, -6.1787]],
            },
            "properties": {"title": "Rute", "color": "green"},
        }
    ],
}


def page_html(portal: Portal) -> str:
    cluster = "/static/core/vendor/leaflet.markercluster-1.5.3"
    styles = [
        "/static/core/vendor/leaflet-1.9.4/leaflet.css",
        f"{cluster}/MarkerCluster.css",
        f"{cluster}/MarkerCluster.Default.css",
        "/static/core/core/css/map.css",
    ]
    scripts = [
        "/static/core/vendor/leaflet-1.9.4/leaflet.js",
        f"{cluster}/leaflet.markercluster.js",
        "/static/core/core/js/map.js",
    ]
    assets = [f'<link rel="stylesheet" href="{href}">' for href in styles] + [
        f'<script src="{src}" defer></script>' for src in scripts
    ]
    points, lines = escape(json.dumps(places(60))), escape(json.dumps(ROUTE))
    return (
        "<!doctype html><html lang=id><head><meta charset=utf-8><title>Peta</title>"
        + "".join(assets)
        + '</head><body><div class="tl-map" data-map="show"'
        + f' data-tile-url="{portal.tile_origin}/{{z}}/{{x}}/{{y}}.png" data-attribution="OSM"'
        + f" data-points='{points}' data-lines='{lines}'"
        + ' data-cluster="true" data-cluster-label="{count} tempat: perbesar"'
        + ' data-center-lat="-6.1767" data-center-lon="106.6405" data-link-label="Buka"'
        + ' role="region" aria-label="Peta"></div></body></html>'
    )


def test_many_places_cluster_and_a_route_is_a_line(browser: Browser, portal: Portal):
    context = browser.new_context(base_url=portal.base_url, viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=page_html(portal))

    page.route("**/map-layers-check", serve)
    page.goto("/map-layers-check")
    clusters = page.locator(".marker-cluster")
    expect(clusters.first).to_be_visible()
    # Count once the map has stopped zooming: mid-animation a cluster and its parts both show.
    expect(page.locator(".leaflet-zoom-anim, .leaflet-cluster-anim")).to_have_count(0)
    page.wait_for_timeout(500)
    counts = [int(c) for c in clusters.all_inner_texts()]
    assert sum(counts) + page.locator("path.tl-marker").count() == 60
    assert len(counts) < 60  # gathered: fewer symbols than places
    assert clusters.first.get_attribute("aria-label").endswith("tempat: perbesar")
    expect(page.locator("path.tl-line.tl-line-green")).to_have_count(1)
    clusters.first.click()  # zooms in: the cluster opens into smaller ones or places
    page.wait_for_timeout(800)
    assert page.locator("path.tl-marker").count() > 0 or len(clusters.all_inner_texts()) > len(
        counts
    )
    assert errors == []
    context.close()
