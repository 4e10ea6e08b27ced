"""`otdesk export --as USERNAME (--district | --student ID) [--output PATH]`: the district
export (every table as CSV with a data dictionary and a manifest) or one student's
complete record (record.pdf, CSV, JSON and the data dictionary), written to a zip file.
It runs as USERNAME through the same permission functions as the pages (a district
coordinator for the district; the student's OT or the coordinator for a record), and the
export is written to the access log.

Exit codes: 0 written; 1 refused (the reason is printed; no file is written); 2 wrong
usage."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from otdesk.accesslog.district_export import export_name, export_to_file
from otdesk.accesslog.record import record_zip
from otdesk.accounts.models import User
from otdesk.accounts.permissions import coordinated_district
from otdesk.core.audit import record_event
from otdesk.core.cli import add_as_argument, person_named
from otdesk.core.dates import in_district_zone
from otdesk.core.models import AuditEvent
from otdesk.core.progress_bar import progress_bar
from otdesk.students.permissions import get_record_student

# The record's PDF fetches only our own static files: any base address will do.
BASE_URL = "http://otdesk.invalid/"


class Command(BaseCommand):
    help = (
        "Write the district export (--district) or a student's complete record (--student "
        "ID) to a zip file, as the person USERNAME."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_argument(
            parser, who="who exports: a district coordinator, or the student's OT for a record"
        )
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--district", action="store_true", help="everything of the district")
        what.add_argument("--student", type=int, metavar="ID", help="one student's record")
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="the zip to write, or a folder for it (default: the current folder); an "
            "existing file is never overwritten",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_named(options["username"])
        if options["district"]:
            self._district(person, options)
        else:
            self._student(person, options)

    def _target(self, options: dict[str, Any], default_name: str) -> Path:
        path = Path(options["output"] or ".")
        if path.is_dir():
            path = path / default_name
        if path.exists():
            raise CommandError(f"{path} exists already; choose another name.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        return path

    def _district(self, person: User, options: dict[str, Any]) -> None:
        try:
            district = coordinated_district(person)
        except Http404:
            raise CommandError(
                f"{person.username} is not a district coordinator: only a coordinator exports "
                "the district."
            ) from None
        with in_district_zone(district):
            path = self._target(options, export_name(district, timezone.localdate()))
            counts = export_to_file(
                district,
                path,
                made_by=person,
                progress=progress_bar(self.stderr, quiet=options["quiet"]),
            )
        record_event(
            user=person,
            action=AuditEvent.Action.EXPORT,
            obj=district,
            student_id=None,
            summary=f"District export (command line): {path.name}",
        )
        self.stdout.write(f"Wrote {path}: {len(counts)} tables, {sum(counts.values()):,} rows.")

    def _student(self, person: User, options: dict[str, Any]) -> None:
        try:
            student = get_record_student(person, options["student"])
        except Http404:
            raise CommandError(f"{person.username} has no student {options['student']}.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        path = self._target(options, f"record-{student.pk}.zip")
        # Logged first, so the record's own access log holds this export.
        record_event(
            user=person,
            action=AuditEvent.Action.EXPORT,
            obj=student,
            student_id=student.pk,
            summary="Complete record (zip, command line)",
        )
        with in_district_zone(student.school.district):
            data = record_zip(student, base_url=BASE_URL)
        with path.open("xb") as out:
            out.write(data)
        self.stdout.write(f"Wrote {path}: the complete record of {student.full_name}.")
