from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from enum import StrEnum


class Category(StrEnum):
    """``eplesiran.workflow.Category`` when this migration was written."""

    HERITAGE = "heritage"
    RELIGIOUS = "religious"
    PARK = "park"
    CULINARY = "culinary"
    MUSEUM = "museum"
    FUEL = "fuel"
    ATM = "atm"
    WORSHIP = "worship"
    PARKING = "parking"
    TOILETS = "toilets"
    FOOD = "food"


class Source(StrEnum):
    """``eplesiran.models.Source`` when this migration was written."""

    OFFICER = "officer"
    OSM = "osm"
    GEOJSON = "geojson"
    DEMO = "demo"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("core", "0002_shared_services"),
        ("core", "0003_seed_departments"),
    ]

    initial = True

    operations = [
        ops.CreateModel(
            name="Place",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "category",
                    fields.CharEnumField(
                        description="HERITAGE: heritage\nRELIGIOUS: religious\nPARK: park\nCULINARY: culinary\nMUSEUM: museum\nFUEL: fuel\nATM: atm\nWORSHIP: worship\nPARKING: parking\nTOILETS: toilets\nFOOD: food",
                        enum_type=Category,
                        max_length=12,
                    ),
                ),
                ("name", fields.CharField(max_length=200)),
                ("description_id", fields.TextField(default="", unique=False)),
                ("description_en", fields.TextField(default="", unique=False)),
                ("latitude", fields.FloatField()),
                ("longitude", fields.FloatField()),
                ("address", fields.CharField(default="", max_length=255)),
                ("kecamatan", fields.CharField(default="", max_length=20)),
                ("opening_hours", fields.CharField(default="", max_length=255)),
                ("ticket_price", fields.IntField(null=True)),
                ("contact", fields.CharField(default="", max_length=200)),
                ("accessibility", fields.TextField(default="", unique=False)),
                ("religion", fields.CharField(default="", max_length=12)),
                ("brand", fields.CharField(default="", max_length=120)),
                ("operator", fields.CharField(default="", max_length=120)),
                (
                    "photo",
                    fields.ForeignKeyField(
                        "core.StoredFile",
                        source_field="photo_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "source",
                    fields.CharEnumField(
                        default=Source.OFFICER,
                        description="OFFICER: officer\nOSM: osm\nGEOJSON: geojson\nDEMO: demo",
                        enum_type=Source,
                        max_length=10,
                    ),
                ),
                ("osm_type", fields.CharField(default="", max_length=8)),
                ("osm_id", fields.BigIntField(null=True)),
                (
                    "tags",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("rating_total", fields.IntField(default=0)),
                ("rating_count", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "eplesiran_place",
                "app": "eplesiran",
                "unique_together": (("osm_type", "osm_id"),),
                "indexes": [
                    Index(fields=["category", "id"]),
                    Index(fields=["source"]),
                    Index(fields=["kecamatan", "category"]),
                ],
                "pk_attr": "id",
                "table_description": "An attraction or a facility (fuel station, ATM, place of worship, parking, toilets, food).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Favourite",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "place",
                    fields.ForeignKeyField(
                        "eplesiran.Place",
                        source_field="place_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="favourites",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "eplesiran_favourite",
                "app": "eplesiran",
                "unique_together": (("place", "user"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Rating",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "place",
                    fields.ForeignKeyField(
                        "eplesiran.Place",
                        source_field="place_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ratings",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "core.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("stars", fields.SmallIntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "eplesiran_rating",
                "app": "eplesiran",
                "unique_together": (("place", "user"),),
                "pk_attr": "id",
                "table_description": "A citizen's stars for an attraction: one each, changed by rating again.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RoadGraph",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("data", fields.BinaryField()),
                ("source", fields.CharField(max_length=255)),
                ("generated", fields.BooleanField(default=False)),
                ("node_count", fields.IntField()),
                ("edge_count", fields.IntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "eplesiran_road_graph",
                "app": "eplesiran",
                "pk_attr": "id",
                "table_description": "The road network of the last import, as one blob (``RoadNetwork.to_bytes``). There is at",
            },
            bases=["Model"],
        ),
    ]
