import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from otdesk.family.weekly import send_weekly, week_before


class Command(BaseCommand):
    help = (
        "Email each guardian who asked for it the sessions given, missed and made up last "
        "week (Monday to Sunday), in their language. Run it from cron once a week, e.g. "
        "Monday 06:00."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Send as if today were this date (YYYY-MM-DD): the week before it is reported.",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address for the link in the email, e.g. https://otdesk.example.org",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(str(options["today"]))
            except ValueError as exc:
                raise CommandError("--today must be a date written YYYY-MM-DD.") from exc
        first, last = week_before(today)
        count = send_weekly(today=today, base_url=str(options["base_url"]))
        self.stdout.write(
            f"Sent {count} weekly email{'' if count == 1 else 's'} for {first:%Y-%m-%d} to "
            f"{last:%Y-%m-%d}."
        )
