"""``tangerang-live eplesiran …``: import OpenStreetMap extracts and GeoJSON, export GeoJSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from tangerang_live import Command, PluginContext
from tqdm import tqdm

from eplesiran import services
from eplesiran.geojson import GeoJSONError, collection, feature, parse_collection
from eplesiran.models import Place
from eplesiran.osm import BBox, ExtractError, read_extract


def _bbox(text: str) -> BBox:
    try:
        return BBox.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _configure_import_osm(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="an OpenStreetMap extract (.osm.pbf)")
    parser.add_argument(
        "--bbox", type=_bbox, default=None, help="only what lies inside west,south,east,north"
    )


async def import_osm(args: argparse.Namespace, plugin: PluginContext) -> int:
    """Read the extract (with a progress bar), then store its places and roads in one go."""
    with tqdm(desc="Reading", unit=" objects", unit_scale=True, file=sys.stderr) as bar:
        try:
            extract = await asyncio.to_thread(read_extract, args.file, args.bbox, bar.update)
        except ExtractError as exc:
            print(f"error: {exc}; nothing was imported", file=sys.stderr)
            return 2
    print("Storing places and roads in one transaction…", file=sys.stderr)
    result = await services.import_extract(extract, source=args.file.name)
    print(
        f"{result.created} places new, {result.updated} updated, {result.removed} removed; "
        f"roads: {result.road_nodes} nodes, {result.road_edges} edges"
        + ("" if extract.network else " (no roads in the file: the previous network stays)")
        + ". Data © OpenStreetMap contributors (ODbL)."
    )
    return 0


def _configure_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path)


async def import_geojson(args: argparse.Namespace, plugin: PluginContext) -> int:
    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
        places = parse_collection(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        print(f"error: {args.file}: {exc}; nothing was imported", file=sys.stderr)
        return 2
    except GeoJSONError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 2
    result = await services.import_places(places, source=args.file.name)
    print(f"{result.created} places imported")
    return 0


async def export_geojson(args: argparse.Namespace, plugin: PluginContext) -> int:
    places = await Place.all().order_by("id")
    body = collection([feature(p, plugin.url("place", id=p.id)) for p in places])
    args.file.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(places)} places written to {args.file}")
    return 0


COMMANDS = [
    Command(
        "import-osm",
        "Import places and the road network from an OpenStreetMap extract (.osm.pbf)",
        _configure_import_osm,
        import_osm,
    ),
    Command(
        "import-geojson",
        "Import places from a GeoJSON FeatureCollection",
        _configure_file,
        import_geojson,
    ),
    Command(
        "export-geojson", "Write every place to a GeoJSON file", _configure_file, export_geojson
    ),
]
