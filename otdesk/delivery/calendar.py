"""School days and compliance periods of a district."""

import calendar
import datetime as dt
from functools import cached_property
from typing import NamedTuple

from otdesk.core.dates import nice_date
from otdesk.core.times import SCHOOL_DAYS
from otdesk.schools.models import District

from .policy import Policy

ONE_DAY = dt.timedelta(days=1)


class Span(NamedTuple):
    """A compliance period: a week (Mon–Sun), a calendar month, or the school year. (A
    tuple: a district's report meets 150,000 of them, compared and hashed.)"""

    kind: str  # "week", "month" or "year"
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "week":
            return f"Week of {nice_date(self.start, year=False)}"
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"School year {self.start.year}–{str(self.end.year)[2:]}"

    @property
    def phrase(self) -> str:
        """The period inside a sentence: 'the week of Mon 23 Nov', 'November 2026'."""
        if self.kind == "week":
            return f"the week of {nice_date(self.start, year=False)}"
        if self.kind == "month":
            return self.label
        return f"the school year {self.start.year}–{str(self.end.year)[2:]}"

    @property
    def this_words(self) -> str:
        return {"week": "this week", "month": "this month", "year": "this school year"}[self.kind]

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def weekdays_between(first: dt.date, last: dt.date) -> int:
    """Monday-to-Friday days from first to last inclusive (0 when last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    whole_weeks, rest = divmod(days, 7)
    count = whole_weeks * 5
    weekday = first.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 in SCHOOL_DAYS:
            count += 1
    return count


class SchoolCalendar:
    """Which days count, following the district's closures and pro-rating policy."""

    def __init__(
        self, district: District, closed: set[dt.date], policy: Policy | None = None
    ) -> None:
        self.district = district
        self.closed = closed
        self.year_start = district.school_year_start
        self.year_end = district.school_year_end
        if policy is not None:
            self.policy = policy
        # Periods asked for again and again (every line of a district table asks for this
        # week's), kept: a Span is immutable.
        self._span: dict[tuple[str, dt.date], Span] = {}
        self._spans: dict[tuple[str, dt.date, dt.date], tuple[Span, ...]] = {}

    @cached_property
    def policy(self) -> Policy:
        """The district's minutes policy, read when a rule first needs it."""
        return Policy.for_district(self.district)

    @classmethod
    def for_district(cls, district: District) -> "SchoolCalendar":
        return cls(district, set(district.non_school_days.values_list("date", flat=True)))

    def is_school_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in SCHOOL_DAYS
            and self.year_start <= day <= self.year_end
            and day not in self.closed
        )

    @cached_property
    def _open_weeks(self) -> set[dt.date]:
        """Mondays of weeks with at least one school day."""
        weeks = set()
        day = self.year_start
        while day <= self.year_end:
            if self.is_school_day(day):
                weeks.add(day - dt.timedelta(days=day.weekday()))
            day += ONE_DAY
        return weeks

    def counts(self, day: dt.date) -> bool:
        """Does this day count toward required minutes?

        With pro-rating on, every school day counts. With it off, a holiday inside an open
        week still counts: only weeks with no school at all drop out. Each day follows the
        policy in force on it.
        """
        if self.policy.prorates_on(day):
            return self.is_school_day(day)
        monday = day - dt.timedelta(days=day.weekday())
        return day.weekday() in SCHOOL_DAYS and monday in self._open_weeks

    @cached_property
    def _counted_before(self) -> tuple[dt.date, list[int]]:
        """Running count of counted days, so any range costs two lookups."""
        origin = self.year_start - dt.timedelta(days=self.year_start.weekday())
        running = [0]
        day = origin
        while day <= self.year_end:
            running.append(running[-1] + (1 if self.counts(day) else 0))
            day += ONE_DAY
        return origin, running

    def counted_days(self, first: dt.date, last: dt.date) -> int:
        if last < first:
            return 0
        origin, running = self._counted_before
        end = len(running) - 1

        def index(day: dt.date) -> int:
            return min(end, max(0, (day - origin).days))

        # Days outside the school year never count.
        return running[index(last + ONE_DAY)] - running[index(first)]

    def school_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        days = []
        day = first
        while day <= last:
            if self.is_school_day(day):
                days.append(day)
            day += ONE_DAY
        return days

    # Periods ---------------------------------------------------------------------------

    def span(self, kind: str, day: dt.date) -> Span:
        found = self._span.get((kind, day))
        if found is None:
            found = self._span[(kind, day)] = self._period(kind, day)
        return found

    def _period(self, kind: str, day: dt.date) -> Span:
        if kind == "week":
            start = day - dt.timedelta(days=day.weekday())
            return Span("week", start, start + dt.timedelta(days=6))
        if kind == "month":
            last = calendar.monthrange(day.year, day.month)[1]
            return Span("month", day.replace(day=1), day.replace(day=last))
        return Span("year", self.year_start, self.year_end)

    def spans(self, kind: str, first: dt.date, last: dt.date) -> list[Span]:
        """Every period of this kind that overlaps first..last, in order."""
        found = self._spans.get((kind, first, last))
        if found is None:
            found = self._spans[(kind, first, last)] = tuple(self._walk(kind, first, last))
        return list(found)

    def _walk(self, kind: str, first: dt.date, last: dt.date) -> list[Span]:
        spans = []
        span = self.span(kind, first)
        while span.start <= last:
            spans.append(span)
            if kind == "year":
                break
            span = self.span(kind, span.end + ONE_DAY)
        return spans

    def denominator(self, span: Span) -> int:
        """The days a full period's minutes are spread over.

        Weeks and months use their weekdays, so a holiday shrinks what is required. A yearly
        line promises its minutes over the school year, so its denominator is the counted
        days of the school year.
        """
        if span.kind == "year":
            return self.counted_days(span.start, span.end)
        return weekdays_between(span.start, span.end)


def prorate(minutes: int, numerator: int, denominator: int) -> int:
    """minutes × numerator ÷ denominator, rounded half up to a whole minute."""
    if denominator <= 0 or numerator <= 0:
        return 0
    return (2 * minutes * numerator + denominator) // (2 * denominator)
