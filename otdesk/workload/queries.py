"""Where a therapist's time went: logged work by bucket, and what is still scheduled.

Every figure comes from a grouped SUM over all the people at once, so one therapist and a
district of fifty cost the same number of queries.
"""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from otdesk.accounts.models import User
from otdesk.accounts.permissions import THERAPIST_ROLES
from otdesk.core.dates import nice_date
from otdesk.core.times import SCHOOL_DAYS
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import (
    ConsultationLog,
    MissedSession,
    PlannedSession,
    Session,
    plan_active_on,
)
from otdesk.programs.models import MonitoringCheck, TrainingEvent
from otdesk.schools.models import District
from otdesk.students.models import TeamMember
from otdesk.students.permissions import SERVING_TEAM_ROLES

from .models import ProfessionalTime, TimeCategory

ONE_DAY = dt.timedelta(days=1)

# The buckets of the workload table, in the order people read them: time with students
# first, then the work around them.
DIRECT = "direct"
CONSULTATION = "consultation"
PROGRAMS = "programs"
EVALUATIONS = "evaluations"
MEETINGS = "meetings"
PROFESSIONAL = "professional"
TRAVEL = "travel"
BUCKETS: list[tuple[str, str]] = [
    (DIRECT, "Direct service"),
    (CONSULTATION, "Consultation"),
    (PROGRAMS, "Aide-program support"),
    (EVALUATIONS, "Evaluations"),
    (MEETINGS, "Meetings"),
    (PROFESSIONAL, "Professional time"),
    (TRAVEL, "Travel"),
]
BUCKET_LABELS = dict(BUCKETS)
CATEGORY_BUCKET: dict[str, str] = {
    TimeCategory.TRAVEL: TRAVEL,
    TimeCategory.MEETINGS: MEETINGS,
    TimeCategory.EVALUATIONS: EVALUATIONS,
    TimeCategory.REVIEWING: PROFESSIONAL,
    TimeCategory.MATERIALS: PROFESSIONAL,
    TimeCategory.PREPARING: PROFESSIONAL,
    TimeCategory.RESEARCH: PROFESSIONAL,
    TimeCategory.DOCUMENTATION: PROFESSIONAL,
    TimeCategory.TRAINING: PROFESSIONAL,
}


def hours(minutes: int) -> Decimal:
    """Minutes as hours with one decimal, rounded half up (50 min is 0.8 h)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> int:
    """part of whole as a whole percentage, rounded half up; 0 when there is no whole."""
    if whole <= 0:
        return 0
    return (200 * part + whole) // (2 * whole)


# Periods -------------------------------------------------------------------------------

WEEK = "week"
MONTH = "month"
PERIOD_KINDS = (WEEK, MONTH)


@dataclass(frozen=True)
class Period:
    """A school week (Monday to Friday) or a calendar month."""

    kind: str
    first: dt.date
    last: dt.date

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "Period":
        if kind == WEEK:
            monday = day - dt.timedelta(days=day.weekday())
            return cls(WEEK, monday, monday + dt.timedelta(days=4))
        if kind == MONTH:
            last = calendar.monthrange(day.year, day.month)[1]
            return cls(MONTH, day.replace(day=1), day.replace(day=last))
        raise ValueError(f"Unknown period {kind!r}")

    @property
    def previous(self) -> "Period":
        return Period.containing(self.kind, self.first - ONE_DAY)

    @property
    def next(self) -> "Period":
        if self.kind == WEEK:
            return Period.containing(WEEK, self.first + dt.timedelta(days=7))
        return Period.containing(MONTH, self.last + ONE_DAY)

    @property
    def label(self) -> str:
        """'Week of Mon 5 Oct 2026' or 'October 2026'."""
        if self.kind == WEEK:
            return f"Week of {nice_date(self.first)}"
        return f"{self.first:%B %Y}"

    def is_current(self, today: dt.date) -> bool:
        return Period.containing(self.kind, today) == self

    def name(self, today: dt.date) -> str:
        """How a title ends: 'this week', 'in the week of Mon 5 Oct 2026', 'in October 2026'."""
        if self.is_current(today):
            return f"this {self.kind}"
        if self.kind == WEEK:
            return f"in the week of {nice_date(self.first)}"
        return f"in {self.first:%B %Y}"


# The summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    minutes: int
    share: int  # percent of everything logged in the period

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass
class Workload:
    """One therapist's period: logged minutes by bucket, and planned sessions still ahead."""

    person: User | None
    first: dt.date
    last: dt.date
    minutes: dict[str, int] = field(default_factory=dict)
    scheduled_minutes: int = 0
    caseload: int = 0

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def total_hours(self) -> Decimal:
        return hours(self.total_minutes)

    @property
    def scheduled_hours(self) -> Decimal:
        return hours(self.scheduled_minutes)

    @property
    def buckets(self) -> list[Bucket]:
        total = self.total_minutes
        return [
            Bucket(key, label, self.minutes.get(key, 0), percent(self.minutes.get(key, 0), total))
            for key, label in BUCKETS
        ]

    def sentence(self, lead: str) -> str:
        """The table in words: 'This week: 21.5 hours logged, 62% direct service, ...'."""
        if self.total_minutes:
            shares = [
                f"{b.share}% {b.label[0].lower()}{b.label[1:]}" for b in self.buckets if b.minutes
            ]
            text = f"{lead}: {self.total_hours} hours logged, {', '.join(shares)}."
        else:
            text = f"{lead}: nothing logged yet."
        if self.scheduled_minutes:
            text += f" {self.scheduled_hours} hours of planned sessions are still scheduled."
        return text


