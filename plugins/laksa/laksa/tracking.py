"""Tracking numbers: ``LKS-YYYY-NNNNNN``, counted per year, unique and gapless."""

from __future__ import annotations

import re

from tortoise.backends.base.client import BaseDBAsyncClient

PREFIX = "LKS"
PATTERN = re.compile(r"^LKS-(\d{4})-(\d{6,})$")


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def normalise(text: str) -> str | None:
    """A typed tracking number in canonical form (``lks-2026-123`` works), or ``None``."""
    match = re.fullmatch(r"\s*LKS-?(\d{4})-?(\d{1,9})\s*", text, flags=re.IGNORECASE)
    return format_number(int(match[1]), int(match[2])) if match else None


async def next_number(year: int, connection: BaseDBAsyncClient) -> str:
    """Take the next number of ``year`` inside the caller's transaction.

    One atomic upsert: on PostgreSQL the counter row stays locked until the report's transaction
    ends, so concurrent submissions queue for it, and a rolled-back submission gives its number
    back. Numbers are therefore unique, and the committed ones have no gaps.
    """
    rows = await connection.execute_query_dict(
        # ``year`` is an int, never user text: formatting it in keeps one statement for both
        # SQLite and PostgreSQL, whose placeholder syntaxes differ.
        f"INSERT INTO laksa_tracking_counter (year, last_number) VALUES ({int(year)}, 1) "
        "ON CONFLICT (year) DO UPDATE SET last_number = laksa_tracking_counter.last_number + 1 "
        "RETURNING last_number"
    )
    return format_number(year, int(rows[0]["last_number"]))
