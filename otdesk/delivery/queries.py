"""Reads for the delivery pages: compliance tables, the make-up ledger, the week's plan,
the weekly plan list, the district table's filters and the student page's panel."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from otdesk.accounts.models import User
from otdesk.accounts.permissions import THERAPIST_ROLES
from otdesk.core.memory import collector_paused
from otdesk.core.times import DAY_NAMES, SCHOOL_DAYS
from otdesk.schools.models import District, School
from otdesk.students.models import IEP, Goal, ServiceLine, Student, TeamMember
from otdesk.students.permissions import served_students

from .calendar import SchoolCalendar
from .compliance import STATUS_RANK, Compliance, ComplianceSource, Position
from .crediting import made_up, makeup_credits
from .models import ConsultationLog, MissedSession, PlannedSession, Session, SessionStudent
from .permissions import SERVING_ROLES
from .policy import Policy


def lines_in_force(
    students: QuerySet[Student], today: dt.date, *, kind: str | None = None
) -> list[ServiceLine]:
    """Service lines (direct and consultation, or one kind) in force today, each with its
    IEP, student and school at hand."""
    lines = list(lines_in_force_query(students, today, kind=kind).select_related("iep"))
    return with_students(lines, students) if lines else []


def with_students(lines: list[ServiceLine], students: Iterable[Student]) -> list[ServiceLine]:
    """The lines (read with their IEPs) of these students, each IEP given its student and
    each student its school (and the school its district). The students and schools are
    read once each, not joined into every line's row: a district's 10,000 lines would make
    30,000 more objects for 5,000 students."""
    found = {student.pk: student for student in students}
    schools = School.objects.filter(
        pk__in={student.school_id for student in found.values()}
    ).select_related("district")
    by_pk = {school.pk: school for school in schools}
    for student in found.values():
        STUDENT_SCHOOL.set_cached_value(student, by_pk[student.school_id])
    for line in lines:
        IEP_STUDENT.set_cached_value(line.iep, found[line.iep.student_id])
    return lines


IEP_STUDENT = IEP._meta.get_field("student")
STUDENT_SCHOOL = Student._meta.get_field("school")


def lines_in_force_query(
    students: QuerySet[Student], today: dt.date, *, kind: str | None = None
) -> QuerySet[ServiceLine]:
    lines = ServiceLine.objects.filter(
        iep__student__in=students,
        iep__status=IEP.Status.ACTIVE,
        start_date__lte=today,
        end_date__gte=today,
    )
    if kind is not None:
        lines = lines.filter(kind=kind)
    return lines


class YearPositions:
    """The year-so-far positions of a compliance table's lines. A position walks every
    period of its line since the year began, so it is fetched for the rows a page shows
    (`show`), all of them at once the first time one is read: a district table of 10,000
    lines reads the year of the 50 it shows."""

    def __init__(self, district: District, today: dt.date, lines: list[ServiceLine]) -> None:
        self.district, self.today = district, today
        self.shown = {line.pk: line for line in lines}
        self.found: dict[int, Position] = {}

    def show(self, rows: Iterable["ComplianceRow"]) -> None:
        self.shown = {row.compliance.line.pk: row.compliance.line for row in rows}

    def of(self, line: ServiceLine) -> Position:
        if line.pk not in self.found:
            wanted = self.shown if line.pk in self.shown else {line.pk: line}
            lines = [each for pk, each in wanted.items() if pk not in self.found]
            with collector_paused():
                source = _source(self.district, lines, self.today, from_year_start=True)
                self.found.update({each.pk: source.position(each) for each in lines})
        return self.found[line.pk]


@dataclass
class ComplianceRow:
    compliance: Compliance
    student: Student
    providers: str = ""
    positions: YearPositions | None = None

    @property
    def position(self) -> Position | None:
        """The line's position for the year so far (see YearPositions)."""
        if self.positions is None:
            return None
        return self.positions.of(self.compliance.line)


def show_positions(rows: Sequence[ComplianceRow]) -> None:
    """Only these rows of a compliance table (a page of it) will show their position."""
    if rows and rows[0].positions is not None:
        rows[0].positions.show(rows)


