"""Django's flush (empty every table), able to empty the append-only audit log on SQLite.

flush deletes everything, the access log included: it is for test databases and for an
operator starting over, never for daily work. On SQLite it empties tables with DELETE,
which the audit log's trigger refuses, so the triggers are lifted while it runs and put
back after. On PostgreSQL flush is a TRUNCATE, which the row triggers do not see.
The test runner (pytest-django, between transactional and live-server tests) calls it.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from otdesk.core import append_only


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with append_only.lifted(connection):
            super().handle(**options)
