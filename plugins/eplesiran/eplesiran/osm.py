"""Reading an OpenStreetMap extract (.osm.pbf) with pyosmium: places and roads.

Nothing here touches the database: :func:`read_extract` gives plain values that
``services.import_osm`` stores in one transaction, so a file that fails half-way stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import osmium

from eplesiran.routing import RoadNetwork, Way, build_network
from eplesiran.workflow import Category, category_for_tags, religion_of

KEPT_TAGS = (
    "name",
    "brand",
    "operator",
    "religion",
    "denomination",
    "opening_hours",
    "addr:street",
    "addr:housenumber",
    "phone",
    "website",
    "wheelchair",
    "fee",
)
"""The tags a place keeps from OpenStreetMap, besides those that give its category."""


class ExtractError(ValueError):
    """The file is not an OpenStreetMap extract this importer can read."""


@dataclass(frozen=True)
class BBox:
    """A bounding box in degrees: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """``west,south,east,north`` as OSM and GeoJSON write a bbox; raises ValueError."""
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError("a bbox is four numbers: west,south,east,north")
        west, south, east, north = (float(p) for p in parts)
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError(
                "a bbox needs -180 <= west < east <= 180 and -90 <= south < north <= 90"
            )
        return cls(west, south, east, north)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@dataclass(frozen=True)
class OsmPlace:
    osm_type: str
    """``node`` or ``way`` (a way's place sits at the mean of its nodes)."""
    osm_id: int
    category: Category
    name: str
    lon: float
    lat: float
    religion: str
    tags: dict[str, str]


@dataclass
class Extract:
    places: list[OsmPlace]
    network: RoadNetwork | None
    """``None`` when the file has no road this portal can route over."""


def read_extract(
    path: str | Path,
    bbox: BBox | None = None,
    progress: Callable[[int], None] | None = None,
) -> Extract:
    """The places and roads of an .osm.pbf file (inside ``bbox`` when given).

    ``progress`` is called with the number of objects read since its last call. Raises
    ExtractError when the file is not a readable OpenStreetMap extract.
    """
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"{path}: no such file")
    with path.open("rb") as f:
        head = f.read(64)
    # An .osm.pbf starts with a 4-byte length and a BlobHeader of type "OSMHeader".
    if b"OSMHeader" not in head:
        raise ExtractError(f"{path.name}: not an OpenStreetMap .osm.pbf file")
    places: list[OsmPlace] = []
    locations: dict[int, tuple[float, float]] = {}
    ways: list[Way] = []
    road_nodes: set[int] = set()
    seen = 0
    try:
        processor = osmium.FileProcessor(str(path)).with_locations()
        for obj in processor:
            seen += 1
            if progress is not None and seen % 10_000 == 0:
                progress(10_000)
            if isinstance(obj, osmium.osm.Node):
                tags = dict(obj.tags)
                lon, lat = obj.location.lon, obj.location.lat
                if tags:
                    _add_place(places, "node", obj.id, tags, lon, lat, bbox)
                # Road nodes come before ways in a sorted extract, so every location is kept
                # here and trimmed to the roads' nodes at the end.
                if bbox is None or bbox.contains(lon, lat):
                    locations[obj.id] = (lon, lat)
            elif isinstance(obj, osmium.osm.Way):
                tags = dict(obj.tags)
                if "highway" in tags:
                    refs = [n.ref for n in obj.nodes]
                    ways.append(Way(obj.id, refs, tags))
                    road_nodes.update(refs)
                elif category_for_tags(tags) is not None:
                    points = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
                    if points:
                        lon = sum(p[0] for p in points) / len(points)
                        lat = sum(p[1] for p in points) / len(points)
                        _add_place(places, "way", obj.id, tags, lon, lat, bbox)
    except RuntimeError as exc:  # pyosmium reports unreadable data as RuntimeError
        raise ExtractError(f"{path.name}: not a readable OpenStreetMap extract ({exc})") from exc
    if progress is not None:
        progress(seen % 10_000)
    road_locations = {n: locations[n] for n in road_nodes if n in locations}
    network = build_network(road_locations, ways)
    return Extract(places=places, network=network if network.edge_count else None)


def _add_place(
    places: list[OsmPlace],
    osm_type: str,
    osm_id: int,
    tags: dict[str, str],
    lon: float,
    lat: float,
    bbox: BBox | None,
) -> None:
    category = category_for_tags(tags)
    if category is None or (bbox is not None and not bbox.contains(lon, lat)):
        return
    places.append(
        OsmPlace(
            osm_type=osm_type,
            osm_id=osm_id,
            category=category,
            name=tags.get("name", "") or tags.get("brand", "") or tags.get("operator", ""),
            lon=lon,
            lat=lat,
            religion=religion_of(tags.get("religion")) if category == Category.WORSHIP else "",
            tags={k: tags[k] for k in KEPT_TAGS if k in tags},
        )
    )
