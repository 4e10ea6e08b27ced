"""The database refuses UPDATE and DELETE of audit events: the triggers, per database.

One place for their SQL: the migration creates them, `manage.py flush` lifts them on
SQLite while it empties the tables, and the tamper tests lift them to play the forger.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_auditevent"
MESSAGE = "audit events are append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}" for verb in ("update", "delete")]

POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]


def _statements(connection: BaseDatabaseWrapper, create: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if connection.vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    raise NotImplementedError(f"No append-only triggers for {connection.vendor}.")


def create_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Without the triggers for a moment (flush on SQLite; tests that play a forger)."""
    drop_triggers(connection)
    try:
        yield
    finally:
        create_triggers(connection)
