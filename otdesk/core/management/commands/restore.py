"""`otdesk restore FILE`: load a backup made by `otdesk backup`, then verify it (the access
log's chain, its newest hash, every table's count and checksum). Refuses a database that
holds people, students or access-log events unless --force. See otdesk/core/backup.py.

Exit codes: 0 restored and verified; 1 refused or failed (the reason is printed); 2 wrong
usage."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otdesk.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `otdesk backup` into this site's database and verify it. "
        "Refuses a database that holds records unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup zip file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds records",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        try:
            manifest = backup.restore(source, force=options["force"], progress=self._progress)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {source.name} (made {manifest['created']}) and verified it: "
            f"{backup.summary(manifest)}. The access log's chain holds."
        )

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
