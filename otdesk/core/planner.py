"""The database's query planner after a bulk write."""

from django.db import connection


def fresh_statistics() -> None:
    """After a bulk load (a generated district, a roster import), PostgreSQL's planner
    still believes the tables as small as they were until autovacuum gets to them, and may
    plan a page's query as if they were (minutes where milliseconds do): ANALYZE now.
    SQLite plans without statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
