"""`otdesk backup`: the whole database into one zip file, with a manifest (each table's
row count and checksum, the access log's newest hash). See otdesk/core/backup.py.

Exit codes: 0 written; 1 refused or failed (the reason is printed); 2 wrong usage."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from otdesk.core import backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (SQLite: the online backup API; PostgreSQL: pg_dump) "
        "into one zip file with a manifest of every table and the access log's newest hash."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            metavar="PATH",
            help="the file to write, or a folder to write it in "
            "(default: the data directory's backups/ folder)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options.get("output")
        if wanted:
            target = Path(wanted)
            if target.is_dir():
                target = backup.default_path(target)
        else:
            folder = Path(settings.DATA_DIR) / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            target = backup.default_path(folder)
        try:
            manifest = backup.backup(target, progress=self._progress)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {target}: {backup.summary(manifest)}.")

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
