"""``tangerang-live new-plugin``: a working plugin package to start from."""

from __future__ import annotations

import keyword
import re
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
        parts = [name if part in ("package", "NAME") else part for part in relative.parts]
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(Template(source.read_text()).substitute(values))
    return target
