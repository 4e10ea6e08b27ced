import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from otdesk.core.dates import zone_named
from otdesk.core.progress_bar import progress_bar
from otdesk.demo.generate import (
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DEMO_TIME_ZONE,
    demo_logins,
    generate_demo,
)
from otdesk.demo.two_factor import demo_two_factor_lines
from otdesk.schools.models import District


class Command(BaseCommand):
    help = (
        "Generate the synthetic demo district (deterministic: same seed, same data). Exit "
        "codes: 0 loaded (or, with --if-empty, already there); 1 refused; 2 wrong usage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--students", type=int, default=60)
        parser.add_argument(
            "--today",
            help="Date the demo is built around, YYYY-MM-DD (default: today in the demo "
            "district's time zone).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) when the database already has a district.",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate(timezone=zone_named(DEMO_TIME_ZONE))
        if options["today"]:
            try:
                today = dt.date.fromisoformat(str(options["today"]))
            except ValueError as exc:
                raise CommandError(
                    f"--today must be a date written YYYY-MM-DD, not '{options['today']}'."
                ) from exc
        students = int(str(options["students"]))
        if not 1 <= students <= 2000:
            raise CommandError("--students must be between 1 and 2000.")
        if District.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has a district; the demo was not loaded.")
                self._print_logins()
                return
            raise CommandError(
                "The database already has a district. Use an empty database, or --if-empty."
            )
        result = generate_demo(
            seed=int(str(options["seed"])),
            today=today,
            students=students,
            progress=progress_bar(self.stderr, quiet=bool(options["quiet"])),
        )
        self.stdout.write(
            f"Loaded the demo district '{result.district.name}' with {result.students} students."
        )
        self._print_logins()

    def _print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (the password for each is {DEMO_PASSWORD}):")
        for username, note in logins:
            self.stdout.write(f"  {username:<20} {note}")
        for line in demo_two_factor_lines([name for name, _ in logins]):
            self.stdout.write(line)
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
