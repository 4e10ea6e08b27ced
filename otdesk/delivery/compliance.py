"""Minutes compliance: required, delivered, missed, owed, made up, remaining, projection.

The arithmetic (`line_period`) is pure: it works on plain records so it can be tested
exactly and with generated cases. `ComplianceSource` fetches those records for many
service lines in a fixed number of queries.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

from django.db.models import Q

from otdesk.core.dates import nice_date
from otdesk.schools.models import District
from otdesk.students.models import ServiceKind, ServiceLine

from .calendar import ONE_DAY, SchoolCalendar, Span, prorate
from .crediting import Credit, line_credits, made_up
from .models import (
    ConsultationStudent,
    MissedSession,
    MissReason,
    PlannedSession,
    Session,
    cycle_week,
)
from .policy import Policy

ON_TRACK, AT_RISK, BEHIND, EXCUSED = "on_track", "at_risk", "behind", "excused"
STATUS_RANK = {BEHIND: 0, AT_RISK: 1, EXCUSED: 2, ON_TRACK: 3}


DATE_AND_MINUTES = attrgetter("date", "minutes")  # of a Credit


class Miss(NamedTuple):
    id: int
    line_id: int
    date: dt.date
    minutes: int
    reason: str


def reason_words(minutes_by_reason: dict[str, int]) -> str:
    """'Student absent: 30 min; Provider absent: 30 min', always in the reasons' order
    (however the minutes were added up)."""
    return "; ".join(
        f"{reason.label}: {minutes_by_reason[reason.value]} min"
        for reason in MissReason
        if reason.value in minutes_by_reason
    )


@dataclass
class Compliance:
    line: ServiceLine
    span: Span
    required: int
    delivered: int
    missed: dict[str, int]
    owed: int
    made_up: int
    outstanding: int
    excused: int
    remaining: int
    status: str
    reason: str
    planned_left: int = 0
    made_up_on: list[dt.date] = field(default_factory=list)

    @property
    def target(self) -> int:
        return max(0, self.required - self.excused)

    def of_line(self, line: ServiceLine) -> "Compliance":
        """The same figures for another line's same period (see ComplianceSource.compute)."""
        twin = object.__new__(Compliance)
        twin.__dict__.update(self.__dict__)
        twin.line = line
        return twin

    @property
    def done(self) -> int:
        return self.delivered + self.made_up

    @property
    def missed_total(self) -> int:
        return sum(self.missed.values())

    @property
    def missed_words(self) -> str:
        return reason_words(self.missed)

    @property
    def percent(self) -> int:
        return 100 if self.target == 0 else min(100, round(100 * self.done / self.target))


def required_minutes(
    line: ServiceLine, span: Span, cal: SchoolCalendar, *, window: Span | None = None
) -> int:
    """Minutes per period × counted days with the line in force ÷ days of the period.

    window: only the part of the period a date range covers (see `ranges.range_compliance`); its
    counted days are the numerator, the whole period's days stay the denominator.
    """
    inside = span if window is None else window
    first = max(inside.start, span.start, line.start_date)
    last = min(inside.end, span.end, line.end_date)
    if last < first:
        return 0
    return prorate(line.minutes, cal.counted_days(first, last), cal.denominator(span))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def line_period(
    *,
    line: ServiceLine,
    span: Span,
    cal: SchoolCalendar,
    credits: Iterable[Credit],
    misses: Iterable[Miss],
    makeups: dict[int, list[Credit]],
    policy: Policy,
    today: dt.date,
    planned_left: int = 0,
    window: Span | None = None,
) -> Compliance:
    """The compliance of one service line in one period.

    - credits: this line's sessions; make-ups (makeup_for set) are left out here because
      they count in the period of the miss they cover.
    - misses: this line's missed sessions; whether each owes a make-up follows the policy
      in force on the day of the miss.
    - makeups: make-up credits by the id of the miss they cover.
    - window: count only the part of the period inside it (a date range that starts or
      ends inside the period): required pro rata, sessions and misses dated in it.
    """
    inside = span if window is None else window
    required = required_minutes(line, span, cal, window=window)
    delivered = sum(c.minutes for c in credits if c.makeup_for is None and inside.contains(c.date))
    missed: dict[str, int] = defaultdict(int)
    owed = made_up_total = made_up_owed = excused = 0
    made_up_on: list[dt.date] = []
    excused_for: list[str] = []
    for miss in misses:
        if not inside.contains(miss.date):
            continue
        missed[miss.reason] += miss.minutes
        covering = makeups.get(miss.id, [])
        covered = made_up(miss.minutes, covering)
        made_up_on += sorted(c.date for c in covering)
        made_up_total += covered
        if policy.is_owed(miss.reason, miss.date):
            owed += miss.minutes
            made_up_owed += covered
        elif miss.minutes > covered:
            excused += miss.minutes - covered
            excused_for.append(miss.reason)
    target = max(0, required - excused)
    remaining = max(0, target - delivered - made_up_total)
    if remaining == 0 and excused:
        reasons = ", ".join(dict.fromkeys(MissReason(r).label.lower() for r in excused_for))
        status = EXCUSED
        reason = f"{delivered + made_up_total} of {required} min delivered, {reasons}; nothing owed"
    else:
        status, reason = _projection(
            span=span,
            cal=cal,
            line=line,
            target=target,
            done=delivered + made_up_total,
            remaining=remaining,
            today=today,
            planned_left=planned_left,
        )
    return Compliance(
        line=line,
        span=span,
        required=required,
        delivered=delivered,
        missed=dict(missed),
        owed=owed,
        made_up=made_up_total,
        outstanding=max(0, owed - made_up_owed),
        excused=excused,
        remaining=remaining,
        status=status,
        reason=reason,
        planned_left=planned_left,
        made_up_on=made_up_on,
    )


