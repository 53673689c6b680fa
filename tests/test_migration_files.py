"""Migrations are history: each one builds the schema it built on the day it was written, so it
imports nothing of the portal's live code (an enum renamed later would break it). ``makemigrations``
writes them that way."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest
from tangerang_live.db import ModelApp, core_app, make_migrations
from tangerang_live.settings import Settings

REPO = Path(__file__).resolve().parents[1]
MIGRATIONS = sorted(
    [*REPO.glob("core/tangerang_live/migrations/0*.py"), *REPO.glob("plugins/*/*/migrations/0*.py")]
)


def imported_packages(source: str) -> set[str]:
    """Top-level packages a module imports, anywhere in it (functions of RunPython included)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def foreign_imports(source: str) -> set[str]:
    """What a migration imports besides the ORM and the standard library."""
    return imported_packages(source) - {"tortoise"} - set(sys.stdlib_module_names)


def test_the_committed_migrations_are_found():
    apps = {path.parent.parent.name for path in MIGRATIONS}
    assert {"tangerang_live", "laksa", "siap_kerja", "simpati_rs", "eplesiran"} <= apps


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_committed_migration_imports_the_portals_live_code(path):
    assert not foreign_imports(path.read_text()), f"{path.name} imports live code"


MODELS = """
    from enum import IntEnum, StrEnum

    from tortoise import fields
    from tortoise.models import Model


    class Colour(StrEnum):
        RED = "merah"
        GREEN = "hijau"


    class Size(IntEnum):
        SMALL = 1
        LARGE = 2


    class Thing(Model):
        id = fields.IntField(primary_key=True)
        colour = fields.CharEnumField(Colour, default=Colour.RED, max_length=8)
        size = fields.IntEnumField(Size, null=True)
        owner = fields.ForeignKeyField("core.User", null=True, on_delete=fields.SET_NULL)

        class Meta:
            table = "enum_fixture_thing"
"""


async def test_makemigrations_copies_the_enums_it_needs_into_the_migration(tmp_path, monkeypatch):
    package = tmp_path / "src" / "enum_fixture"
    (package / "migrations").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "migrations" / "__init__.py").write_text("")
    (package / "models.py").write_text(textwrap.dedent(MODELS))
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    settings = Settings(env="test", database_url=f"sqlite://{tmp_path}/db.sqlite3")
    apps = [
        core_app(),
        ModelApp("enum_fixture", ("enum_fixture.models",), "enum_fixture.migrations"),
    ]

    [written] = await make_migrations(settings, apps, ["enum_fixture"])

    source = Path(written).read_text()
    assert not foreign_imports(source)
    namespace: dict[str, object] = {}
    exec(compile(source, written, "exec"), namespace)
    colour, size = namespace["Colour"], namespace["Size"]
    assert {c.name: c.value for c in colour} == {"RED": "merah", "GREEN": "hijau"}
    assert {s.name: s.value for s in size} == {"SMALL": 1, "LARGE": 2}
    assert "default=Colour.RED" in source and "enum_type=Size" in source
    # The frozen copies describe the same schema as the live enums: nothing new to write.
    assert await make_migrations(settings, apps, ["enum_fixture"]) == []
