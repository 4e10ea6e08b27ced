"""`otdesk forget_stored_figures`: delete the fidelity report's stored period figures, so
that every report works its periods out from the records again (and stores them anew).

Never needed in the ordinary way: the database's triggers keep the figures true whoever
writes. Run it after records were loaded with the triggers off (`pg_restore
--disable-triggers`, a copy made with `session_replication_role = replica`), or to measure
a report's first load. Nothing but derived figures is deleted.

Exit code: 0."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from otdesk.fidelity.models import PeriodFigures


class Command(BaseCommand):
    help = (
        "Delete the fidelity report's stored period figures (they are worked out again from "
        "the records by the next report). No record is touched."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count, _ = PeriodFigures.objects.all().delete()
        self.stdout.write(
            f"Deleted {count:,} stored period figures; the next reports work them out again."
        )
