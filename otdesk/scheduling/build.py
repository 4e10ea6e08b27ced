"""From the database to the engine and back: a provider's week as a scheduling instance,
and a solved plan as their weekly plan (PlannedSession rows)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import PlannedSession, SessionType
from otdesk.delivery.permissions import students_served_by
from otdesk.schools.models import BellBlock, BlockKind, Grade, SchoolAssignment
from otdesk.students.models import (
    IEP,
    PULL_OUT_MODELS,
    DeliveryModel,
    Goal,
    Location,
    ServiceKind,
    ServiceLine,
    SkillArea,
)

from .engine import PULL_OUT, PUSH_IN, Activity, Instance, Plan, Window

DAY_NAMES = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4}
DEFAULT_TRAVEL = 15  # minutes between two schools, until travel times are entered
CLASS_KINDS = {
    BlockKind.WRITING,
    BlockKind.MATH,
    BlockKind.READING,
    BlockKind.CENTERS,
    BlockKind.CORE,
}
PROTECTED_KINDS = {BlockKind.READING, BlockKind.MATH}  # core instruction: no pull-out
# A push-in session fits best in the block that exercises the goal.
TAGS_FOR_AREA = {
    SkillArea.FINE_MOTOR: {"writing", "centers"},
    SkillArea.VISUAL_MOTOR: {"writing", "math"},
    SkillArea.STRENGTHENING: {"centers"},
    SkillArea.POSTURE: {"writing", "reading"},
    SkillArea.SENSORY: {"centers", "core"},
    SkillArea.SELF_CARE: {"centers"},
}


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def weekly_sessions(line: ServiceLine) -> tuple[int, int]:
    """(minutes per session, sessions per week) for a line, monthly and yearly spread by week."""
    if line.period == "week":
        weekly = line.minutes
    elif line.period == "month":
        # The same every week for now; a 3:1 line's off week is left to the therapist.
        weekly = round(line.minutes * 12 / 52)
    else:
        weekly = round(line.minutes / 36)  # a school year has about 36 weeks
    weekly = max(15, 5 * round(weekly / 5))
    sessions = 2 if weekly > 45 else 1
    return 5 * max(3, round(weekly / sessions / 5)), sessions


@dataclass
class Built:
    instance: Instance
    lines: dict[str, list[ServiceLine]]  # activity key -> the lines it serves (a group: several)


GRADE_ORDER = [value for value, _ in Grade.choices]
GRADE_BAND = 1  # students in one group are at most this many grades apart


def form_groups(lines: list[ServiceLine], areas: dict[int, set[str]]) -> list[list[ServiceLine]]:
    """Pull-out group lines of one school, grouped when the grades are close and the goals
    share a skill area, up to the smallest group size any member's IEP allows."""
    groups: list[list[ServiceLine]] = []
    pool = sorted(
        lines,
        key=lambda ln: (ln.iep.student.school_id, GRADE_ORDER.index(ln.iep.student.grade), ln.pk),
    )
    while pool:
        first = pool.pop(0)
        group = [first]
        for other in list(pool):
            cap = min(line.group_size for line in [*group, other])
            if len(group) >= cap:
                break
            same_school = other.iep.student.school_id == first.iep.student.school_id
            grades = [GRADE_ORDER.index(ln.iep.student.grade) for ln in [*group, other]]
            shared = set.intersection(*(areas[ln.iep.student_id] for ln in [*group, other]))
            if same_school and max(grades) - min(grades) <= GRADE_BAND and shared:
                group.append(other)
                pool.remove(other)
        groups.append(group)
    return groups


