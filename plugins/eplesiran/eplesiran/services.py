"""Operations that change E-Plesiran's data, one transaction each, and the per-worker copies of
what routing and "near me" read (the road network, a KD-tree of each category's places).

An import (OpenStreetMap or GeoJSON) is checked whole before it touches the database and stored in
one transaction: a file that fails half-way leaves everything as it was. Every change to places or
roads calls ``config_changed`` in its transaction, so each worker drops its copies and reads again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from tangerang_live import (
    StoredFile,
    User,
    config_cached,
    config_changed,
    nearest_kecamatan,
    record_audit,
)
from tangerang_live import gettext as _
from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from eplesiran.geo import PointIndex
from eplesiran.models import Favourite, Place, Rating, RoadGraph, Source
from eplesiran.osm import Extract
from eplesiran.routing import RoadNetwork
from eplesiran.workflow import Category, is_attraction, valid_stars


class RuleError(ValueError):
    """The request breaks a rule; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class PlaceData:
    """A place's fields, parsed and checked (by ``forms`` or ``geojson``), ready to store."""

    category: Category
    name: str
    latitude: float
    longitude: float
    description_id: str = ""
    description_en: str = ""
    address: str = ""
    kecamatan: str = ""
    opening_hours: str = ""
    ticket_price: int | None = None
    contact: str = ""
    accessibility: str = ""
    religion: str = ""
    brand: str = ""
    operator: str = ""
    tags: dict[str, str] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        if not values["kecamatan"]:
            values["kecamatan"] = nearest_kecamatan(self.latitude, self.longitude).name
        return values


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    removed: int
    road_nodes: int = 0
    road_edges: int = 0


async def create_place(
    data: PlaceData,
    *,
    actor: User | None,
    source: Source = Source.OFFICER,
    photo: StoredFile | None = None,
) -> Place:
    async with in_transaction():
        place = await Place.create(**data.fields(), source=source, photo=photo)
        await record_audit(
            "eplesiran.place.create", target=f"eplesiran.place:{place.id}", actor=actor
        )
        await config_changed()
    return place


async def update_place(
    place: Place, data: PlaceData, *, actor: User | None, photo: StoredFile | None = None
) -> Place:
    """Change a place; a new ``photo`` replaces the old one, none keeps it."""
    values = data.fields()
    if photo is not None:
        values["photo_id"] = photo.id
    async with in_transaction():
        await Place.filter(id=place.id).update(**values)
        await record_audit(
            "eplesiran.place.update", target=f"eplesiran.place:{place.id}", actor=actor
        )
        await config_changed()
    return await Place.get(id=place.id)


async def delete_place(place: Place, *, actor: User | None) -> None:
    async with in_transaction():
        await Place.filter(id=place.id).delete()
        await record_audit(
            "eplesiran.place.delete",
            target=f"eplesiran.place:{place.id}",
            actor=actor,
            detail={"name": place.name},
        )
        await config_changed()


async def rate(place: Place, user: User, stars: int) -> Place:
    """Set ``user``'s stars for an attraction (again: the new stars replace the old)."""
    if not is_attraction(place.category):
        raise RuleError(_("Only attractions are rated."))
    if not valid_stars(stars):
        raise RuleError(_("Choose from 1 to 5 stars."))
    async with in_transaction():
        # The place row's lock makes concurrent ratings of one attraction take turns, so the
        # totals below always count every committed rating exactly once.
        locked = await Place.filter(id=place.id).select_for_update().get()
        updated = await Rating.filter(place_id=locked.id, user_id=user.id).update(stars=stars)
        if not updated:
            await Rating.create(place_id=locked.id, user_id=user.id, stars=stars)
        totals = (
            await Rating.filter(place_id=locked.id)
            .annotate(total=Sum("stars"), count=Count("id"))
            .group_by("place_id")
            .values("total", "count")
        )
        total, count = (int(totals[0]["total"]), int(totals[0]["count"])) if totals else (0, 0)
        await Place.filter(id=locked.id).update(rating_total=total, rating_count=count)
    return await Place.get(id=place.id)


async def set_favourite(place: Place, user: User, favourite: bool) -> None:
    """Keep or drop ``place`` among ``user``'s favourites (saying it twice changes nothing)."""
    if favourite:
        await Favourite.get_or_create(place_id=place.id, user_id=user.id)
    else:
        await Favourite.filter(place_id=place.id, user_id=user.id).delete()


