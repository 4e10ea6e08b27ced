"""The database refuses UPDATE and DELETE of audit events: the triggers, per database.

One place for their SQL: the migration creates them, `manage.py flush` lifts them on
SQLite while it empties the tables, and the tamper tests lift them to play the forger.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_auditevent"
MESSAGE = "audit events are append-only"

# The one change allowed: a redaction (a student's record destroyed on request) empties an
# event of everything about the student and names the tombstone, keeping the time, the
# person, the action, the kind of record and both hashes, so the chain still verifies.
REDACTION = (
    "OLD.redacted_in IS NULL AND NEW.redacted_in IS NOT NULL AND NEW.hash = OLD.hash "
    "AND NEW.prev_hash = OLD.prev_hash AND NEW.at = OLD.at AND NEW.action = OLD.action "
    "AND NEW.object_type = OLD.object_type AND NEW.user_id {same} OLD.user_id "
    """AND NEW.summary = '' AND NEW."before" IS NULL AND NEW."after" IS NULL """
    "AND NEW.student_id IS NULL AND NEW.object_id IS NULL AND NEW.address IS NULL"
)

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"WHEN NOT ({REDACTION.format(same='IS')}) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}" for verb in ("update", "delete")]

POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND {REDACTION.format(same="IS NOT DISTINCT FROM")} THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION '{MESSAGE}';
    END; $$ LANGUAGE plpgsql""",
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


def replace_triggers(connection: BaseDatabaseWrapper) -> None:
    """The triggers as this module writes them now (a migration that changes them)."""
    drop_triggers(connection)
    create_triggers(connection)


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Without the triggers for a moment (flush on SQLite; tests that play a forger)."""
    drop_triggers(connection)
    try:
        yield
    finally:
        create_triggers(connection)