def build_instance(provider: User, *, today: dt.date) -> Built:
    students = list(students_served_by(provider).select_related("school", "classroom"))
    lines = list(
        ServiceLine.objects.filter(
            iep__student__in=students,
            iep__status=IEP.Status.ACTIVE,
            kind=ServiceKind.DIRECT,
            start_date__lte=today,
            end_date__gte=today,
        ).select_related("iep__student__school", "iep__student__classroom")
    )
    assignments = SchoolAssignment.objects.filter(person=provider, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    school_days: dict[int, set[str]] = defaultdict(set)
    for a in assignments:
        for name in (a.days or "Mon Tue Wed Thu Fri").split():
            if name in DAY_NAMES:
                school_days[DAY_NAMES[name]].add(str(a.school_id))
    blocks = list(BellBlock.objects.filter(school__in={s.school_id for s in students}))
    hours: dict[str, tuple[int, int]] = {}
    windows: dict[str, list[Window]] = defaultdict(list)
    protected_by_school: dict[str, list[Window]] = defaultdict(list)
    for block in blocks:
        school = str(block.school_id)
        first, last = hours.get(school, (24 * 60, 0))
        hours[school] = (min(first, _minutes(block.start)), max(last, _minutes(block.end)))
        window = Window(block.weekday, _minutes(block.start), _minutes(block.end), block.kind)
        if block.kind in CLASS_KINDS:
            windows[school].append(window)
        if block.kind in PROTECTED_KINDS:
            protected_by_school[school].append(window)
    goals: dict[int, set[str]] = defaultdict(set)
    areas: dict[int, set[str]] = defaultdict(set)
    for student_id, area in Goal.objects.filter(
        iep__student__in=students, status=Goal.Status.ACTIVE
    ).values_list("iep__student_id", "area"):
        goals[student_id] |= TAGS_FOR_AREA.get(SkillArea(area), set())
        areas[student_id].add(area)
    groupable = [ln for ln in lines if ln.delivery_model in PULL_OUT_MODELS and ln.group_size > 1]
    units = form_groups(groupable, areas) + [[ln] for ln in lines if ln not in groupable]
    activities = []
    protected: dict[str, list[Window]] = {}
    keyed: dict[str, list[ServiceLine]] = {}
    for unit in units:
        lead = unit[0]
        school = str(lead.iep.student.school_id)
        if school not in hours:
            continue
        sizes = [weekly_sessions(line) for line in unit]
        minutes = max(m for m, _ in sizes)
        sessions = max(n for _, n in sizes)
        kind = PULL_OUT if lead.delivery_model in PULL_OUT_MODELS else PUSH_IN
        key = "line-" + "-".join(str(line.pk) for line in unit)
        keyed[key] = unit
        who = tuple(str(line.iep.student_id) for line in unit)
        activities.append(
            Activity(
                key,
                who,
                school,
                minutes,
                sessions,
                kind,
                class_windows=windows[school] if kind == PUSH_IN else [],
                preferred_tags=frozenset(goals[lead.iep.student_id]),
            )
        )
        for student in who:
            protected[student] = protected_by_school[school]
    # Locked sessions stay as they are: their time is simply not available.
    busy = [
        Window(p.weekday, _minutes(p.start), _minutes(p.start) + p.minutes, "locked session")
        for p in PlannedSession.objects.filter(provider=provider, locked=True)
    ]
    travel = {(a, b): DEFAULT_TRAVEL for a in hours for b in hours if a < b}
    instance = Instance(
        activities=activities,
        school_days=dict(school_days),
        school_hours=hours,
        travel=travel,
        therapist_busy=busy,
        protected=protected,
    )
    return Built(instance=instance, lines=keyed)


SESSION_TYPE = {PUSH_IN: SessionType.PUSH_IN, PULL_OUT: SessionType.PULL_OUT_INDIVIDUAL}


@transaction.atomic
def apply_plan(*, provider: User, built: Built, plan: Plan, today: dt.date) -> int:
    """Replace the provider's unlocked weekly plan with the solved one, from today on."""
    old = PlannedSession.objects.filter(provider=provider, locked=False).filter(
        Q(active_until__isnull=True) | Q(active_until__gte=today)
    )
    old.filter(active_from__gte=today).delete()
    old.update(active_until=today - dt.timedelta(days=1))
    created = 0
    for p in plan.placements:
        unit = built.lines[p.activity]
        line = unit[0]
        student = line.iep.student
        in_class = line.delivery_model not in PULL_OUT_MODELS
        if len(unit) > 1:
            session_type = SessionType.PULL_OUT_GROUP
        elif line.delivery_model == DeliveryModel.CO_TEACHING:
            session_type = SessionType.CO_TEACHING
        else:
            session_type = SESSION_TYPE[PUSH_IN if in_class else PULL_OUT]
        planned = PlannedSession.objects.create(
            provider=provider,
            weekday=p.day,
            start=dt.time(p.start // 60, p.start % 60),
            minutes=p.minutes,
            school_id=student.school_id,
            classroom=student.classroom if in_class else None,
            session_type=session_type,
            location=line.location if in_class else Location.THERAPY_ROOM,
            active_from=today,
            reason=p.reason[:200],
        )
        planned.students.set([ln.iep.student for ln in unit])
        created += 1
    record_event(
        user=provider,
        action=AuditEvent.Action.UPDATE,
        obj=provider,
        student_id=None,
        summary=f"Generated the weekly plan: {created} sessions",
    )
    return created
