"""From the database to the engine: a provider's week as a scheduling instance (services.py
puts a solved plan into use as PlannedSession rows)."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q

from otdesk.accounts.models import Role, User
from otdesk.core.http import parse_id
from otdesk.delivery.models import PlannedSession, SessionType
from otdesk.schools.models import BellBlock, Grade, SchoolAssignment, TravelTime
from otdesk.students.models import (
    IEP,
    PULL_OUT_MODELS,
    Goal,
    Period,
    ServiceKind,
    ServiceLine,
    SkillArea,
    Student,
    TeamMember,
    TeamRole,
    UnavailableTime,
)
from otdesk.students.permissions import served_students

from .engine import ALL_WEEKS, PULL_OUT, PUSH_IN, Activity, Instance, Plan, Weights, Window
from .explain import explain
from .models import FixedTime, ScheduleSettings
from .rules import (
    BLOCKS_FOR_AREA,
    CLASS_KINDS,
    DEFAULT_TRAVEL,
    Block,
    effective_blocks,
    minutes_of,
)

SPREAD = {1: ["1", "2", "3", "4"], 2: ["13", "24"], 3: ["123"]}


def _split(weekly: int) -> tuple[int, int]:
    """(minutes per session, sessions) for the minutes of one week: two sessions above 45."""
    weekly = max(15, 5 * round(weekly / 5))
    sessions = 2 if weekly > 45 else 1
    return 5 * max(3, round(weekly / sessions / 5)), sessions


def line_pattern(line: ServiceLine) -> tuple[int, int, str]:
    """(minutes per session, sessions in a week it runs, weeks of the four-week cycle).

    A weekly line runs every week. A 3:1 monthly line gives its month in weeks 1-3 of each
    four and leaves the fourth for consultation. Other monthly lines (a month taken as four
    weeks) and yearly lines (36 school weeks, so nine cycles) run every week when that
    makes sessions of at least 15 minutes; smaller ones run in one, two or three weeks of
    four, staggered between students so the therapist's weeks stay even."""
    if line.period == Period.WEEK:
        return (*_split(line.minutes), ALL_WEEKS)
    if line.period == Period.MONTH and line.three_one:
        return (*_split(round(line.minutes / 3)), "123")
    per_cycle = line.minutes if line.period == Period.MONTH else round(line.minutes / 9)
    if per_cycle > 90:
        return (*_split(round(per_cycle / 4)), ALL_WEEKS)
    runs = min(3, max(1, -(-per_cycle // 30)))  # sessions of about 30 minutes at most
    minutes = 5 * max(3, round(per_cycle / runs / 5))
    choices = SPREAD[runs]
    return minutes, 1, choices[(line.pk or 0) % len(choices)]


@dataclass
class Built:
    instance: Instance
    lines: dict[str, list[ServiceLine]]  # activity key -> the lines it serves (a group: several)


GRADE_ORDER = [value for value, _ in Grade.choices]


@dataclass(frozen=True)
class GroupRules:
    grade_band: int = 1  # students in one group are at most this many grades apart
    shared_goal_area: bool = True
    max_group_size: int = 4
    enabled: bool = True  # the therapist's weight for groups is above 0


def settings_for(provider: User) -> tuple[GroupRules, Weights]:
    found = ScheduleSettings.objects.filter(provider=provider).first()
    if found is None:
        return GroupRules(), Weights()
    return (
        GroupRules(
            found.grade_band, found.shared_goal_area, found.max_group_size, found.weight_groups > 0
        ),
        Weights(
            goal_block=found.weight_goal_block,
            fewer_switches=found.weight_fewer_switches,
            even_spread=found.weight_even_spread,
            groups=found.weight_groups,
        ),
    )


def form_groups(
    lines: list[ServiceLine], areas: dict[int, set[str]], rules: GroupRules | None = None
) -> list[list[ServiceLine]]:
    """Pull-out group lines of one school, grouped when the grades are close, the goals
    share a skill area (if the rules ask) and the lines run in the same weeks, up to the
    smallest group size any member's IEP allows and the therapist's maximum."""
    rules = rules or GroupRules()
    groups: list[list[ServiceLine]] = []
    pool = sorted(
        lines,
        key=lambda ln: (ln.iep.student.school_id, GRADE_ORDER.index(ln.iep.student.grade), ln.pk),
    )
    while pool:
        first = pool.pop(0)
        group = [first]
        if not rules.enabled:
            groups.append(group)
            continue
        for other in list(pool):
            cap = min([rules.max_group_size] + [line.group_size for line in [*group, other]])
            if len(group) >= cap:
                break
            same_school = other.iep.student.school_id == first.iep.student.school_id
            same_weeks = line_pattern(other)[2] == line_pattern(first)[2]
            grades = [GRADE_ORDER.index(ln.iep.student.grade) for ln in [*group, other]]
            shared = set.intersection(*(areas[ln.iep.student_id] for ln in [*group, other]))
            close = max(grades) - min(grades) <= rules.grade_band
            if same_school and same_weeks and close and (shared or not rules.shared_goal_area):
                group.append(other)
                pool.remove(other)
        groups.append(group)
    return groups


def _window(block: Block) -> Window:
    return Window(block.weekday, block.start, block.end, block.kind)


def scheduled_students(provider: User, *, today: dt.date) -> list[Student]:
    """The students whose direct sessions this provider plans, so that no student is in
    two therapists' plans: a student whose sessions another therapist already plans stays
    with them; a student nobody plans yet goes to the OT (a COTA plans a student only
    when no OT is on the team, or when she already holds the student's sessions)."""
    served = list(served_students(provider, on=today).select_related("school", "classroom"))
    current = (
        PlannedSession.objects.filter(students__in=served)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .exclude(active_from=F("active_until"))
        .values_list("provider_id", "students")
    )
    mine = {student for who, student in current if who == provider.pk}
    theirs = {student for who, student in current if who != provider.pk}
    with_ot = set()
    if provider.role == Role.COTA:
        with_ot = set(
            TeamMember.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today),
                student__in=served,
                role=TeamRole.OT,
                start_date__lte=today,
            ).values_list("student_id", flat=True)
        )
    return [s for s in served if s.pk in mine or (s.pk not in theirs and s.pk not in with_ot)]


def build_instance(provider: User, *, today: dt.date) -> Built:
    """The provider's week as the engine sees it, from everything entered in OT Desk."""
    students = scheduled_students(provider, today=today)
    lines = list(
        ServiceLine.objects.filter(
            iep__student__in=students,
            iep__status=IEP.Status.ACTIVE,
            kind=ServiceKind.DIRECT,
            start_date__lte=today,
            end_date__gte=today,
        )
        .select_related("iep__student__school", "iep__student__classroom")
        .order_by("pk")  # the same instance from the same rows, on any database
    )
    assignments = SchoolAssignment.objects.filter(person=provider, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    school_days: dict[int, set[str]] = defaultdict(set)
    for a in assignments:
        for day in a.weekdays:
            school_days[day].add(str(a.school_id))
    school_ids = {s.school_id for s in students}
    school_blocks: dict[int, list[Block]] = defaultdict(list)
    class_blocks: dict[int, list[Block]] = defaultdict(list)
    for bell in BellBlock.objects.filter(school__in=school_ids).order_by("pk"):
        block = Block(
            bell.weekday,
            minutes_of(bell.start),
            minutes_of(bell.end),
            bell.name,
            bell.kind,
            bell.protected,
        )
        if bell.classroom_id:
            class_blocks[bell.classroom_id].append(block)
        else:
            school_blocks[bell.school_id].append(block)
    hours: dict[str, tuple[int, int]] = {}
    for school_id, blocks in school_blocks.items():
        hours[str(school_id)] = (min(b.start for b in blocks), max(b.end for b in blocks))

    def blocks_of(student: Student) -> list[Block]:
        return [
            b
            for day in range(5)
            for b in effective_blocks(
                school_blocks[student.school_id],
                class_blocks.get(student.classroom_id or 0, []),
                day,
            )
        ]

    goals: dict[int, set[str]] = defaultdict(set)
    areas: dict[int, set[str]] = defaultdict(set)
    for student_id, area in Goal.objects.filter(
        iep__student__in=students, status=Goal.Status.ACTIVE
    ).values_list("iep__student_id", "area"):
        goals[student_id] |= BLOCKS_FOR_AREA.get(area, set())
        areas[student_id].add(area)
    rules, weights = settings_for(provider)
    groupable = [ln for ln in lines if ln.delivery_model in PULL_OUT_MODELS and ln.group_size > 1]
    units = form_groups(groupable, areas, rules) + [[ln] for ln in lines if ln not in groupable]
    activities = []
    protected: dict[str, list[Window]] = {}
    keyed: dict[str, list[ServiceLine]] = {}
    for unit in units:
        lead = unit[0]
        student = lead.iep.student
        school = str(student.school_id)
        if school not in hours:
            continue
        patterns = [line_pattern(line) for line in unit]
        minutes = max(m for m, _, _ in patterns)
        sessions = max(n for _, n, _ in patterns)
        kind = PULL_OUT if lead.delivery_model in PULL_OUT_MODELS else PUSH_IN
        key = activity_key(unit)
        keyed[key] = unit
        who = tuple(str(line.iep.student_id) for line in unit)
        lead_areas = sorted(areas[student.pk])
        goal_words = (
            f"the {SkillArea(lead_areas[0]).label.lower()} goal" if len(lead_areas) == 1 else ""
        )
        activities.append(
            Activity(
                key,
                who,
                school,
                minutes,
                sessions,
                kind,
                class_windows=[_window(b) for b in blocks_of(student) if b.kind in CLASS_KINDS]
                if kind == PUSH_IN
                else [],
                preferred_tags=frozenset(goals[student.pk]),
                weeks=patterns[0][2],
                cap=min([line.group_size for line in unit] + [rules.max_group_size])
                if len(unit) > 1
                else None,
                goal_words=goal_words,
            )
        )
        for line in unit:
            member = line.iep.student
            protected[str(member.pk)] = [_window(b) for b in blocks_of(member) if b.protected]
    # Locked sessions stay as they are: their time is simply not available, and each one
    # counts as a session of the lines of its students, so they are not placed again. So
    # do weekly meetings and protected professional time (one-off meetings are kept by the
    # calendar and the make-up planner, not by the weekly template).
    locked = list(
        PlannedSession.objects.filter(provider=provider, locked=True, makeup_for=None)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .exclude(active_from=F("active_until"))
        .prefetch_related("students")
    )
    busy = [
        Window(p.weekday, minutes_of(p.start), minutes_of(p.start) + p.minutes, "locked session")
        for p in locked
    ]
    kept: dict[str, int] = defaultdict(int)
    for p in locked:
        for act in activities:
            if set(act.students) & {str(s.pk) for s in p.students.all()}:
                kept[act.key] += 1
    for act in activities:
        act.sessions = max(0, act.sessions - kept[act.key])
    activities = [act for act in activities if act.sessions > 0]
    # A student's sessions with another therapist are times the student is not free.
    unavailable: dict[str, list[Window]] = defaultdict(list)
    for other in (
        PlannedSession.objects.filter(students__in=students)
        .exclude(provider=provider)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .exclude(active_from=F("active_until"))
        .prefetch_related("students")
        .distinct()
    ):
        start = minutes_of(other.start)
        for student in other.students.all():
            unavailable[str(student.pk)].append(
                Window(other.weekday, start, start + other.minutes, "another therapist's session")
            )
    busy += [
        Window(f.weekday, minutes_of(f.start), minutes_of(f.end), f.title)
        for f in FixedTime.objects.filter(provider=provider, date__isnull=True)
    ]
    for u in UnavailableTime.objects.filter(student__in=students):
        unavailable[str(u.student_id)].append(
            Window(u.weekday, minutes_of(u.start), minutes_of(u.end), u.reason)
        )
    entered = {
        (str(t.school_a_id), str(t.school_b_id)): t.minutes
        for t in TravelTime.objects.filter(school_a__in=school_ids, school_b__in=school_ids)
    }
    travel: dict[tuple[str, str], int] = {}
    for one in hours:
        for two in hours:
            if one < two:
                travel[(one, two)] = entered.get(
                    (one, two), entered.get((two, one), DEFAULT_TRAVEL)
                )
    instance = Instance(
        activities=activities,
        school_days=dict(school_days),
        school_hours=hours,
        travel=travel,
        therapist_busy=busy,
        protected=protected,
        unavailable=dict(unavailable),
        weights=weights,
    )
    return Built(instance=instance, lines=keyed)


SESSION_TYPE = {PUSH_IN: SessionType.PUSH_IN, PULL_OUT: SessionType.PULL_OUT_INDIVIDUAL}


AT_SCHOOL_ID = re.compile(r"\bat (\d+)\.")  # the engine names a school by its id


def named_explanations(built: Built, plan: Plan) -> list[str]:
    """Why minutes were not placed, with the students' names instead of the engine's ids."""
    lines = [line for unit in built.lines.values() for line in unit]
    names = {str(line.iep.student_id): line.iep.student.full_name for line in lines}
    schools = {str(line.iep.student.school_id): line.iep.student.school.name for line in lines}
    out = []
    for text in explain(built.instance, plan):
        who, sep, rest = text.partition(":")
        if not sep:
            out.append(text)
            continue
        named = ", ".join(names.get(part.strip(), part.strip()) for part in who.split(","))
        # "no day at 12." names the school by its id inside the engine.
        rest = AT_SCHOOL_ID.sub(lambda m: f"at {schools.get(m[1], m[1])}.", rest)
        out.append(f"{named}:{rest}")
    return out


def activity_key(unit: list[ServiceLine]) -> str:
    """The engine's name for the session of these service lines: 'line-12' or 'line-12-13'."""
    return "line-" + "-".join(str(line.pk) for line in unit)


def line_ids(key: str) -> list[int]:
    """The service line ids an activity key names (none for a key of another shape)."""
    if not key.startswith("line-"):
        return []
    ids = [parse_id(part) for part in key.removeprefix("line-").split("-")]
    return [pk for pk in ids if pk is not None]
