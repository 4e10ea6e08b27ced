"""Minutes compliance: required, delivered, missed, owed, made up, remaining, projection.

The arithmetic (`line_period`) is pure: it works on plain records so it can be tested
exactly and with generated cases. `ComplianceSource` fetches those records for many
service lines in a fixed number of queries.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from otdesk.core.dates import nice_date
from otdesk.schools.models import District
from otdesk.students.models import ServiceKind, ServiceLine

from .calendar import ONE_DAY, SchoolCalendar, Span, prorate
from .models import (
    DEFAULT_OWED,
    IN_CLASS_TYPES,
    Attendance,
    ConsultationStudent,
    MakeupPolicy,
    MissedSession,
    MissReason,
    PlannedSession,
    Session,
    SessionStudent,
    cycle_week,
)

ON_TRACK, AT_RISK, BEHIND = "on_track", "at_risk", "behind"
STATUS_WORDS = {ON_TRACK: "On track", AT_RISK: "At risk", BEHIND: "Behind"}
STATUS_RANK = {BEHIND: 0, AT_RISK: 1, ON_TRACK: 2}


@dataclass(frozen=True)
class Credit:
    """Minutes one session credits to one line (already net of attendance and targeting)."""

    line_id: int
    date: dt.date
    minutes: int
    makeup_for: int | None = None


@dataclass(frozen=True)
class Miss:
    id: int
    line_id: int
    date: dt.date
    minutes: int
    reason: str


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

    @property
    def done(self) -> int:
        return self.delivered + self.made_up

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def missed_total(self) -> int:
        return sum(self.missed.values())

    @property
    def missed_words(self) -> str:
        return "; ".join(
            f"{MissReason(reason).label}: {minutes} min" for reason, minutes in self.missed.items()
        )

    @property
    def percent(self) -> int:
        return 100 if self.target == 0 else min(100, round(100 * self.done / self.target))


def required_minutes(line: ServiceLine, span: Span, cal: SchoolCalendar) -> int:
    """Minutes per period × counted days with the line in force ÷ days of the period."""
    first = max(span.start, line.start_date)
    last = min(span.end, line.end_date)
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
    owed_policy: dict[str, bool],
    today: dt.date,
    planned_left: int = 0,
) -> Compliance:
    """The compliance of one service line in one period.

    - credits: this line's sessions; make-ups (makeup_for set) are left out here because
      they count in the period of the miss they cover.
    - misses: this line's missed sessions.
    - makeups: make-up credits by the id of the miss they cover.
    """
    required = required_minutes(line, span, cal)
    delivered = sum(c.minutes for c in credits if c.makeup_for is None and span.contains(c.date))
    missed: dict[str, int] = defaultdict(int)
    owed = made_up = made_up_owed = excused = 0
    made_up_on: list[dt.date] = []
    for miss in misses:
        if not span.contains(miss.date):
            continue
        missed[miss.reason] += miss.minutes
        covered = min(miss.minutes, sum(c.minutes for c in makeups.get(miss.id, [])))
        made_up_on += sorted(c.date for c in makeups.get(miss.id, []))
        made_up += covered
        if owed_policy.get(miss.reason, DEFAULT_OWED[MissReason(miss.reason)]):
            owed += miss.minutes
            made_up_owed += covered
        else:
            excused += miss.minutes - covered
    target = max(0, required - excused)
    remaining = max(0, target - delivered - made_up)
    status, reason = _projection(
        span=span,
        cal=cal,
        line=line,
        target=target,
        done=delivered + made_up,
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
        made_up=made_up,
        outstanding=max(0, owed - made_up_owed),
        excused=excused,
        remaining=remaining,
        status=status,
        reason=reason,
        planned_left=planned_left,
        made_up_on=made_up_on,
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


def owed_policy(district: District) -> dict[str, bool]:
    policy = {str(reason): owed for reason, owed in DEFAULT_OWED.items()}
    policy.update(MakeupPolicy.objects.filter(district=district).values_list("reason", "owed"))
    return policy


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
    ) -> None:
        self.cal = SchoolCalendar.for_district(district)
        self.policy = owed_policy(district)
        self.lines = lines
        self.today = today
        line_ids = [line.pk for line in lines]
        self.credits: dict[int, list[Credit]] = defaultdict(list)
        self.makeups: dict[int, list[Credit]] = defaultdict(list)
        self.misses: dict[int, list[Miss]] = defaultdict(list)
        credited = (
            SessionStudent.objects.filter(
                service_line_id__in=line_ids, attendance=Attendance.PRESENT
            )
            .exclude(session__status=Session.Status.VOIDED)
            .filter(
                Q(makeup_for__isnull=False) | Q(session__date__gte=first, session__date__lte=last)
            )
            .filter(~Q(session__session_type__in=IN_CLASS_TYPES) | Q(targeted_service=True))
            .values_list("service_line_id", "session__date", "session__minutes", "makeup_for_id")
        )
        consulted = ConsultationStudent.objects.filter(
            service_line_id__in=line_ids,
            consultation__voided_at__isnull=True,
            consultation__date__gte=first,
            consultation__date__lte=last,
        ).values_list("service_line_id", "consultation__date", "consultation__minutes")
        for line_id, date, minutes in consulted:
            self.credits[line_id].append(Credit(line_id, date, minutes))
        for line_id, date, minutes, makeup_for in credited:
            credit = Credit(line_id, date, minutes, makeup_for)
            if makeup_for is None:
                self.credits[line_id].append(credit)
            else:
                self.makeups[makeup_for].append(credit)
        missed = MissedSession.objects.filter(
            service_line_id__in=line_ids, voided_at__isnull=True, date__gte=first, date__lte=last
        ).values_list("id", "service_line_id", "date", "minutes", "reason")
        for miss_id, line_id, date, minutes, reason in missed:
            self.misses[line_id].append(Miss(miss_id, line_id, date, minutes, reason))
        self._planned = self._planned_minutes(lines, today)

    def _planned_minutes(
        self, lines: list[ServiceLine], today: dt.date
    ) -> dict[tuple[int, dt.date], int]:
        """Planned minutes still to come per (student, date), from today to the year's end."""
        student_ids = {line.iep.student_id for line in lines}
        if not student_ids:
            return {}
        slots = (
            PlannedSession.objects.filter(students__in=student_ids)
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
        horizon = min(self.cal.year_end, today + dt.timedelta(days=366))
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
                        if day == today and pk in done_today:
                            continue
                        planned[(student_id, day)] += minutes
            day += ONE_DAY
        return planned

    def planned_left(self, line: ServiceLine, span: Span) -> int:
        if line.kind != ServiceKind.DIRECT:
            return 0
        last = min(span.end, line.end_date)
        student_id = line.iep.student_id
        total = 0
        day = max(self.today, span.start, line.start_date)
        while day <= last:
            total += self._planned.get((student_id, day), 0)
            day += ONE_DAY
        return total

    def compute(self, line: ServiceLine, span: Span) -> Compliance:
        return line_period(
            line=line,
            span=span,
            cal=self.cal,
            credits=self.credits.get(line.pk, []),
            misses=self.misses.get(line.pk, []),
            makeups=self.makeups,
            owed_policy=self.policy,
            today=self.today,
            planned_left=self.planned_left(line, span) if span.contains(self.today) else 0,
        )

    def current(self, line: ServiceLine) -> Compliance:
        return self.compute(line, self.cal.span(line.period, self.today))

    def history(self, line: ServiceLine) -> list[Compliance]:
        """Every period of the line from its start (or the school year's) up to today."""
        first = max(line.start_date, self.cal.year_start)
        last = min(line.end_date, self.today)
        if last < first:
            return []
        return [self.compute(line, span) for span in self.cal.spans(line.period, first, last)]