def _source(
    district: District,
    lines: list[ServiceLine],
    today: dt.date,
    *,
    from_year_start: bool,
) -> ComplianceSource:
    """Sessions, misses and plans of these lines for their current periods, and from the
    school year's start with from_year_start (for their positions)."""
    cal = SchoolCalendar.for_district(district)
    spans = [cal.span(line.period, today) for line in lines]
    starts = [s.start for s in spans]
    if from_year_start:
        starts += [max(line.start_date, cal.year_start) for line in lines]
    return ComplianceSource(
        district=district,
        lines=lines,
        first=min(starts),
        last=max(span.end for span in spans),
        today=today,
    )


def compliance_rows(
    *, district: District, students: QuerySet[Student], today: dt.date, with_providers: bool = False
) -> list[ComplianceRow]:
    """Current-period compliance of every service line in force, worst first; each row's
    position for the year is read when it is shown."""
    with collector_paused():
        return _compliance_rows(
            district=district, students=students, today=today, with_providers=with_providers
        )


def _compliance_rows(
    *, district: District, students: QuerySet[Student], today: dt.date, with_providers: bool
) -> list[ComplianceRow]:
    lines = lines_in_force(students, today)
    if not lines:
        return []
    cal = SchoolCalendar.for_district(district)
    spans = [cal.span(line.period, today) for line in lines]
    source = _source(district, lines, today, from_year_start=False)
    positions = YearPositions(district, today, lines)
    providers: dict[int, list[str]] = defaultdict(list)
    if with_providers:
        team = list(
            TeamMember.objects.filter(student__in=students, role__in=SERVING_ROLES)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .order_by("role")
            .values_list("student_id", "person_id")
        )
        people = User.objects.filter(pk__in={person for _, person in team})
        names = {person.pk: person.display_name for person in people}
        for student_id, person_id in team:
            providers[student_id].append(names[person_id])
    rows = [
        ComplianceRow(
            compliance=source.compute(line, span),
            student=line.iep.student,
            providers=", ".join(providers.get(line.iep.student_id, [])),
            positions=positions,
        )
        for line, span in zip(lines, spans, strict=True)
    ]
    rows.sort(
        key=lambda r: (
            STATUS_RANK[r.compliance.status],
            -r.compliance.remaining,
            r.student.last_name,
            r.student.first_name,
        )
    )
    return rows


@dataclass
class LedgerEntry:
    miss: MissedSession
    owed: bool
    made_up: int
    made_up_on: list[dt.date]
    deadline: dt.date  # the last day a make-up may be given (district policy, IEP end)

    @property
    def outstanding(self) -> int:
        return max(0, self.miss.minutes - self.made_up) if self.owed else 0

    @property
    def open(self) -> bool:
        """Not fully made up yet, owed or not (a therapist may make up any miss)."""
        return self.made_up < self.miss.minutes


@dataclass
class Ledger:
    entries: list[LedgerEntry]

    @property
    def owed(self) -> int:
        return sum(e.miss.minutes for e in self.entries if e.owed)

    @property
    def made_up(self) -> int:
        return sum(e.made_up for e in self.entries)

    @property
    def outstanding(self) -> int:
        return sum(e.outstanding for e in self.entries)


def ledger_entries(misses: QuerySet[MissedSession], policy: Policy) -> list[LedgerEntry]:
    """Each miss with what its make-ups credit, by the one crediting rule."""
    found = list(misses.select_related("service_line__iep").order_by("-date", "-pk"))
    credits = makeup_credits(m.pk for m in found)
    return [
        LedgerEntry(
            miss=miss,
            owed=policy.is_owed(miss.reason, miss.date),
            made_up=made_up(miss.minutes, credits.get(miss.pk, [])),
            made_up_on=sorted(c.date for c in credits.get(miss.pk, [])),
            deadline=policy.makeup_deadline(
                miss_date=miss.date, iep_end=miss.service_line.iep.end_date
            ),
        )
        for miss in found
    ]


def makeup_ledger(student: Student) -> Ledger:
    policy = Policy.for_district(student.school.district)
    misses = MissedSession.objects.filter(student=student, voided_at__isnull=True)
    return Ledger(ledger_entries(misses, policy))