@dataclass
class Position:
    """A line's cumulative position for the IEP year so far, as far as this school year's
    calendar goes: every period of the school year that has ended (a yearly line, whose
    one period is the year: what was due by yesterday at an even pace). What a team weighs
    for compensatory services."""

    since: dt.date | None
    periods: int = 0
    required: int = 0
    delivered: int = 0
    excused: int = 0
    owed: int = 0
    made_up: int = 0
    short: int = 0
    behind: int = 0  # periods that ended short
    to_date: bool = False  # a yearly line, counted pro rata to yesterday
    kind: str = "week"  # the line's period: week, month or year

    @property
    def periods_words(self) -> str:
        """'7 weeks', '1 month'."""
        return f"{self.periods} {self.kind}{'' if self.periods == 1 else 's'}"


def position(
    line: ServiceLine, history: list[Compliance], *, cal: SchoolCalendar, today: dt.date
) -> Position:
    """Sum the periods of the line that have ended (history in any order)."""
    if line.period == "year":
        current = next((c for c in history if c.span.contains(today)), None)
        if current is None:
            ended = [c for c in history if min(c.span.end, line.end_date) < today]
            return _sum_periods(ended, line.period, cal.year_start)
        first = max(current.span.start, line.start_date)
        last = min(current.span.end, line.end_date, today - ONE_DAY)
        due = prorate(line.minutes, cal.counted_days(first, last), cal.denominator(current.span))
        done = current.delivered + current.made_up
        return Position(
            since=first,
            periods=1,
            required=due,
            delivered=current.delivered,
            excused=current.excused,
            owed=current.owed,
            made_up=current.made_up,
            short=max(0, due - current.excused - done),
            behind=0,
            to_date=True,
            kind="year",
        )
    ended = [c for c in history if min(c.span.end, line.end_date) < today]
    return _sum_periods(ended, line.period, cal.year_start)


def _sum_periods(ended: list[Compliance], kind: str, year_start: dt.date) -> Position:
    # A period in which nothing was required nor given (a closed week, a line starting on a
    # weekend) is not a period of the line's service.
    ended = [c for c in ended if c.required or c.delivered or c.missed or c.made_up]
    if not ended:
        return Position(since=None, kind=kind)
    return Position(
        kind=kind,
        since=min(max(c.span.start, c.line.start_date, year_start) for c in ended),
        periods=len(ended),
        required=sum(c.required for c in ended),
        delivered=sum(c.delivered for c in ended),
        excused=sum(c.excused for c in ended),
        owed=sum(c.owed for c in ended),
        made_up=sum(c.made_up for c in ended),
        short=sum(c.remaining for c in ended),
        behind=sum(1 for c in ended if c.remaining),
    )


def _projection(
    *,
    span: Span,
    cal: SchoolCalendar,
    line: ServiceLine,
    target: int,
    done: int,
    remaining: int,
    today: dt.date,
    planned_left: int,
) -> tuple[str, str]:
    if remaining == 0:
        return ON_TRACK, f"{done} of {target} min delivered"
    first = max(span.start, line.start_date)
    last = min(span.end, line.end_date)
    if today > last:
        return BEHIND, f"ended {remaining} min short"
    days_left = cal.counted_days(max(today, first), last)
    if last < span.end:
        when = f"before the service line ends on {nice_date(last)}"
    elif span.contains(today):
        when = span.this_words
    else:
        when = f"in {span.label.lower()}"
    if days_left == 0:
        return BEHIND, f"needs {remaining} more min and no school days are left {when}"
    needs = f"needs {remaining} more min in {_plural(days_left, 'school day')} left {when}"
    if planned_left:
        needs += f"; {planned_left} min planned"
    if planned_left >= remaining:
        return ON_TRACK, needs
    total_days = cal.counted_days(first, last)
    elapsed = total_days - days_left
    expected_by_now = target * elapsed / total_days if total_days else target
    if expected_by_now - done > target / 4:
        return BEHIND, needs
    return AT_RISK, needs


