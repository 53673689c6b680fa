"""Every hook is documented for plugin authors, with a docstring and a section in the guide."""

import inspect
from pathlib import Path

from tangerang_live import hookspecs

GUIDE = Path(__file__).parents[1] / "docs" / "plugins.md"


def specs():
    return [
        (name, f)
        for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(f, "tangerang_live_spec")
    ]


def test_there_are_hooks():
    assert len(specs()) >= 12


def test_every_hook_has_a_docstring():
    assert [name for name, f in specs() if not (f.__doc__ or "").strip()] == []


def test_every_hook_and_each_argument_is_in_the_plugin_guide():
    guide = GUIDE.read_text()
    missing = []
    for name, function in specs():
        section = guide.split(f"### `{name}(", 1)
        if len(section) < 2:
            missing.append(name)
            continue
        body = section[1].split("\n### ", 1)[0]
        missing += [
            f"{name}({arg})"
            for arg in inspect.signature(function).parameters
            if f"`{arg}`" not in body
        ]
    assert missing == []
