"""`otdesk compliance_report --as USERNAME`: the service fidelity report (mandated,
provided, not provided by reason, owed, made up, excused, remaining per service line) as
CSV or XLSX, with the same numbers, the same access rules and the same access log as the
pages (/reports/fidelity/, /district/reports/fidelity/). A therapist's report covers their
caseload; a coordinator's the district (or --school).

Exit codes: 0 written; 1 refused (the reason is printed); 2 wrong usage."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from otdesk.accounts.permissions import is_therapist
from otdesk.core.audit import record_access_many
from otdesk.core.cli import add_as_argument, person_named
from otdesk.core.dates import district_today, in_district_zone
from otdesk.core.exports import csv_bytes, xlsx_bytes
from otdesk.core.models import AuditEvent
from otdesk.delivery.queries import filter_students
from otdesk.fidelity.exports import fidelity_sheet
from otdesk.fidelity.permissions import caseload_students, report_district
from otdesk.fidelity.queries import fidelity_rows, fidelity_totals
from otdesk.fidelity.ranges import report_range
from otdesk.students.permissions import students_visible_to


class Command(BaseCommand):
    help = (
        "Write the service fidelity (minutes compliance) report of a therapist's caseload "
        "or a coordinator's district as CSV (to the screen or a file) or XLSX (to a file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_argument(
            parser, who="whose report: a therapist (their caseload) or a district coordinator"
        )
        parser.add_argument("--start", metavar="YYYY-MM-DD", help="first day (with --end)")
        parser.add_argument("--end", metavar="YYYY-MM-DD", help="last day (with --start)")
        parser.add_argument(
            "--school", type=int, metavar="ID", help="a coordinator's report: one school only"
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_named(options["username"])
        if options["format"] == "xlsx" and not options.get("output"):
            raise CommandError("An XLSX report needs --output FILE.")
        district = person.district
        with in_district_zone(district):
            today = district_today(district)
            try:
                if is_therapist(person):
                    if options.get("school"):
                        raise CommandError("--school is for a coordinator's district report.")
                    students = caseload_students(person)
                else:
                    district = report_district(person)
                    students = filter_students(
                        students_visible_to(person),
                        today=today,
                        school=options.get("school"),
                        provider=None,
                    )
            except (Http404, PermissionDenied):
                raise CommandError(
                    f"{person.username} is neither a therapist nor a district coordinator: "
                    "the report is theirs."
                ) from None
            form, chosen = report_range(
                {"start": options.get("start"), "end": options.get("end")}, district, today
            )
            if chosen is None:
                problems = [
                    f"--{name}: {message}" if name != "__all__" else message
                    for name, messages in form.errors.items()
                    for message in messages
                ]
                raise CommandError(" ".join(str(p) for p in problems))
            rows = fidelity_rows(students=students, start=chosen.start, end=chosen.end, today=today)
        sheet = fidelity_sheet(rows, fidelity_totals(rows), chosen)
        data = csv_bytes(sheet) if options["format"] == "csv" else xlsx_bytes([sheet])
        record_access_many(
            None,
            students=(row.student for row in rows),
            summary=f"Service fidelity report ({options['format'].upper()}, command line)",
            action=AuditEvent.Action.EXPORT,
            user=person,
        )
        output = options.get("output")
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(
                f"Wrote {len(rows)} service line{'s' if len(rows) != 1 else ''} "
                f"({chosen.words}) to {output}."
            )
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
