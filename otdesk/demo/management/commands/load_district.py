"""`otdesk load_district --students 5000`: a synthetic district at scale for benchmarks and
load tests (otdesk/demo/scale.py), beside whatever the database holds. Exit codes: 0
loaded; 1 refused (names taken, numbers out of range); 2 wrong usage."""

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from otdesk.core.dates import zone_named
from otdesk.core.progress_bar import progress_bar
from otdesk.demo.generate import DEMO_PASSWORD, DEMO_TIME_ZONE
from otdesk.demo.scale import generate_district
from otdesk.demo.two_factor import demo_two_factor_lines, give_demo_two_factor


class Command(BaseCommand):
    help = (
        "Generate a synthetic district at scale: a therapist for every 50 students, two "
        "school years of sessions, misses, make-ups, consultations, programs and time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=5000, help="1 to 20000")
        parser.add_argument(
            "--sessions",
            type=int,
            help="about how many sessions over the two school years (default: 100 a student)",
        )
        parser.add_argument(
            "--prefix", default="scale", help="the start of every username (default scale)"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", help="the day it is built around, YYYY-MM-DD")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["students"] <= 20000:
            raise CommandError("--students must be between 1 and 20000.")
        most = 450 * options["students"]
        if options["sessions"] is not None and not 0 < options["sessions"] <= most:
            raise CommandError(
                f"--sessions must be between 1 and {most:,} (five a week for each student)."
            )
        prefix = options["prefix"]
        if not prefix.isalpha() or not prefix.islower() or len(prefix) > 20:
            raise CommandError("--prefix must be up to 20 lowercase letters.")
        today = timezone.localdate(timezone=zone_named(DEMO_TIME_ZONE))
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today must be a date written YYYY-MM-DD, not '{options['today']}'."
                ) from None
        started = time.perf_counter()
        try:
            scale = generate_district(
                students=options["students"],
                today=today,
                prefix=prefix,
                seed=options["seed"],
                sessions=options["sessions"],
                progress=progress_bar(self.stderr, quiet=options["quiet"]),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        give_demo_two_factor([scale.coordinator.username])
        seconds = time.perf_counter() - started
        made = ", ".join(f"{value:,} {key}" for key, value in scale.counts.items())
        self.stdout.write(
            f"Loaded '{scale.district.name}' in {seconds:.0f} s: "
            f"{sum(len(c.students) for c in scale.caseloads):,} students, "
            f"{len(scale.caseloads)} therapists, {made}."
        )
        self.stdout.write(f"Logins (the password for each is {DEMO_PASSWORD}):")
        self.stdout.write(f"  {scale.coordinator.username:<24} District coordinator")
        first, last = scale.caseloads[0].therapist, scale.caseloads[-1].therapist
        others = "" if first == last else f" (and the others up to {last.username})"
        self.stdout.write(f"  {first.username:<24} Occupational therapist{others}")
        for line in demo_two_factor_lines([scale.coordinator.username]):
            self.stdout.write(line)