def open_misses(students: list[Student], *, district: District) -> dict[int, list[MissedSession]]:
    """Each student's missed sessions that are not fully made up yet, newest first: the
    misses a session being logged can make up."""
    misses = MissedSession.objects.filter(student__in=students, voided_at__isnull=True)
    result: dict[int, list[MissedSession]] = defaultdict(list)
    for entry in ledger_entries(misses, Policy.for_district(district)):
        if entry.open:
            result[entry.miss.student_id].append(entry.miss)
    return result


@dataclass
class StudentLineCompliance:
    line: ServiceLine
    current: Compliance | None
    history: list[Compliance]
    position: Position | None = None


def student_compliance(student: Student, today: dt.date) -> list[StudentLineCompliance]:
    iep = student.ieps.filter(status=IEP.Status.ACTIVE).first()
    if iep is None:
        return []
    lines = list(iep.service_lines.select_related("iep__student"))
    if not lines:
        return []
    district = student.school.district
    cal = SchoolCalendar.for_district(district)
    source = ComplianceSource(
        district=district,
        lines=lines,
        first=min(max(line.start_date, cal.year_start) for line in lines),
        last=max(line.end_date for line in lines),
        today=today,
    )
    result = []
    for line in lines:
        periods = source.history(line)
        history = list(reversed(periods))
        current = source.current(line) if line.in_force_on(today) else None
        if current is not None and history and history[0].span == current.span:
            history = history[1:]
        result.append(
            StudentLineCompliance(
                line=line,
                current=current,
                history=history,
                position=source.position(line, periods),
            )
        )
    return result


def card_anchor(planned_id: int, day: dt.date) -> str:
    """The id of a planned session's card on Today, for returning to it after an action."""
    return f"plan-{planned_id}-{day.isoformat()}"


@dataclass
class WorklistItem:
    planned: PlannedSession
    day: dt.date
    state: str  # "todo", "logged", "missed", "future"
    session: Session | None = None

    @property
    def anchor(self) -> str:
        return card_anchor(self.planned.pk, self.day)

    @property
    def student_names(self) -> str:
        return ", ".join(s.full_name for s in self.planned.students.all())


def week_worklist(
    provider: User, week_start: dt.date, today: dt.date
) -> list[tuple[dt.date, bool, list[WorklistItem]]]:
    """The provider's plan for one week, day by day, with what was logged or missed."""
    district = provider.district
    cal = SchoolCalendar.for_district(district) if district else None
    week_end = week_start + dt.timedelta(days=4)
    plans = list(
        PlannedSession.objects.filter(provider=provider, active_from__lte=week_end)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=week_start))
        .select_related("school__district", "classroom")
        # Only the students the provider serves today are named: a weekly slot outlives
        # an assignment that ended (issue 12, point 5).
        .prefetch_related(
            Prefetch(
                "students",
                queryset=served_students(provider, on=today).order_by("last_name", "first_name"),
            )
        )
    )
    logged = {
        (s.planned_id, s.date): s
        for s in Session.objects.filter(
            provider=provider, planned__isnull=False, date__range=(week_start, week_end)
        ).exclude(status=Session.Status.VOIDED)
    }
    missed = set(
        MissedSession.objects.filter(
            provider=provider,
            planned__isnull=False,
            session__isnull=True,
            voided_at__isnull=True,
            date__range=(week_start, week_end),
        ).values_list("planned_id", "date")
    )
    days = []
    for offset in SCHOOL_DAYS:
        day = week_start + dt.timedelta(days=offset)
        open_day = cal.is_school_day(day) if cal else True
        items = []
        if open_day:
            for plan in plans:
                if not plan.active_on(day):
                    continue
                session = logged.get((plan.pk, day))
                if session is not None:
                    state = "logged"
                elif (plan.pk, day) in missed:
                    state = "missed"
                elif day > today:
                    state = "future"
                else:
                    state = "todo"
                items.append(WorklistItem(plan, day, state, session))
        days.append((day, open_day, items))
    return days


def last_school_day(district: District | None, today: dt.date) -> dt.date:
    """Today, or the last school day before it (a session logged on Saturday was Friday's)."""
    if district is None:
        return today
    cal = SchoolCalendar.for_district(district)
    day = today
    for _ in range(21):
        if cal.is_school_day(day):
            return day
        day -= dt.timedelta(days=1)
    return today


