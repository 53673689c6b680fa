"""Tracking numbers: ``LKS-YYYY-NNNNNN``, counted per year, unique and gapless."""

from __future__ import annotations

import re

PREFIX = "LKS"
SEQUENCE = "laksa.report"
"""The host sequence (``next_number``) of tracking numbers, counted per year."""
PATTERN = re.compile(r"^LKS-(\d{4})-(\d{6,})$")


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def normalise(text: str) -> str | None:
    """A typed tracking number in canonical form (``lks-2026-123`` works), or ``None``."""
    match = re.fullmatch(r"\s*LKS-?(\d{4})-?(\d{1,9})\s*", text, flags=re.IGNORECASE)
    return format_number(int(match[1]), int(match[2])) if match else None
