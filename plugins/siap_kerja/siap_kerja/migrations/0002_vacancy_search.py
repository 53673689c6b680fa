"""The full-text index of vacancies, made in each database's own way (see siap_kerja.search).

SQLite: an FTS5 table over ``search_terms`` (external content, kept in step by triggers), with
prefix indexes for the 2- and 3-letter prefixes queries start with. PostgreSQL: a GIN index over
``to_tsvector('simple', search_terms)`` (the words are stemmed before they are stored).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE = [
    "CREATE VIRTUAL TABLE siap_kerja_vacancy_fts USING fts5("
    "search_terms, content='siap_kerja_vacancy', content_rowid='id', prefix='2 3')",
    "CREATE TRIGGER siap_kerja_vacancy_fts_insert AFTER INSERT ON siap_kerja_vacancy BEGIN "
    "INSERT INTO siap_kerja_vacancy_fts (rowid, search_terms) VALUES (new.id, new.search_terms); "
    "END",
    "CREATE TRIGGER siap_kerja_vacancy_fts_delete AFTER DELETE ON siap_kerja_vacancy BEGIN "
    "INSERT INTO siap_kerja_vacancy_fts (siap_kerja_vacancy_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); END",
    "CREATE TRIGGER siap_kerja_vacancy_fts_update AFTER UPDATE OF search_terms "
    "ON siap_kerja_vacancy BEGIN "
    "INSERT INTO siap_kerja_vacancy_fts (siap_kerja_vacancy_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO siap_kerja_vacancy_fts (rowid, search_terms) VALUES (new.id, new.search_terms); "
    "END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER siap_kerja_vacancy_fts_update",
    "DROP TRIGGER siap_kerja_vacancy_fts_delete",
    "DROP TRIGGER siap_kerja_vacancy_fts_insert",
    "DROP TABLE siap_kerja_vacancy_fts",
]
POSTGRES = [
    "CREATE INDEX siap_kerja_vacancy_search ON siap_kerja_vacancy "
    "USING gin (to_tsvector('simple', search_terms))",
]
POSTGRES_REVERSE = ["DROP INDEX siap_kerja_vacancy_search"]


def _statements(schema_editor, sqlite, postgres):
    dialect = schema_editor.client.capabilities.dialect
    if dialect == "sqlite":
        return sqlite
    if dialect == "postgres":
        return postgres
    raise RuntimeError(f"SIAP Kerja's search supports SQLite and PostgreSQL, not {dialect}")


async def create_index(apps, schema_editor):
    for statement in _statements(schema_editor, SQLITE, POSTGRES):
        await schema_editor.client.execute_script(statement)


async def drop_index(apps, schema_editor):
    for statement in _statements(schema_editor, SQLITE_REVERSE, POSTGRES_REVERSE):
        await schema_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("siap_kerja", "0001_initial")]

    operations = [ops.RunPython(create_index, drop_index)]
