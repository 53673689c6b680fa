"""``tangerang-live new-plugin``: a working plugin package to start from."""

from __future__ import annotations

import keyword
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from string import Template

TEMPLATE_DIR = Path(__file__).resolve().parent / "scaffold_template"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def scaffold_plugin(name: str, directory: Path) -> Path:
    """Write a plugin package named ``name`` into ``directory/name``; return that folder."""
    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise ValueError(
            "a plugin name is a lower-case Python identifier of 2 to 41 characters,"
            " e.g. pasar_murah"
        )
    target = directory / name
    if target.exists():
        raise ValueError(f"{target} already exists")
    values = {
        "name": name,
        "slug": name.replace("_", "-"),
        "dist": "tangerang-live-" + name.replace("_", "-"),
        "title": name.replace("_", " ").title(),
        "initial": name[0].upper(),
    }
    for source in sorted(TEMPLATE_DIR.rglob("*.tmpl")):
        relative = source.relative_to(TEMPLATE_DIR).with_suffix("")
        # "package" is the Python package; "NAME" in a file name (test_NAME.py) becomes the
        # plugin's name, so two plugins' tests never share a module name.
        parts = [
            name if part == "package" else part.replace("NAME", name) for part in relative.parts
        ]
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(Template(source.read_text()).substitute(values))
    format_python([target])
    return target


def format_python(paths: Iterable[Path]) -> None:
    """Format generated code as ``make lint`` wants it, under the ruff configuration that governs
    where it was written (the portal repository's, for a plugin under ``plugins/``). Without ruff
    installed (a production environment) the code stays as generated."""
    names = [str(p) for p in paths]
    for command in (["check", "--fix", "--select", "I", "--quiet"], ["format", "--quiet"]):
        try:
            subprocess.run([sys.executable, "-m", "ruff", *command, *names], check=False)
        except OSError:
            return
