"""Hook implementations: how E-Plesiran plugs into the portal."""

from __future__ import annotations

from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="eplesiran",
        title=LocalizedText("E-Plesiran", "E-Plesiran"),
        description=LocalizedText(
            "Tempat wisata, SPBU, ATM dan tempat ibadah di peta, dengan petunjuk arah.",
            "Attractions, fuel stations, ATMs and places of worship on a map, with directions.",
        ),
        url_prefix="/e-plesiran",
        icon="icon.svg",
        host_api=">=1.0,<2.0",
    )