def _sums(
    queryset: QuerySet, person_field: str, ids: list[int], first: dt.date, last: dt.date
) -> dict[int, int]:
    rows = (
        queryset.filter(**{f"{person_field}__in": ids}, date__range=(first, last))
        .order_by()
        .values(person_field)
        .annotate(total=Sum("minutes"))
        .values_list(person_field, "total")
    )
    return {person: total or 0 for person, total in rows}


def _logged(ids: list[int], first: dt.date, last: dt.date) -> dict[int, dict[str, int]]:
    logged: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sources: Iterable[tuple[str, QuerySet, str]] = [
        (DIRECT, Session.objects.exclude(status=Session.Status.VOIDED), "provider_id"),
        (CONSULTATION, ConsultationLog.objects.filter(voided_at__isnull=True), "provider_id"),
        (PROGRAMS, TrainingEvent.objects.all(), "trainer_id"),
        (PROGRAMS, MonitoringCheck.objects.all(), "therapist_id"),
    ]
    for bucket, queryset, person_field in sources:
        for person, total in _sums(queryset, person_field, ids, first, last).items():
            logged[person][bucket] += total
    professional = (
        ProfessionalTime.objects.filter(person_id__in=ids, date__range=(first, last))
        .order_by()
        .values("person_id", "category")
        .annotate(total=Sum("minutes"))
        .values_list("person_id", "category", "total")
    )
    for person, category, total in professional:
        logged[person][CATEGORY_BUCKET[category]] += total or 0
    return logged


def _scheduled(
    ids: list[int], district: District | None, first: dt.date, last: dt.date, today: dt.date
) -> dict[int, int]:
    """Minutes of planned sessions on school days from today on, not yet logged or missed."""
    start = max(today, first)
    if start > last:
        return {}
    plans = list(
        PlannedSession.objects.filter(provider_id__in=ids, active_from__lte=last)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
        .values_list(
            "pk",
            "provider_id",
            "weekday",
            "minutes",
            "active_from",
            "active_until",
            "weeks",
            "skip_dates",
            "school__district__school_year_start",
        )
    )
    if not plans:
        return {}
    done = set(
        Session.objects.filter(planned__provider_id__in=ids, date__range=(start, last))
        .exclude(status=Session.Status.VOIDED)
        .values_list("planned_id", "date")
    )
    # A session recorded as missed today is not still ahead, though nothing was logged.
    done |= set(
        MissedSession.objects.filter(
            planned__provider_id__in=ids, date__range=(start, last), voided_at__isnull=True
        ).values_list("planned_id", "date")
    )
    cal = SchoolCalendar.for_district(district) if district is not None else None
    days_on: dict[int, list[dt.date]] = defaultdict(list)  # school days by weekday
    day = start
    while day <= last:
        if cal.is_school_day(day) if cal is not None else day.weekday() in SCHOOL_DAYS:
            days_on[day.weekday()].append(day)
        day += ONE_DAY
    scheduled: dict[int, int] = defaultdict(int)
    # The rows' values, not instances: a district has thousands of plans.
    for pk, provider, weekday, minutes, since, until, weeks, skip, year_start in plans:
        for day in days_on.get(weekday, []):
            if (pk, day) not in done and plan_active_on(
                day,
                weekday=weekday,
                active_from=since,
                active_until=until,
                weeks=weeks,
                skip_dates=skip,
                year_start=year_start,
            ):
                scheduled[provider] += minutes
    return scheduled