# Fetching -----------------------------------------------------------------------------


# Above this many lines a source reads the records of the lines' whole district (one join,
# which both databases plan well) and keeps those of its lines, instead of sending the
# lines' ids with every query (a list that costs more to send and parse than the rows).
MANY_LINES = 1000


class ComplianceSource:
    """Everything needed to compute compliance for a set of lines over a window of dates,
    fetched in a fixed number of queries however many lines there are."""

    def __init__(
        self,
        *,
        district: District,
        lines: list[ServiceLine],
        first: dt.date,
        last: dt.date,
        today: dt.date,
        whole_district: bool | None = None,
        cal: SchoolCalendar | None = None,
        plans: bool = True,
    ) -> None:
        """lines: of this district's students. whole_district: read the district's records
        and keep the lines' (by default when there are more than MANY_LINES lines). cal:
        the district's calendar, if already read. plans: read the planned sessions to come,
        which a current period's status weighs (a caller of the figures only, such as a
        range's minutes, does without: its statuses then count no planned minutes)."""
        self.first, self.last = first, last
        self.district = district
        self.cal = SchoolCalendar.for_district(district) if cal is None else cal
        self.policy = self.cal.policy
        self.lines = lines
        self.today = today
        self.plans = plans
        self._many = len(lines) > MANY_LINES if whole_district is None else whole_district
        wanted = {line.pk for line in lines}
        scope = (
            Q(student__school__district=district)
            if self._many
            else Q(service_line_id__in=sorted(wanted))
        )
        self.credits: dict[int, list[Credit]] = defaultdict(list)
        self.makeups: dict[int, list[Credit]] = defaultdict(list)
        self.misses: dict[int, list[Miss]] = defaultdict(list)
        self._alike: dict[tuple[Any, ...], Compliance] = {}
        self._day_index: dict[tuple[Span, int], dict[dt.date, int]] = {}
        consulted = ConsultationStudent.objects.filter(
            scope,
            consultation__voided_at__isnull=True,
            consultation__date__gte=first,
            consultation__date__lte=last,
        ).values_list("service_line_id", "consultation__date", "consultation__minutes")
        for line_id, date, minutes in consulted:
            if line_id in wanted:
                self.credits[line_id].append(Credit(line_id, date, minutes))
        # A make-up counts for the line of the miss it covers (its credit names that line).
        makeups = None if self._many else Q(makeup_for__service_line_id__in=sorted(wanted))
        for credit in line_credits(scope, first, last, makeups=makeups):
            if credit.line_id not in wanted:
                continue
            if credit.makeup_for is None:
                self.credits[credit.line_id].append(credit)
            else:
                self.makeups[credit.makeup_for].append(credit)
        missed = MissedSession.objects.filter(
            scope, voided_at__isnull=True, date__gte=first, date__lte=last
        ).values_list("id", "service_line_id", "date", "minutes", "reason")
        for miss_id, line_id, date, minutes, reason in missed:
            if line_id in wanted:
                self.misses[line_id].append(Miss(miss_id, line_id, date, minutes, reason))
        # Planned minutes to the end of the lines' current periods (what the compliance
        # pages ask about); planned_left reads further on when asked.
        self._planned_until = max(
            (self.cal.span(line.period, today).end for line in lines), default=today
        )
        self._planned = self._planned_minutes(lines, today, self._planned_until) if plans else {}

    def _planned_minutes(
        self, lines: list[ServiceLine], today: dt.date, until: dt.date
    ) -> dict[tuple[int, dt.date], int]:
        """Planned minutes still to come per (student, date), from today to `until` (at
        most the year's end)."""
        student_ids = {line.iep.student_id for line in lines}
        if not student_ids:
            return {}
        scope = (
            Q(students__school__district=self.district)
            if self._many
            else Q(students__in=sorted(student_ids))
        )
        slots = (
            PlannedSession.objects.filter(scope)
            .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
            .values_list(
                "pk",
                "weekday",
                "minutes",
                "active_from",
                "active_until",
                "students",
                "weeks",
                "skip_dates",
            )
        )
        by_weekday: dict[int, list[tuple]] = defaultdict(list)
        for slot in slots:
            by_weekday[slot[1]].append(slot)
        done_today = set(
            Session.objects.filter(planned__isnull=False, date=today).values_list(
                "planned_id", flat=True
            )
        ) | set(
            MissedSession.objects.filter(planned__isnull=False, date=today).values_list(
                "planned_id", flat=True
            )
        )
        planned: dict[tuple[int, dt.date], int] = defaultdict(int)
        horizon = min(self.cal.year_end, until, today + dt.timedelta(days=366))
        day = today
        while day <= horizon:
            if self.cal.is_school_day(day):
                week = str(cycle_week(self.cal.year_start, day))
                for pk, _weekday, minutes, start, until, student_id, weeks, skip in by_weekday.get(
                    day.weekday(), []
                ):
                    if (
                        start <= day
                        and (until is None or day <= until)
                        and week in weeks
                        and day.isoformat() not in skip
                    ):
                        if student_id not in student_ids or (day == today and pk in done_today):
                            continue
                        planned[(student_id, day)] += minutes
            day += ONE_DAY
        return planned

    def planned_left(self, line: ServiceLine, span: Span) -> int:
        if line.kind != ServiceKind.DIRECT or not self.plans:
            return 0
        last = min(span.end, line.end_date)
        if last > self._planned_until:
            self._planned_until = last
            self._planned = self._planned_minutes(self.lines, self.today, last)
        student_id = line.iep.student_id
        total = 0
        day = max(self.today, span.start, line.start_date)
        while day <= last:
            total += self._planned.get((student_id, day), 0)
            day += ONE_DAY
        return total

    def compute(
        self,
        line: ServiceLine,
        span: Span,
        *,
        window: Span | None = None,
        dated: tuple[list[Credit], list[Miss]] | None = None,
        shared: bool = False,
    ) -> Compliance:
        """dated: the line's credits and misses of this period if already sorted out
        (`by_period`); else all of the line's, which line_period sorts.

        A period sorted out gives the same figures as any other line's period with the same
        promise, days and records (line_period reads nothing else of a line), so those are
        worked out once: most weeks of a district's lines are alike. shared: the caller
        reads only the figures and the span, so the period's `line` may be another line's
        (else it is given a copy with its own)."""
        planned = self.planned_left(line, span) if span.start <= self.today <= span.end else 0
        if dated is None:
            credits, misses = self.credits.get(line.pk, []), self.misses.get(line.pk, [])
            key = None
        else:
            credits, misses = dated
            key = (
                line.minutes,
                span,
                window,
                max(line.start_date, span.start),
                min(line.end_date, span.end),
                planned,
                tuple(map(DATE_AND_MINUTES, credits)),
                tuple(misses),
            )
            found = self._alike.get(key)
            if found is not None:
                return found if shared or found.line is line else found.of_line(line)
        result = line_period(
            line=line,
            span=span,
            cal=self.cal,
            credits=credits,
            misses=misses,
            makeups=self.makeups,
            policy=self.policy,
            today=self.today,
            planned_left=planned,
            window=window,
        )
        if key is not None:
            self._alike[key] = result
        return result

    def current(self, line: ServiceLine) -> Compliance:
        return self.compute(line, self.cal.span(line.period, self.today))

    def history(self, line: ServiceLine) -> list[Compliance]:
        """Every period of the line from its start (or the school year's) up to today."""
        first = max(line.start_date, self.cal.year_start)
        last = min(line.end_date, self.today)
        if last < first:
            return []
        spans = self.cal.spans(line.period, first, last)
        return [
            self.compute(line, span, dated=dated)
            for span, dated in zip(spans, self.by_period(line, spans), strict=True)
        ]

    def by_period(
        self, line: ServiceLine, spans: list[Span]
    ) -> list[tuple[list[Credit], list[Miss]]]:
        """The line's credits and misses sorted into these periods (in order, not
        overlapping), so that a line of many periods reads each record once."""
        found: list[tuple[list[Credit], list[Miss]]] = [([], []) for _ in spans]
        if not spans:
            return found
        key = (spans[0], len(spans))
        index = self._day_index.get(key)
        if index is None:
            index = self._day_index[key] = {
                span.start + dt.timedelta(days=offset): at
                for at, span in enumerate(spans)
                for offset in range((span.end - span.start).days + 1)
            }
        for credit in self.credits.get(line.pk, ()):
            at = index.get(credit.date)
            if at is not None:
                found[at][0].append(credit)
        for miss in self.misses.get(line.pk, ()):
            at = index.get(miss.date)
            if at is not None:
                found[at][1].append(miss)
        return found

    def position(self, line: ServiceLine, history: list[Compliance] | None = None) -> Position:
        """The line's cumulative position for the year so far (history: if already made)."""
        return position(
            line,
            self.history(line) if history is None else history,
            cal=self.cal,
            today=self.today,
        )
