"""The week grid of the weekly plan: every session active on each open day of a week, and
the therapist's meetings, placed by start and length for the week calendars."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from otdesk.accounts.models import User
from otdesk.accounts.permissions import THERAPIST_ROLES
from otdesk.core.times import DAY_NAMES, hhmm, minutes_of, span
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import PlannedSession
from otdesk.schools.models import BellBlock, Classroom, District
from otdesk.students.models import Student

from .models import FixedTime

SLOT = 5  # minutes per grid row
DROP_STEP = 15  # minutes per drop target when dragging
MAX_LANES = 4  # side-by-side columns for sessions at the same time
DEFAULT_HOURS = (7 * 60 + 30, 15 * 60 + 30)
# The rows calendar.css has classes for (cal-at-2 .. cal-at-MAX_ROW): 6:00 to 20:00.
MAX_ROW = 2 + (14 * 60) // SLOT
GRID_EARLIEST = 6 * 60
GRID_LATEST = GRID_EARLIEST + (MAX_ROW - 2) * SLOT


@dataclass
class Card:
    """One thing placed on the grid: a planned session, or a meeting or protected time."""

    column: int  # 1..5, the day
    first: int  # minute of the day it starts
    length: int  # minutes
    time: str
    title: str
    lines: list[str]
    planned: PlannedSession | None = None
    reason: str = ""
    locked: bool = False
    kind: str = "session"  # "session" or "fixed"
    editable: bool = False
    lane: int = 1
    lanes: int = 1
    row: int = 0
    span: int = 1
    problems: list[str] = field(default_factory=list)  # rules it breaks on that date now

    @property
    def label(self) -> str:
        """What a screen reader hears for the card's links: which session they act on."""
        return f"{self.time} {self.title}"


@dataclass
class Day:
    date: dt.date
    column: int
    open: bool
    closed_reason: str
    cards: list[Card] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return DAY_NAMES[self.date.weekday()]


@dataclass
class Week:
    start: dt.date
    days: list[Day]
    times: list[dict[str, Any]]
    first: int
    last: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=4)

    @property
    def rows(self) -> int:
        """How many 5-minute rows the grid has below the day names."""
        return (self.last - self.first) // SLOT

    @property
    def count(self) -> int:
        return sum(1 for day in self.days for card in day.cards if card.kind == "session")


def default_week_day(today: dt.date) -> dt.date:
    """On a Saturday or Sunday the coming week is the one to plan and read."""
    return today + dt.timedelta(days=7 - today.weekday()) if today.weekday() > 4 else today


def default_week_start(today: dt.date) -> dt.date:
    """The Monday of the week a calendar opens at (the coming one at a weekend)."""
    day = default_week_day(today)
    return day - dt.timedelta(days=day.weekday())


