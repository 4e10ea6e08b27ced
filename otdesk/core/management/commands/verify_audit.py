"""Check the access log's hash chain: `otdesk verify_audit` (or `manage.py verify_audit`).

Walks every event in id order and names the first one that was edited, removed or
inserted; exits 1 then, 0 when the chain holds. It prints the newest event's hash: keep
that line somewhere else (a daily log); `--expect HASH` later proves the log still holds
that event, which also catches the removal of the newest events, which no chain can see.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otdesk.core import chain
from otdesk.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check that no audit event was edited, removed or inserted (the hash chain)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect",
            metavar="HASH",
            help="a hash printed by an earlier run: fail unless the chain still holds it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        events = AuditEvent.objects.order_by("pk")
        found = chain.first_break(events.iterator(chunk_size=2000))
        if found is not None:
            raise CommandError(f"The access log was tampered with. {found.describe()}")
        count = events.count()
        expected = options.get("expect")
        if expected and not AuditEvent.objects.filter(hash=expected).exists():
            raise CommandError(
                f"The access log no longer holds the event with hash {expected}: "
                "events were removed from its end, or it was replaced."
            )
        newest = events.last()
        if newest is None:
            self.stdout.write("The access log is empty.")
            return
        self.stdout.write(
            f"The access log holds: {count} events, none edited, removed or inserted. "
            f"Newest: event #{newest.pk}, hash {newest.hash}."
        )
