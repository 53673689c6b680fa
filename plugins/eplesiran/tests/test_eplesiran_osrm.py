"""The OSRM-compatible API over the real Helsinki extract, imported as an operator would."""

from __future__ import annotations

import numpy as np
import polyline
import pytest
from eplesiran import services
from eplesiran.osm import Extract
from eplesiran.osrm import parse_coordinates
from eplesiran.workflow import Profile, haversine_m
from scipy.sparse.csgraph import breadth_first_order
from tangerang_live.testing import PortalClient

API = "/e-plesiran/api/osrm"
A = "24.9400,60.1650"
B = "24.9500,60.1700"
C = "24.9450,60.1680"


@pytest.fixture
async def osrm(client: PortalClient, helsinki: Extract) -> PortalClient:
    await services.import_extract(helsinki, source="Helsinki.osm.pbf")
    return client


def test_coordinates_read_as_osrm_documents_them() -> None:
    # The polyline of OSRM's own example request is its three Berlin coordinates.
    assert parse_coordinates("polyline(ofp_Ik_vpAilAyu@te@g`E)") == [
        (13.38886, 52.51704),
        (13.39763, 52.52941),
        (13.42855, 52.52322),
    ]
    assert parse_coordinates("13.388860,52.517037;13.397634,52.529407.json") == [
        (13.388860, 52.517037),
        (13.397634, 52.529407),
    ]


