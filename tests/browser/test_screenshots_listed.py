"""docs/screenshots/README.md shows every picture the journeys take, at both widths.

Runs without a browser: it reads the journeys' ``screenshot(page, "NAME")`` calls, the README and
the folder, so a new journey cannot leave its pages out of the docs.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"
TAKEN = re.compile(r"""screenshot\(\s*\w+,\s*["']([\w-]+)["']""")
SHOWN = re.compile(r"\]\(([\w-]+)-(desktop|phone)\.png\)")


def taken_by_journeys() -> set[str]:
    journeys = [path for path in HERE.glob("test_*.py") if path.name != Path(__file__).name]
    return {name for path in journeys for name in TAKEN.findall(path.read_text())}


def test_every_screenshot_is_shown_in_the_readme_at_both_widths() -> None:
    shown = SHOWN.findall((SCREENSHOTS / "README.md").read_text())
    expected = {(name, width) for name in taken_by_journeys() for width in ("desktop", "phone")}
    assert expected, "no journey takes a screenshot"
    assert set(shown) == expected


def test_every_screenshot_in_the_readme_is_in_the_folder() -> None:
    missing = [
        f"{name}-{width}.png"
        for name, width in SHOWN.findall((SCREENSHOTS / "README.md").read_text())
        if not (SCREENSHOTS / f"{name}-{width}.png").is_file()
    ]
    assert not missing, f"run `make screenshots`: {missing}"
