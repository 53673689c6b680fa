"""Gap-free numbered sequences: tracking numbers, queue numbers, certificate numbers.

One row per key and period holds the last number handed out. Taking the next one is a single
upsert that locks that row until the transaction ends, so two requests never get the same number,
and a transaction that rolls back gives its number back: the numbers that exist have no gaps.
"""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

_TAKE = {
    "sqlite": (
        'INSERT INTO core_number_sequence ("key", "period", "value") VALUES (?, ?, 1) '
        'ON CONFLICT ("key", "period") DO UPDATE SET "value" = core_number_sequence."value" + 1 '
        'RETURNING "value"'
    ),
    "postgres": (
        'INSERT INTO core_number_sequence ("key", "period", "value") VALUES ($1, $2, 1) '
        'ON CONFLICT ("key", "period") DO UPDATE SET "value" = core_number_sequence."value" + 1 '
        'RETURNING "value"'
    ),
}


async def next_number(
    key: str, period: str = "", *, connection: BaseDBAsyncClient | None = None
) -> int:
    """The next number of sequence ``key`` in ``period``: 1, 2, 3… with no gaps and no repeats.

    Call it inside the transaction that stores the numbered record::

        async with in_transaction() as conn:
            n = await next_number("laksa.report", "2026", connection=conn)
            await Report.create(number=f"LKS-2026-{n:06d}", ..., using_db=conn)

    Concurrent callers of the same key and period wait for each other's transaction, so keep it
    short; a rollback gives the number back. ``period`` is any text that restarts the count (a year,
    a day, a clinic session). Outside a transaction every call keeps its number for good.
    """
    if not key or len(key) > 100 or len(period) > 100:
        raise ValueError("a sequence key needs 1 to 100 characters, a period at most 100")
    client = connection or Tortoise.get_connection("default")
    dialect = "postgres" if client.capabilities.dialect == "postgres" else "sqlite"
    rows = await client.execute_query_dict(_TAKE[dialect], [key, period])
    return int(rows[0]["value"])
