"""`otdesk import_roster FILE --as USERNAME [--apply]`: check a OneRoster zip (or a
spreadsheet of students, FILE ending in .csv) against the district of a coordinator (the
dry run: what would be created, updated and deactivated, and every problem with its file
and line), and with --apply import it in one transaction. A spreadsheet's columns are the
ones the district last chose on the Roster import page, else guessed from its headings;
--column FIELD=HEADING chooses one. It runs as the coordinator, through the same
permission function, services and audit as the Roster import page.

Exit codes: 0 checked (or imported) with no problems; 1 refused (the problems are
printed; nothing was written); 2 wrong usage."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from otdesk.core.cli import add_as_argument, person_named
from otdesk.core.dates import in_district_zone
from otdesk.core.progress_bar import progress_bar
from otdesk.roster.changes import ACTIONS, KIND_WORDS, Plan
from otdesk.roster.csvimport import FIELD_NAMES, guess_mapping, read_students_csv
from otdesk.roster.oneroster import RosterError
from otdesk.roster.permissions import roster_district
from otdesk.roster.services import (
    Sheet,
    check_roster,
    import_roster,
    remembered_columns,
    summary_words,
)


class Command(BaseCommand):
    help = (
        "Check a OneRoster 1.1 or 1.2 zip, or a spreadsheet of students (.csv), against a "
        "coordinator's district (a dry run), or import it with --apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "zip",
            metavar="FILE",
            help="the OneRoster zip your SIS exported, or a spreadsheet of students (.csv)",
        )
        add_as_argument(parser, who="the district coordinator who imports it")
        parser.add_argument(
            "--apply", action="store_true", help="import it (without this, only check it)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help="for a .csv: the heading that holds a field, one of " + ", ".join(FIELD_NAMES),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_named(options["username"])
        try:
            district = roster_district(person)
        except Http404:
            raise CommandError(
                f"{person.username} is not a district coordinator: only a coordinator imports "
                "the district's roster."
            ) from None
        path = Path(options["zip"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        data = path.read_bytes()
        sheet = self._sheet(path, data, district, options["column"])
        progress = progress_bar(self.stderr, quiet=options["quiet"])
        run = import_roster if options["apply"] else check_roster
        with in_district_zone(district):
            plan = run(district=district, data=data, actor=person, progress=progress, sheet=sheet)
        self._report(plan)
        if not plan.ok:
            raise CommandError(
                f"Refused: {len(plan.problems)} problem{'s' if len(plan.problems) != 1 else ''}; "
                "nothing was imported."
            )
        verb = "Imported" if options["apply"] else "Checked (nothing written; add --apply)"
        self.stdout.write(f"{verb}: {summary_words(plan)}.")

    def _sheet(self, path: Path, data: bytes, district: Any, columns: list[str]) -> Sheet | None:
        """A .csv file's columns: remembered or guessed, then those given with --column."""
        if path.suffix.lower() != ".csv":
            if columns:
                raise CommandError("--column is for a spreadsheet (.csv), not a OneRoster zip.")
            return None
        chosen: dict[str, str] = {}
        for item in columns:
            field, _, heading = item.partition("=")
            if field not in FIELD_NAMES or not heading:
                raise CommandError(
                    f"--column {item}: write FIELD=HEADING, FIELD one of {', '.join(FIELD_NAMES)}."
                )
            chosen[field] = heading
        try:
            headings = read_students_csv(data, path.name).headings
        except RosterError:
            headings = []  # the check reports why the file cannot be read
        mapping = guess_mapping(headings, remembered_columns(district)) | chosen
        for field in FIELD_NAMES:
            self.stdout.write(f"column: {field} = {mapping[field] or '(none)'}")
        return Sheet(file_name=path.name, mapping=mapping)

    def _report(self, plan: Plan) -> None:
        for problem in plan.problems:
            self.stdout.write(f"problem: {problem.words()}")
        for note in plan.notes:
            self.stdout.write(f"note: {note}")
        counts = plan.counts()
        if counts:
            self.stdout.write(f"{'records':<22}" + "".join(f"{a:>12}" for a in ACTIONS))
            for kind, words in KIND_WORDS.items():
                if kind in counts:
                    row = "".join(f"{counts[kind][a]:>12}" for a in ACTIONS)
                    self.stdout.write(f"{words:<22}{row}")
