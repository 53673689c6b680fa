"""The public API is documented and is all a plugin uses: every name in ``tangerang_live.__all__``
has a docstring and ``docs/api.md`` is up to date with them, and no plugin under ``plugins/``
imports anything else from the host (its tests may use ``tangerang_live.testing``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import tangerang_live
from tangerang_live.apidoc import docstring, reference

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_SOURCES = [
    pytest.param(path, id=str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "plugins").glob("*/**/*.py"))
]


def is_test_code(path: Path) -> bool:
    return "tests" in path.relative_to(ROOT / "plugins").parts or path.name == "conftest.py"


def host_imports_refused(path: Path) -> list[str]:
    """The host imports in ``path`` that a plugin may not make, as ``line: import``."""
    refused = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            if module == "tangerang_live" and isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if a.name not in tangerang_live.__all__]
                refused += [f"{node.lineno}: tangerang_live.{name}" for name in private]
            elif module.startswith("tangerang_live."):
                if module == "tangerang_live.testing" and is_test_code(path):
                    continue
                refused.append(f"{node.lineno}: {module}")
    return refused


def test_every_public_name_has_a_docstring():
    assert [name for name in tangerang_live.__all__ if not docstring(name)] == []


def test_the_api_reference_is_up_to_date():
    written = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/api.md is stale: run `make docs`"


@pytest.mark.parametrize("path", PLUGIN_SOURCES)
def test_a_plugin_imports_only_the_public_api(path: Path):
    assert host_imports_refused(path) == []


def test_the_import_check_catches_private_imports(tmp_path, monkeypatch):
    plugin = ROOT / "plugins" / "example" / "example" / "views.py"
    source = (
        "from tangerang_live import render, portal_of\n"
        "from tangerang_live.auth import sign_in\n"
        "import tangerang_live.testing\n"
    )
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    assert host_imports_refused(plugin) == [
        "1: tangerang_live.portal_of",
        "2: tangerang_live.auth",
        "3: tangerang_live.testing",
    ]
    test_file = ROOT / "plugins" / "example" / "tests" / "test_example.py"
    assert host_imports_refused(test_file) == [
        "1: tangerang_live.portal_of",
        "2: tangerang_live.auth",
    ]
