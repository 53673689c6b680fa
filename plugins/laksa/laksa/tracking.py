"""Tracking numbers: ``LKS-YYYY-NNNNNN``, counted per year, unique and gapless."""

from __future__ import annotations

import re
import unicodedata

PREFIX = "LKS"
SEQUENCE = "laksa.report"
"""The host sequence (``next_number``) of tracking numbers, counted per year."""
PATTERN = re.compile(r"^LKS-(\d{4})-(\d{6,})$")
_TYPED = re.compile(r"(?:LKS)?(2\d{3})(\d{1,9})", flags=re.ASCII)
MINUS = "\u2212"
"""The minus sign, which some keyboards put where a dash was meant."""


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def normalise(text: str) -> str | None:
    """A tracking number as a phone types it, in canonical form, or ``None``.

    Any case, spaces, en and em dashes (any dash, or none), full-width characters and a missing
    ``LKS-`` prefix all work: ``lks 2026 123``, ``LKS–2026–000123`` and ``2026-000123`` are
    ``LKS-2026-000123``. The year is the four digits after the prefix (2000 to 2999, so a
    sequence number typed alone is not taken for a year).
    """
    # NFKC turns full-width letters and digits (some Asian keyboards) into ASCII ones.
    folded = unicodedata.normalize("NFKC", text).upper()
    compact = "".join(
        ch for ch in folded if not (ch.isspace() or ch == MINUS or unicodedata.category(ch) == "Pd")
    )
    match = _TYPED.fullmatch(compact)
    return format_number(int(match[1]), int(match[2])) if match else None
