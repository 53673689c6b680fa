"""E-Plesiran's tables: places, citizens' ratings and favourites, and the imported road network."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from eplesiran.workflow import Category, average_stars, is_attraction

if TYPE_CHECKING:
    from tangerang_live import StoredFile, User


class Source(StrEnum):
    OFFICER = "officer"
    """Entered by a Disbudpar officer on the portal."""
    OSM = "osm"
    """Imported from an OpenStreetMap extract: a re-import updates and removes these."""
    GEOJSON = "geojson"
    """Imported from a GeoJSON file."""
    DEMO = "demo"


class Place(Model):
    """An attraction or a facility (fuel station, ATM, place of worship, parking, toilets, food)."""

    id = fields.IntField(primary_key=True)
    category = fields.CharEnumField(Category, max_length=12)
    name = fields.CharField(max_length=200)
    description_id = fields.TextField(default="")
    description_en = fields.TextField(default="")
    latitude = fields.FloatField()
    longitude = fields.FloatField()
    address = fields.CharField(max_length=255, default="")
    kecamatan = fields.CharField(max_length=20, default="")
    opening_hours = fields.CharField(max_length=255, default="")
    """OpenStreetMap's ``opening_hours`` syntax, e.g. ``Mo-Su 08:00-17:00``."""
    ticket_price = fields.IntField(null=True)
    """Rupiah; ``None`` when unknown, 0 when free."""
    contact = fields.CharField(max_length=200, default="")
    accessibility = fields.TextField(default="")
    religion = fields.CharField(max_length=12, default="")
    brand = fields.CharField(max_length=120, default="")
    operator = fields.CharField(max_length=120, default="")
    photo: fields.ForeignKeyNullableRelation[StoredFile] = fields.ForeignKeyField(
        "core.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    photo_id: int | None
    source = fields.CharEnumField(Source, max_length=10, default=Source.OFFICER)
    osm_type = fields.CharField(max_length=8, default="")
    osm_id = fields.BigIntField(null=True)
    """The OpenStreetMap object this place was imported from: a re-import finds it by these."""
    tags: dict[str, Any] = fields.JSONField(default=dict)
    rating_total = fields.IntField(default=0)
    rating_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "eplesiran_place"
        unique_together = (("osm_type", "osm_id"),)
        indexes = (("category", "id"), ("source",), ("kecamatan", "category"))

    @property
    def is_attraction(self) -> bool:
        return is_attraction(self.category)

    @property
    def average_stars(self) -> float | None:
        return average_stars(self.rating_total, self.rating_count)

    def description(self, locale: str) -> str:
        return (self.description_en if locale == "en" else self.description_id) or (
            self.description_id or self.description_en
        )


class Rating(Model):
    """A citizen's stars for an attraction: one each, changed by rating again."""

    id = fields.IntField(primary_key=True)
    place: fields.ForeignKeyRelation[Place] = fields.ForeignKeyField(
        "eplesiran.Place", related_name="ratings", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    stars = fields.SmallIntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "eplesiran_rating"
        unique_together = (("place", "user"),)


class Favourite(Model):
    id = fields.IntField(primary_key=True)
    place: fields.ForeignKeyRelation[Place] = fields.ForeignKeyField(
        "eplesiran.Place", related_name="favourites", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name=False, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "eplesiran_favourite"
        unique_together = (("place", "user"),)


class RoadGraph(Model):
    """The road network of the last import, as one blob (``RoadNetwork.to_bytes``). There is at
    most one row: an import replaces it in the transaction that stores its places."""

    id = fields.IntField(primary_key=True)
    data = fields.BinaryField()
    source = fields.CharField(max_length=255)
    """The file it came from, or "generated" for the demo's made-up streets."""
    generated = fields.BooleanField(default=False)
    node_count = fields.IntField()
    edge_count = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "eplesiran_road_graph"
