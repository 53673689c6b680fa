"""Fill the LAKSA tables with many public reports, fast, for the list benchmarks.

    python bench/laksa_data.py DATABASE_URL COUNT

Rows are generated inside the database (generate_series on PostgreSQL, a recursive query on
SQLite), spread over the demo categories, the 13 kecamatan, every status and the last year. Run
after ``tangerang-live quickstart``, which created the categories.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys

from laksa.models import KECAMATAN
from laksa.workflow import Status

# Set-up may use the plugin's own vocabulary (only the reference must not use portal code).
STATUSES = [status.value for status in Status]


COLUMNS = (
    "tracking_number, category_id, department_id, contact, privacy, listed, title, description, "
    "latitude, longitude, address, kecamatan, status, text_hidden_reason, supporters, "
    "rating_comment, source, created_at, updated_at"
)


def _values(n: str, category: str, department: str, at: str, sql_array: str) -> str:
    """The SELECT list for row number ``n``; the SQL dialect supplies arrays and timestamps."""
    statuses = sql_array.format(items=", ".join(f"'{s}'" for s in STATUSES), size=len(STATUSES))
    kecamatan = sql_array.format(items=", ".join(f"'{k}'" for k in KECAMATAN), size=len(KECAMATAN))
    return (
        f"'LKS-B-' || {n}, {category}, {department}, '{{}}', 'public', TRUE, "
        f"'Laporan uji beban nomor ' || {n}, 'Deskripsi laporan uji beban.', "
        f"-6.17 - ({n} % 300) * 0.0001, 106.63 + ({n} % 500) * 0.0001, '', "
        f"{kecamatan.replace('INDEX', n)}, {statuses.replace('INDEX', n)}, '', 0, '', 'web', "
        f"{at}, {at}"
    )


async def fill_postgres(url: str, count: int) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        categories = await connection.fetch("SELECT id, department_id FROM laksa_category")
        ids = ", ".join(str(c["id"]) for c in categories)
        departments = ", ".join(str(c["department_id"]) for c in categories)
        n = "g"
        pick = f"(g % {len(categories)}) + 1"
        await connection.execute(
            f"INSERT INTO laksa_report ({COLUMNS}) SELECT "
            + _values(
                n,
                f"(ARRAY[{ids}])[{pick}]",
                f"(ARRAY[{departments}])[{pick}]",
                "now() - (g % 365) * interval '1 day'",
                "(ARRAY[{items}])[(INDEX % {size}) + 1]",
            )
            + f" FROM generate_series(1, {count}) AS g"
        )
        await connection.execute("ANALYZE laksa_report")
    finally:
        await connection.close()


def fill_sqlite(path: str, count: int) -> None:
    database = sqlite3.connect(path)
    try:
        categories = database.execute("SELECT id, department_id FROM laksa_category").fetchall()
        size = len(categories)
        case_category = " ".join(f"WHEN {i} THEN {c[0]}" for i, c in enumerate(categories))
        case_department = " ".join(f"WHEN {i} THEN {c[1]}" for i, c in enumerate(categories))
        database.execute(
            f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count}) "
            f"INSERT INTO laksa_report ({COLUMNS}) SELECT "
            + _values(
                "n",
                f"CASE n % {size} {case_category} END",
                f"CASE n % {size} {case_department} END",
                "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '-' || (n % 365) || ' days')",
                "json_extract(json_array({items}), '$[' || (INDEX % {size}) || ']')",
            )
            + " FROM g"
        )
        database.commit()
        database.execute("ANALYZE")
    finally:
        database.close()


if __name__ == "__main__":
    url, count = sys.argv[1], int(sys.argv[2])
    if url.startswith("postgres"):
        asyncio.run(fill_postgres(url, count))
    else:
        fill_sqlite(url.removeprefix("sqlite://"), count)