def _row(minute: int, first: int) -> int:
    return max(2, min(MAX_ROW, 2 + (minute - first) // SLOT))


def _assign_lanes(cards: list[Card]) -> None:
    """Side by side when sessions overlap (several therapists at one school, or a clash)."""
    cards.sort(key=lambda c: (c.first, -c.length))
    cluster: list[Card] = []
    cluster_end = -1
    ends: list[int] = []

    def close() -> None:
        lanes = min(MAX_LANES, max((c.lane for c in cluster), default=1))
        for c in cluster:
            c.lanes = lanes
            c.lane = min(c.lane, lanes)

    for card in cards:
        if cluster and card.first >= cluster_end:
            close()
            cluster, ends = [], []
        free = next((i for i, end in enumerate(ends) if end <= card.first), None)
        if free is None:
            ends.append(card.first + card.length)
            card.lane = len(ends)
        else:
            ends[free] = card.first + card.length
            card.lane = free + 1
        cluster.append(card)
        cluster_end = max(cluster_end, card.first + card.length)
    if cluster:
        close()


def _hours(schools: list[int], cards: list[Card]) -> tuple[int, int]:
    """From the earliest bell to the latest, on the half hour; wide enough for every card."""
    bells = list(BellBlock.objects.filter(school_id__in=schools).values_list("start", "end"))
    starts = [minutes_of(start) for start, _ in bells] + [c.first for c in cards]
    ends = [minutes_of(end) for _, end in bells] + [c.first + c.length for c in cards]
    if not bells:
        starts.append(DEFAULT_HOURS[0])
        ends.append(DEFAULT_HOURS[1])
    first = max(GRID_EARLIEST, min(starts) // 30 * 30)
    last = min(GRID_LATEST, -(-max(ends) // 30) * 30)
    return first, max(last, first + 60)


def _closed_days(district: District | None, week_start: dt.date) -> dict[dt.date, str]:
    if district is None:
        return {}
    cal = SchoolCalendar.for_district(district)
    names = dict(
        district.non_school_days.filter(
            date__range=(week_start, week_start + dt.timedelta(days=4))
        ).values_list("date", "name")
    )
    closed = {}
    for offset in range(5):
        day = week_start + dt.timedelta(days=offset)
        if not cal.is_school_day(day):
            closed[day] = names.get(day, "Outside the school year")
    return closed


def plans_in_week(week_start: dt.date) -> QuerySet[PlannedSession]:
    week_end = week_start + dt.timedelta(days=4)
    return (
        PlannedSession.objects.filter(active_from__lte=week_end)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=week_start))
        .select_related("school__district", "classroom", "provider")
        .prefetch_related(
            Prefetch(
                "students",
                queryset=Student.objects.select_related("classroom").order_by(
                    "last_name", "first_name"
                ),
            )
        )
    )


def classroom_plans(classroom: Classroom, week_start: dt.date) -> QuerySet[PlannedSession]:
    """The OT sessions of a classroom's week: with students of the class, or in the room
    (the classroom's week page and the teacher's page)."""
    return (
        plans_in_week(week_start)
        .filter(provider__role__in=THERAPIST_ROLES)
        .filter(Q(students__classroom=classroom) | Q(classroom=classroom))
        .distinct()
    )


def _where(plan: PlannedSession) -> str:
    if plan.classroom is not None:
        room = f"Room {plan.classroom.room}" if plan.classroom.room else plan.classroom.name
    else:
        room = plan.get_location_display()
    return f"{room} · {plan.school.short_name}"


def _who(plan: PlannedSession, *, teacher: User | None) -> str:
    """Initials for staff; a teacher sees first names and last initials of their own class."""
    students = list(plan.students.all())
    if teacher is None:
        return ", ".join(s.initials for s in students) or "No students"
    own = _identified(students, teacher)
    names = [f"{s.known_as} {s.last_name[:1]}." for s in own]
    others = len(students) - len(own)
    if others:
        names.append(f"{others} other student{'s' if others != 1 else ''}")
    return ", ".join(names) or "No students"


def _identified(students: list[Student], teacher: User | None) -> list[Student]:
    """The students a card names: all of them, or for a teacher those of their class."""
    if teacher is None:
        return students
    return [s for s in students if s.classroom is not None and s.classroom.teacher_id == teacher.pk]


def students_shown(week: Week, *, teacher: User | None = None) -> list[Student]:
    """Every student a week's cards name (for the access log), once each."""
    shown = {
        student.pk: student
        for day in week.days
        for card in day.cards
        if card.planned is not None
        for student in _identified(list(card.planned.students.all()), teacher)
    }
    return list(shown.values())


def build_week(
    *,
    plans: QuerySet[PlannedSession],
    week_start: dt.date,
    district: District | None,
    schools: list[int],
    editor: User | None = None,
    teacher: User | None = None,
    show_provider: bool = False,
    fixed: QuerySet[FixedTime] | None = None,
) -> Week:
    """The week's grid: every session active on each open day, placed by start and length."""
    closed = _closed_days(district, week_start)
    days = []
    all_cards: list[Card] = []
    plan_list = list(plans)
    fixed_list = list(fixed) if fixed is not None else []
    for offset in range(5):
        date = week_start + dt.timedelta(days=offset)
        day = Day(date, offset + 1, date not in closed, closed.get(date, ""))
        days.append(day)
        if not day.open:
            continue
        for plan in plan_list:
            if not plan.active_on(date):
                continue
            lines = [_who(plan, teacher=teacher), _where(plan), plan.get_session_type_display()]
            if plan.makeup_for_id:
                lines[2] += " · make-up"
            if plan.weeks != "1234":
                lines[2] += f" · weeks {', '.join(plan.weeks)} of 4"
            if show_provider:
                lines.insert(0, plan.provider.display_name)
            first = minutes_of(plan.start)
            day.cards.append(
                Card(
                    column=day.column,
                    first=first,
                    length=plan.minutes,
                    time=span(first, plan.minutes),
                    title=lines[0],
                    lines=lines,
                    planned=plan,
                    reason="" if teacher is not None else plan.reason,
                    locked=plan.locked,
                    editable=editor is not None and plan.provider_id == editor.pk,
                )
            )
        for item in fixed_list:
            if item.weekday != date.weekday() or (item.date is not None and item.date != date):
                continue
            first, last = minutes_of(item.start), minutes_of(item.end)
            day.cards.append(
                Card(
                    column=day.column,
                    first=first,
                    length=last - first,
                    time=span(first, last - first),
                    title=item.title,
                    lines=[item.title, item.get_kind_display()],
                    kind="fixed",
                )
            )
        _assign_lanes(day.cards)
        all_cards.extend(day.cards)
    first, last = _hours(schools, all_cards)
    for card in all_cards:
        card.row = _row(card.first, first)
        card.span = max(1, min(48, -(-card.length // SLOT)))
    times = [{"label": hhmm(m), "row": _row(m, first)} for m in range(first, last, 30)]
    for day in days:
        if day.open:
            day.slots = [
                {
                    "start": hhmm(m),
                    "row": _row(m, first),
                    "label": f"{day.name} {hhmm(m)}",
                    "half": m % 30 == 0,
                }
                for m in range(first, last, DROP_STEP)
            ]
    return Week(start=week_start, days=days, times=times, first=first, last=last)


def provider_week(user: User, week_start: dt.date) -> Week:
    """A therapist's own week (their planned sessions and fixed times, the schools they
    work at), as the Schedule page and `otdesk schedule` show it."""
    from .permissions import schools_visible_to

    plans = plans_in_week(week_start).filter(provider=user)
    week_end = week_start + dt.timedelta(days=4)
    fixed = FixedTime.objects.filter(provider=user).filter(
        Q(date__isnull=True) | Q(date__range=(week_start, week_end))
    )
    school_ids = set(plans.values_list("school_id", flat=True)) | set(
        schools_visible_to(user).values_list("pk", flat=True)
    )
    return build_week(
        plans=plans,
        week_start=week_start,
        district=user.district,
        schools=list(school_ids),
        editor=user,
        fixed=fixed,
    )