async def test_a_route_has_osrms_fields(osrm: PortalClient, helsinki: Extract) -> None:
    answer = await osrm.get(f"{API}/route/v1/driving/{A};{B}", params={"steps": "true"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["code"] == "Ok"
    [route] = body["routes"]
    assert set(route) >= {"distance", "duration", "weight", "weight_name", "geometry", "legs"}
    [leg] = route["legs"]
    assert leg["distance"] == route["distance"] and leg["summary"]
    steps = leg["steps"]
    assert steps[0]["maneuver"]["type"] == "depart" and steps[-1]["maneuver"]["type"] == "arrive"
    assert all(s["mode"] == "driving" for s in steps)
    assert sum(s["distance"] for s in steps) == pytest.approx(leg["distance"], abs=0.1 * len(steps))
    for step in steps[1:-1]:
        assert step["maneuver"]["modifier"] in {
            "uturn", "sharp right", "right", "slight right", "straight", "slight left", "left",
            "sharp left",
        }  # fmt: skip
        assert 0 <= step["maneuver"]["bearing_after"] <= 359
    # The default geometry is a polyline of precision 5, in [lat, lon] order inside.
    line = polyline.decode(route["geometry"], 5)
    assert line[0] == pytest.approx(
        (body["waypoints"][0]["location"][1], body["waypoints"][0]["location"][0]), abs=1e-5
    )
    for waypoint in body["waypoints"]:
        lon, lat = waypoint["location"]
        assert 24.9 < lon < 25.0 and 60.1 < lat < 60.2  # [lon, lat]
        assert waypoint["distance"] < 200 and "name" in waypoint
    network = helsinki.network
    assert network is not None
    engine = network.graph(Profile.DRIVING).route([(24.94, 60.165), (24.95, 60.17)])
    assert route["distance"] == pytest.approx(engine.distance, abs=0.1)
    assert route["distance"] >= haversine_m(
        *body["waypoints"][0]["location"], *body["waypoints"][1]["location"]
    )


async def test_geometries_and_overview(osrm: PortalClient) -> None:
    geojson = (await osrm.get(f"{API}/route/v1/car/{A};{B}?geometries=geojson")).json()
    coords = geojson["routes"][0]["geometry"]["coordinates"]
    assert geojson["routes"][0]["geometry"]["type"] == "LineString"
    six = (await osrm.get(f"{API}/route/v1/car/{A};{B}?geometries=polyline6")).json()
    decoded = polyline.decode(six["routes"][0]["geometry"], 6)
    assert np.allclose([(lon, lat) for lat, lon in decoded], coords, atol=1e-6, rtol=0)
    bare = (await osrm.get(f"{API}/route/v1/driving/{A};{B}?overview=false")).json()
    assert "geometry" not in bare["routes"][0]
    assert bare["routes"][0]["legs"][0]["steps"] == []
    annotated = (await osrm.get(f"{API}/route/v1/driving/{A};{B}?annotations=true")).json()
    annotation = annotated["routes"][0]["legs"][0]["annotation"]
    assert len(annotation["nodes"]) == len(annotation["distance"]) + 1
    assert sum(annotation["distance"]) == pytest.approx(
        annotated["routes"][0]["distance"], abs=0.1 * len(annotation["distance"])
    )


async def test_profiles_and_their_aliases(osrm: PortalClient) -> None:
    driving = (await osrm.get(f"{API}/route/v1/driving/{A};{B}")).json()
    car = (await osrm.get(f"{API}/route/v1/car/{A};{B}")).json()
    walking = (await osrm.get(f"{API}/route/v1/walking/{A};{B}?steps=true")).json()
    foot = (await osrm.get(f"{API}/route/v1/foot/{A};{B}")).json()
    assert driving["routes"] == car["routes"]
    assert walking["routes"][0]["distance"] == foot["routes"][0]["distance"]
    assert walking["routes"][0]["legs"][0]["steps"][0]["mode"] == "walking"
    assert walking["routes"][0]["duration"] > driving["routes"][0]["duration"]


async def test_a_to_a_and_via_points(osrm: PortalClient) -> None:
    same = (await osrm.get(f"{API}/route/v1/driving/{A};{A}")).json()
    assert same["code"] == "Ok" and same["routes"][0]["distance"] == 0
    via = (await osrm.get(f"{API}/route/v1/driving/{A};{C};{B}")).json()
    assert len(via["routes"][0]["legs"]) == 2 and len(via["waypoints"]) == 3


async def test_nearest_and_table(osrm: PortalClient) -> None:
    nearest = (await osrm.get(f"{API}/nearest/v1/driving/{A}?number=3")).json()
    assert nearest["code"] == "Ok" and len(nearest["waypoints"]) == 3
    distances = [w["distance"] for w in nearest["waypoints"]]
    assert distances == sorted(distances)
    assert all(len(w["nodes"]) == 2 for w in nearest["waypoints"])
    table = (await osrm.get(f"{API}/table/v1/driving/{A};{B};{C}")).json()
    assert table["code"] == "Ok"
    assert [len(row) for row in table["durations"]] == [3, 3, 3]
    assert [table["durations"][i][i] for i in range(3)] == [0, 0, 0]
    route = (await osrm.get(f"{API}/route/v1/driving/{A};{B}")).json()
    assert table["durations"][0][1] == pytest.approx(route["routes"][0]["duration"], abs=0.1)
    both = (
        await osrm.get(
            f"{API}/table/v1/driving/{A};{B};{C}?sources=0&annotations=duration,distance"
        )
    ).json()
    assert len(both["durations"]) == 1 and len(both["sources"]) == 1
    assert both["distances"][0][1] == pytest.approx(route["routes"][0]["distance"], abs=0.1)


BAD_REQUESTS = [
    (f"/route/v1/driving/{A}", "InvalidOptions"),  # one point
    ("/route/v1/driving/" + ";".join([A] * 100), "TooBig"),
    (f"/route/v1/bicycle/{A};{B}", "InvalidUrl"),
    ("/route/v1/driving/abc,def;1,2", "InvalidUrl"),
    ("/route/v1/driving/24.94,60.16;nan,60.17", "InvalidUrl"),
    ("/route/v1/driving/200,60.16;24.95,95", "InvalidOptions"),
    (f"/route/v1/driving/{A};{B}?steps=maybe", "InvalidQuery"),
    (f"/route/v1/driving/{A};{B}?geometries=wkt", "InvalidQuery"),
    (f"/route/v1/driving/{A};{B}?colour=red", "InvalidQuery"),
    (f"/route/v1/driving/{A};{B}?radiuses=5", "InvalidOptions"),
    ("/route/v1/driving/polyline(!!!)", "InvalidUrl"),
    (f"/match/v1/driving/{A};{B}", "InvalidService"),
    (f"/route/v2/driving/{A};{B}", "InvalidVersion"),
    (f"/nearest/v1/driving/{A};{B}", "InvalidOptions"),
    (f"/nearest/v1/driving/{A}?number=0", "InvalidOptions"),
    ("/table/v1/driving/" + ";".join([A] * 101), "TooBig"),
    (f"/table/v1/driving/{A};{B}?sources=7", "InvalidOptions"),
    (f"/route/v1/driving/{A};106.64,-6.18", "NoSegment"),  # Tangerang is not in Helsinki
]


async def test_bad_requests_get_osrms_errors(osrm: PortalClient) -> None:
    # One portal for every case: importing the extract is the slow part of each test.
    for path, code in BAD_REQUESTS:
        answer = await osrm.get(API + path)
        assert answer.status_code == 400, path
        body = answer.json()
        assert (body["code"], bool(body["message"])) == (code, True), path


async def test_unreachable_points_give_no_route(osrm: PortalClient, helsinki: Extract) -> None:
    network = helsinki.network
    assert network is not None
    graph = network.graph(Profile.DRIVING)
    source = int(graph.nodes[0])
    reachable = set(breadth_first_order(graph.matrix, source, return_predecessors=False))
    target = next(int(n) for n in graph.nodes if int(n) not in reachable)
    points = ";".join(f"{network.node_lon[n]},{network.node_lat[n]}" for n in (source, target))
    answer = await osrm.get(f"{API}/route/v1/driving/{points}")
    assert answer.status_code == 400 and answer.json()["code"] == "NoRoute"
    table = (await osrm.get(f"{API}/table/v1/driving/{points}")).json()
    assert table["durations"][0][1] is None


async def test_without_roads_every_route_is_no_segment(client: PortalClient) -> None:
    answer = await client.get(f"{API}/route/v1/driving/{A};{B}")
    assert answer.status_code == 400 and answer.json()["code"] == "NoSegment"