async def import_extract(
    extract: Extract, *, source: str, actor: User | None = None
) -> ImportResult:
    """Store an OpenStreetMap extract's places and roads, replacing the previous import's.

    Places are matched by their OpenStreetMap type and id: a place read again is updated (its
    ratings and favourites stay), one no longer in the extract is removed, and a new one created.
    The road network is replaced whole. All of it in one transaction.
    """
    blob = None
    if extract.network is not None:
        blob = await asyncio.to_thread(extract.network.to_bytes)
    async with in_transaction():
        existing = {
            (row["osm_type"], row["osm_id"]): row["id"]
            for row in await Place.filter(source=Source.OSM).values("id", "osm_type", "osm_id")
        }
        created = updated = 0
        fresh: list[Place] = []
        for item in extract.places:
            values = PlaceData(
                category=item.category,
                name=item.name[:200],
                latitude=item.lat,
                longitude=item.lon,
                address=" ".join(
                    filter(None, (item.tags.get("addr:street"), item.tags.get("addr:housenumber")))
                )[:255],
                opening_hours=item.tags.get("opening_hours", "")[:255],
                contact=item.tags.get("phone", "")[:200],
                accessibility=_wheelchair(item.tags.get("wheelchair", "")),
                religion=item.religion,
                brand=item.tags.get("brand", "")[:120],
                operator=item.tags.get("operator", "")[:120],
                tags=item.tags,
            ).fields()
            key = (item.osm_type, item.osm_id)
            if key in existing:
                await Place.filter(id=existing.pop(key)).update(**values)
                updated += 1
            else:
                fresh.append(
                    Place(**values, source=Source.OSM, osm_type=item.osm_type, osm_id=item.osm_id)
                )
                created += 1
        await Place.bulk_create(fresh, batch_size=500)
        removed = await Place.filter(id__in=list(existing.values())).delete() if existing else 0
        nodes = edges = 0
        if extract.network is not None and blob is not None:
            await RoadGraph.all().delete()
            await RoadGraph.create(
                data=blob,
                source=source[:255],
                generated=extract.network.generated,
                node_count=extract.network.node_count,
                edge_count=extract.network.edge_count,
            )
            nodes, edges = extract.network.node_count, extract.network.edge_count
        result = ImportResult(created, updated, removed, nodes, edges)
        await record_audit(
            "eplesiran.import.osm", target=source[:200], actor=actor, detail=result.__dict__
        )
        await config_changed()
    return result


def _wheelchair(value: str) -> str:
    return {"yes": "wheelchair: yes", "limited": "wheelchair: limited", "no": "wheelchair: no"}.get(
        value, ""
    )


async def import_places(
    places: list[PlaceData], *, source: str, actor: User | None = None
) -> ImportResult:
    """Store places read from a GeoJSON file (already checked whole), in one transaction."""
    async with in_transaction():
        await Place.bulk_create(
            [Place(**p.fields(), source=Source.GEOJSON) for p in places], batch_size=500
        )
        result = ImportResult(len(places), 0, 0)
        await record_audit(
            "eplesiran.import.geojson", target=source[:200], actor=actor, detail=result.__dict__
        )
        await config_changed()
    return result


async def replace_network(network: RoadNetwork, *, source: str) -> None:
    """Store ``network`` as the road network (the demo's generated streets)."""
    blob = await asyncio.to_thread(network.to_bytes)
    async with in_transaction():
        await RoadGraph.all().delete()
        await RoadGraph.create(
            data=blob,
            source=source,
            generated=network.generated,
            node_count=network.node_count,
            edge_count=network.edge_count,
        )
        await config_changed()


@dataclass(frozen=True)
class NetworkInfo:
    id: int
    source: str
    generated: bool
    node_count: int
    edge_count: int
    created_at: datetime

    @property
    def key(self) -> tuple[int, str]:
        """Which import this is: an id alone may come back (SQLite reuses the id of a deleted
        last row), the moment it was stored with it does not."""
        return self.id, self.created_at.isoformat()


@config_cached
async def network_info() -> NetworkInfo | None:
    """What road network there is, read once per configuration change."""
    row = (
        await RoadGraph.all()
        .order_by("-id")
        .first()
        .values("id", "source", "generated", "node_count", "edge_count", "created_at")
    )
    return NetworkInfo(**row) if row else None


_networks: dict[tuple[int, str], RoadNetwork] = {}
_loading = asyncio.Lock()


async def road_network() -> RoadNetwork | None:
    """The road network, loaded from the database once per worker and import."""
    info = await network_info()
    if info is None:
        return None
    if info.key not in _networks:
        async with _loading:
            if info.key not in _networks:
                row = await RoadGraph.get_or_none(id=info.id).values("data")
                if row is None:  # replaced a moment ago by another worker's import
                    network_info.forget()
                    return await road_network()
                network = await asyncio.to_thread(RoadNetwork.from_bytes, bytes(row["data"]))
                _networks.clear()
                _networks[info.key] = network
    return _networks[info.key]


@dataclass(frozen=True)
class CategoryIndex:
    ids: np.ndarray
    points: PointIndex


@config_cached
async def category_index(category: Category) -> CategoryIndex:
    """A KD-tree of one category's places, built once per worker and change of places."""
    rows = await Place.filter(category=category).values_list("id", "longitude", "latitude")
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return CategoryIndex(ids, PointIndex([r[1] for r in rows], [r[2] for r in rows]))


@dataclass(frozen=True)
class NearPlace:
    place: Place
    metres: float


async def nearest_places(
    category: Category, lon: float, lat: float, k: int, *, exclude: int | None = None
) -> list[NearPlace]:
    """The ``k`` places of ``category`` nearest to [lon, lat], nearest first, with distances."""
    index = await category_index(category)
    found, metres = index.points.nearest(lon, lat, k + (1 if exclude else 0))
    ids = [int(index.ids[i]) for i in found]
    places = {p.id: p for p in await Place.filter(id__in=ids)}
    near = [
        NearPlace(places[i], float(m))
        for i, m in zip(ids, metres, strict=True)
        if i in places and i != exclude
    ]
    return near[:k]
