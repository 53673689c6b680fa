"""Fixtures shared by the host's tests: the test plugins under ``tests/fixture_plugins``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from host_fixtures import FIXTURE_PLUGINS

# A fixture plugin's own tests run with that plugin installed (test_compatibility.py), not here.
collect_ignore_glob = ["fixture_plugins/*/tests/*"]


@pytest.fixture(scope="session")
def hello_city_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``hello_city`` distribution built and installed (not editable) into its own folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--no-build-isolation", "--target", str(target), str(FIXTURE_PLUGINS / "hello_city"),
        ],
        check=True,
    )  # fmt: skip
    return target


@pytest.fixture
def hello_city(hello_city_site: Path) -> Iterator[Path]:
    """Put the installed distribution on ``sys.path`` for one test, as pip would for a venv."""
    sys.path.insert(0, str(hello_city_site))
    try:
        yield hello_city_site
    finally:
        sys.path.remove(str(hello_city_site))
        for name in [m for m in sys.modules if m == "hello_city" or m.startswith("hello_city.")]:
            del sys.modules[name]