def _caseloads(ids: list[int], on: dt.date) -> dict[int, int]:
    """Students each person serves as OT or COTA on the day."""
    rows = (
        TeamMember.objects.filter(
            person_id__in=ids, role__in=SERVING_TEAM_ROLES, start_date__lte=on
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by()
        .values("person_id")
        .annotate(students=Count("student_id", distinct=True))
        .values_list("person_id", "students")
    )
    return dict(rows)


def _workloads(
    people: list[User],
    district: District | None,
    first: dt.date,
    last: dt.date,
    today: dt.date,
) -> list[Workload]:
    ids = [person.pk for person in people]
    if not ids:
        return []
    logged = _logged(ids, first, last)
    scheduled = _scheduled(ids, district, first, last, today)
    caseloads = _caseloads(ids, min(today, last))
    return [
        Workload(
            person=person,
            first=first,
            last=last,
            minutes=dict(logged.get(person.pk, {})),
            scheduled_minutes=scheduled.get(person.pk, 0),
            caseload=caseloads.get(person.pk, 0),
        )
        for person in people
    ]


def provider_workload(person: User, first: dt.date, last: dt.date, today: dt.date) -> Workload:
    """One therapist's workload from first to last inclusive."""
    [workload] = _workloads([person], person.district, first, last, today)
    return workload


def district_workload(
    district: District, first: dt.date, last: dt.date, today: dt.date
) -> list[Workload]:
    """Every active OT and COTA of the district, by name, in a fixed number of queries."""
    people = list(
        User.objects.filter(district=district, role__in=THERAPIST_ROLES, is_active=True).order_by(
            "last_name", "first_name"
        )
    )
    return _workloads(people, district, first, last, today)


def district_totals(workloads: list[Workload], first: dt.date, last: dt.date) -> Workload:
    """All the rows added up (no caseload: OT and COTA often serve the same students)."""
    total = Workload(person=None, first=first, last=last)
    for workload in workloads:
        for key, minutes in workload.minutes.items():
            total.minutes[key] = total.minutes.get(key, 0) + minutes
        total.scheduled_minutes += workload.scheduled_minutes
    return total


def time_entries(person: User, period: Period) -> QuerySet[ProfessionalTime]:
    """The person's professional time in the period, newest first."""
    return (
        ProfessionalTime.objects.filter(person=person, date__range=(period.first, period.last))
        .select_related("student")
        .order_by("-date", "-logged_at")
    )


@dataclass
class TimeWeek:
    """A person's professional time in one week, with minutes by category."""

    entries: list[ProfessionalTime]
    totals: list[tuple[str, int, Decimal]]  # (category label, minutes, hours), logged ones only
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)


def time_week(person: User, week: Period) -> TimeWeek:
    """The week's entries and their totals by category, in the categories' order."""
    entries = list(time_entries(person, week))
    by_category = {value: 0 for value in TimeCategory.values}
    for entry in entries:
        by_category[entry.category] += entry.minutes
    totals = [
        (label, by_category[value], hours(by_category[value]))
        for value, label in TimeCategory.choices
        if by_category[value]
    ]
    return TimeWeek(entries=entries, totals=totals, minutes=sum(by_category.values()))
