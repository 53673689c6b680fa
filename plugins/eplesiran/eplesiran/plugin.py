"""Hook implementations: how E-Plesiran plugs into the portal."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route
from tangerang_live import (
    Access,
    Command,
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    PluginContext,
    SearchResult,
    Setting,
    Widget,
    declare_access,
    hookimpl,
)

from eplesiran import access, commands, osrm, samples
from eplesiran.demo import load_demo
from eplesiran.geojson import places_geojson
from eplesiran.labels import category_label
from eplesiran.models import Place
from eplesiran.views import citizen, manage, public, widgets


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="eplesiran",
        title=LocalizedText("E-Plesiran", "E-Plesiran"),
        description=LocalizedText(
            "Tempat wisata, SPBU, ATM dan tempat ibadah di peta, dengan petunjuk arah.",
            "Attractions, fuel stations, ATMs and places of worship on a map, with directions.",
        ),
        url_prefix="/e-plesiran",
        icon="icon.svg",
        host_api=">=1.1,<2.0",
    )


# Who may use each route (``declare_access``): the statuses the portal's route tests expect for
# each role, with the sample whose path parameters they use (``samples``).
PUBLIC = Access.EVERYONE
PLACE_FILTERS = ("category", "religion", "bbox", "near", "limit")
PLACE_FIELDS = (
    "name", "category", "kecamatan", "latitude", "longitude", "address", "description_id",
    "description_en", "opening_hours", "ticket_price", "contact", "accessibility", "religion",
    "brand", "operator", "photo",
)  # fmt: skip
EDITORS = Access.ADMINS
"""Holders of eplesiran.edit for Disbudpar: in the test's world, only the admin."""


@hookimpl
def routes() -> list[Route]:
    return [
        declare_access(
            Route("/", public.index, name="index"), GET=PUBLIC.but(params=PLACE_FILTERS)
        ),
        declare_access(
            Route("/p/{id:int}", public.place_page, name="place"),
            GET=PUBLIC.but(params=("near",), sample=samples.place),
        ),
        declare_access(
            Route("/p/{id:int}/directions", public.directions, name="directions"),
            GET=PUBLIC.but(params=("profile", "lat", "lon"), sample=samples.place),
        ),
        declare_access(
            Route("/near", public.near, name="near"),
            GET=PUBLIC.but(params=("category", "lat", "lon")),
        ),
        declare_access(
            Route("/p/{id:int}/rate", citizen.rate, methods=["POST"], name="rate"),
            POST=Access.CITIZENS.but(citizen=422, params=("stars",), sample=samples.place),
        ),
        declare_access(
            Route("/p/{id:int}/favourite", citizen.favourite, methods=["POST"], name="favourite"),
            POST=Access.CITIZENS.but(citizen=303, params=("favourite",), sample=samples.place),
        ),
        declare_access(
            Route("/favourites", citizen.favourites, name="favourites"), GET=Access.CITIZENS
        ),
        declare_access(
            Route("/manage/", manage.places, name="manage"), GET=EDITORS.but(params=("page", "q"))
        ),
        declare_access(
            Route("/manage/new", manage.edit, methods=["GET", "POST"], name="manage_new"),
            GET=EDITORS,
            POST=EDITORS.but(admin=422, params=PLACE_FIELDS),
        ),
        declare_access(
            Route("/manage/{id:int}", manage.edit, methods=["GET", "POST"], name="manage_edit"),
            GET=EDITORS.but(sample=samples.place),
            POST=EDITORS.but(admin=422, params=PLACE_FIELDS, sample=samples.place),
        ),
        declare_access(
            Route("/manage/{id:int}/delete", manage.delete, methods=["POST"], name="manage_delete"),
            POST=EDITORS.but(admin=303, sample=samples.place),
        ),
        declare_access(
            Route("/manage/export.geojson", manage.export_geojson, name="manage_export"),
            GET=EDITORS,
        ),
        declare_access(
            Route("/manage/import", manage.import_geojson, methods=["POST"], name="manage_import"),
            POST=EDITORS.but(admin=422, params=("file",)),
        ),
        declare_access(
            Route("/widgets/highlights", widgets.highlights, name="widget_highlights"),
            GET=PUBLIC,
        ),
        declare_access(
            Route("/api/places.geojson", places_geojson, name="places_geojson"),
            GET=PUBLIC.but(params=PLACE_FILTERS),
        ),
        *osrm.routes,
    ]


@hookimpl
def model_modules() -> list[str]:
    return ["eplesiran.models"]


@hookimpl
def nav_items(plugin: PluginContext) -> list[NavItem]:
    return [
        NavItem(LocalizedText("Wisata", "Sightseeing"), plugin.url("index"), order=40),
        NavItem(
            LocalizedText("Favorit saya", "My favourites"),
            plugin.url("favourites"),
            "citizen",
            order=41,
        ),
        NavItem(
            LocalizedText("Kelola E-Plesiran", "Manage E-Plesiran"),
            plugin.url("manage"),
            "officer",
            permission=access.EDIT,
            order=42,
        ),
    ]


@hookimpl
def home_widgets(plugin: PluginContext) -> list[Widget]:
    title = LocalizedText("Wisata pilihan", "Places to visit")
    return [Widget(title, url=plugin.url("widget_highlights"), order=40)]


@hookimpl
def home_stylesheets() -> list[str]:
    return ["eplesiran.css"]


@hookimpl
async def search(query: str, limit: int, plugin: PluginContext) -> list[SearchResult]:
    """Places whose name or address mentions ``query`` (all places are public)."""
    places = await Place.filter(name__icontains=query).order_by("name").limit(limit)
    if len(places) < limit:
        places += (
            await Place.filter(address__icontains=query)
            .exclude(id__in=[p.id for p in places])
            .order_by("name")
            .limit(limit - len(places))
        )
    return [
        SearchResult(
            title=p.name,
            url=plugin.url("place", id=p.id),
            snippet=", ".join(filter(None, (category_label(p.category), p.address, p.kecamatan))),
            kind="E-Plesiran",
        )
        for p in places
    ]


@hookimpl
def permissions() -> list[Permission]:
    return [
        Permission(
            access.EDIT,
            LocalizedText(
                "Kelola tempat wisata dan fasilitas, impor dan ekspor data",
                "Manage attractions and facilities, import and export data",
            ),
        )
    ]


@hookimpl
def settings() -> list[Setting]:
    return [
        Setting(
            "nearest_count",
            LocalizedText("Jumlah fasilitas terdekat", "Nearest facilities shown"),
            5,
            minimum=1,
            maximum=20,
        ),
        Setting(
            "snap_radius_m",
            LocalizedText(
                "Jarak maksimum ke jalan (meter)", "Farthest distance to a road (metres)"
            ),
            1000,
            minimum=50,
            maximum=20000,
            help=LocalizedText(
                "Titik yang lebih jauh dari jalan tidak diberi rute.",
                "A point farther than this from any road gets no route.",
            ),
        ),
    ]


@hookimpl
def cli_commands() -> list[Command]:
    return commands.COMMANDS


@hookimpl
async def demo_data(demo: Any) -> None:
    await load_demo(demo)
