"""A plugin written for host API 1.0 with the public API only installs and passes its own tests on
this host unchanged (tests/fixture_plugins/hello_city_1_0 is Hello City as it was for 1.0)."""

from __future__ import annotations

import subprocess
import sys

from host_fixtures import FIXTURE_PLUGINS
from processes import portal_env

PLUGIN = FIXTURE_PLUGINS / "hello_city_1_0"


def test_a_1_0_plugin_installs_and_passes_its_own_tests(tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--no-build-isolation", "--target", str(site), str(PLUGIN),
        ],
        check=True,
    )  # fmt: skip
    own_tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=PLUGIN,
        env=portal_env(tmp_path / "var", site),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr
    assert "3 passed" in own_tests.stdout