def goals_in_force(students: list[Student]) -> QuerySet[Goal]:
    """The active goals of the students' active IEPs (the students are already the user's
    to see: their caseload)."""
    return Goal.objects.filter(
        iep__student__in=students, iep__status=IEP.Status.ACTIVE, status=Goal.Status.ACTIVE
    ).select_related("iep__student")


def active_goals(students: list[Student]) -> dict[int, list[Goal]]:
    """goals_in_force, by student."""
    goals: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals_in_force(students):
        goals[goal.iep.student_id].append(goal)
    return goals


def uncredited_makeups(session: Session) -> list[SessionStudent]:
    """The make-ups in a session that credit nothing (e.g. the student was absent), so the
    miss they were for stays open."""
    records = session.attendees.filter(makeup_for__isnull=False).select_related(
        "session", "student", "makeup_for"
    )
    return [r for r in records if r.credited_minutes == 0 and r.makeup_for is not None]


@dataclass
class PlanRow:
    planned: PlannedSession
    when: str  # when it happens, where not every week from now on ('' when it is)


def weekly_plan(provider: User, today: dt.date) -> list[tuple[str, list[PlanRow]]]:
    """The provider's weekly plan from today on, Monday to Friday."""
    plans = (
        PlannedSession.objects.filter(provider=provider)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("school", "classroom")
        .prefetch_related(
            Prefetch(
                "students",
                queryset=served_students(provider, on=today).order_by("last_name", "first_name"),
            )
        )
    )
    by_day: dict[int, list[PlanRow]] = defaultdict(list)
    for plan in plans:
        first = max(today, plan.active_from)
        first += dt.timedelta(days=(plan.weekday - first.weekday()) % 7)
        if plan.active_until is not None and first > plan.active_until:
            continue  # e.g. the old plan's Monday session that ended on a Wednesday
        # Where not every week from now on: a plan starting later, the old plan's last
        # days, a date moved for a one-off meeting.
        by_day[plan.weekday].append(PlanRow(plan, plan.dates_words(today)))
    return [(DAY_NAMES[day], by_day.get(day, [])) for day in SCHOOL_DAYS]


def district_therapists(district: District) -> QuerySet[User]:
    """The district's active OTs and COTAs, for the district table's provider filter."""
    return User.objects.filter(
        district=district, role__in=THERAPIST_ROLES, is_active=True
    ).order_by("last_name", "first_name")


def filter_students(
    students: QuerySet[Student],
    *,
    today: dt.date,
    school: int | None = None,
    provider: int | None = None,
    words: str = "",
) -> QuerySet[Student]:
    """Narrow students the user may see (a permission queryset) to one school, one
    provider's caseload and names containing every word."""
    if school is not None:
        students = students.filter(school_id=school)
    if provider is not None:
        students = students.filter(
            team__in=TeamMember.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today),
                person_id=provider,
                role__in=SERVING_ROLES,
                start_date__lte=today,
            )
        )
    for word in words.split():
        students = students.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return students.distinct()


def recent_sessions(student: Student, count: int = 8) -> QuerySet[Session]:
    return (
        Session.objects.filter(attendees__student=student)
        .select_related("provider")
        .order_by("-date", "-start")[:count]
    )


def booked_makeups(student: Student) -> dict[int, list[PlannedSession]]:
    """Make-ups booked with the make-up planner and not logged (or missed) yet, by miss."""
    booked: dict[int, list[PlannedSession]] = defaultdict(list)
    for plan in (
        PlannedSession.objects.filter(makeup_for__student=student)
        .exclude(Exists(Session.objects.filter(planned=OuterRef("pk")).exclude(status="voided")))
        .exclude(Exists(MissedSession.objects.filter(planned=OuterRef("pk"), voided_at=None)))
        .order_by("active_from", "start")
    ):
        if plan.makeup_for_id is not None:
            booked[plan.makeup_for_id].append(plan)
    return booked


def recent_consultations(provider: User, count: int = 50) -> QuerySet[ConsultationLog]:
    return (
        ConsultationLog.objects.filter(provider=provider)
        .prefetch_related("students__student", "students__service_line", "strategies")
        .order_by("-date", "-pk")[:count]
    )
