"""The portal's pytest plugin, loaded by every pytest run where the host is installed (entry point
``pytest11``), so a plugin's own tests get the same set-up as the host's:

- passwords are hashed with argon2 at its cheapest (``use_cheap_password_hashing``);
- a hypothesis profile ``ci`` without deadlines, loaded when the ``CI`` environment variable is
  set or with ``--hypothesis-profile=ci`` (``make test`` does): a test must not fail because a
  shared machine is busy.
"""

from __future__ import annotations

import os

import pytest

from tangerang_live.testing import use_cheap_password_hashing

try:
    from hypothesis import settings as hypothesis_settings
except ImportError:  # hypothesis is optional for a plugin's tests
    hypothesis_settings = None  # type: ignore[assignment, misc]  # an optional import
else:
    hypothesis_settings.register_profile("ci", deadline=None, print_blob=True)


def pytest_configure(config: pytest.Config) -> None:
    use_cheap_password_hashing()
    chosen = config.getoption("hypothesis_profile", default=None)
    if hypothesis_settings is not None and os.environ.get("CI") and not chosen:
        hypothesis_settings.load_profile("ci")
