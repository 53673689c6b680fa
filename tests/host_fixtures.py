"""Constants and helpers the host's tests share (a module of its own: the browser tests have a
``conftest`` too, so importing from ``conftest`` would find whichever was loaded first)."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path
from types import SimpleNamespace

FIXTURE_PLUGINS = Path(__file__).parent / "fixture_plugins"
BROKEN = FIXTURE_PLUGINS / "broken"
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "sandi-admin-yang-panjang"

sys.path.insert(0, str(BROKEN))


def fixture_entry_point(name: str, module: str, version: str = "") -> EntryPoint:
    """An entry point for one of the plain test modules in ``fixture_plugins/broken``, from a
    distribution at ``version`` when one is given."""
    entry_point = EntryPoint(name=name, value=module, group="tangerang_live")
    return entry_point._for(SimpleNamespace(version=version)) if version else entry_point
