"""The district reports read from a read replica, when the site has one.

settings.py adds the `replica` database when OTDESK_REPLICA_DATABASE_URL is set. A report
opts in by running its reads inside `reading_from_replica()`; the router then sends them
there, unless the default database is inside a transaction (what a transaction reads is
what it is about to write from, so it reads the primary). Every write goes to default,
including the save of a record that was read from the replica. Without a replica the
router says nothing and Django uses default for everything.

A replica lags its primary by a moment: only pages that can show the state of a few
seconds ago use it (the coordinator's district minutes, fidelity and workload tables).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

REPLICA = "replica"

_reading: ContextVar[bool] = ContextVar("otdesk_reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside go to the replica (if there is one), outside any transaction."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not has_replica():
            return None
        if _reading.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        # Said outright: Django would otherwise follow a record read from the replica
        # (its related records, inside a transaction too) back to the replica.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if has_replica() else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both databases hold the same rows.
        return True if has_replica() else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica copies the primary's tables; migrate never writes to it.
        return False if db == REPLICA else None
