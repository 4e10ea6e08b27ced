"""`otdesk schedule --as USERNAME`: a therapist's week as the Schedule page shows it (each
school day's sessions and fixed times, closed days named), as text, or the calendar feed
(iCalendar) as a file. Students are named by initials, as on the calendars; each one shown
gets an entry in the access log under that person's name.

Exit codes: 0 written; 1 refused (the reason is printed); 2 wrong usage."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from otdesk.accounts.models import User
from otdesk.core.audit import record_access_many
from otdesk.core.cli import add_as_argument, person_named
from otdesk.core.dates import district_today, in_district_zone, nice_date
from otdesk.scheduling.calendar_grid import default_week_day, provider_week, students_shown
from otdesk.scheduling.feed import provider_feed
from otdesk.scheduling.permissions import therapist_for_week

FIVE_YEARS = 5 * 366


class Command(BaseCommand):
    help = "Print a therapist's week (text) or write their calendar feed (iCalendar)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_argument(parser, who="the therapist whose week it is")
        parser.add_argument(
            "--week", metavar="YYYY-MM-DD", help="any day of the week (default: this week)"
        )
        parser.add_argument("--format", choices=["text", "ics"], default="text")
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_named(options["username"])
        try:
            therapist_for_week(person)
        except Http404:
            raise CommandError(
                f"{person.username} is not a therapist: only OTs and COTAs have a week plan."
            ) from None
        with in_district_zone(person.district):
            today = district_today(person.district)
            if options["format"] == "ics":
                data, shown = provider_feed(person, today=today)
                text = data.decode()
            else:
                day = self._day(options.get("week"), today)
                week = provider_week(person, day - dt.timedelta(days=day.weekday()))
                shown = students_shown(week)
                text = self._text(person, week)
        record_access_many(None, students=shown, summary="Schedule (command line)", user=person)
        if options.get("output"):
            Path(options["output"]).write_text(text)
        else:
            self.stdout.write(text, ending="")

    def _day(self, text: str | None, today: dt.date) -> dt.date:
        if not text:
            return default_week_day(today)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--week must be a date written YYYY-MM-DD, not {text}.") from None
        if abs((day - today).days) > FIVE_YEARS:
            raise CommandError("--week: choose a week within five years of today.")
        return day

    def _text(self, person: User, week: Any) -> str:
        lines = [f"{person.display_name}: week of {nice_date(week.start)}"]
        for day in week.days:
            lines.append("")
            lines.append(nice_date(day.date))
            if not day.open:
                lines.append(f"  Closed: {day.closed_reason}")
                continue
            if not day.cards:
                lines.append("  Nothing planned")
            for card in sorted(day.cards, key=lambda c: c.first):
                details = " · ".join(line for line in card.lines if line and line != card.title)
                lines.append(f"  {card.time}  {card.title}" + (f" · {details}" if details else ""))
        sessions = week.count
        lines.append("")
        lines.append(f"{sessions} session{'s' if sessions != 1 else ''} planned.")
        return "\n".join(lines) + "\n"
