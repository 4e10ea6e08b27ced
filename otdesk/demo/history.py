"""A semester of synthetic delivery history for the demo district.

Each provider gets a weekly plan built greedily from their students' direct service lines
and the schools' bell schedules; then every school day from the start of the year to
yesterday plays out: most sessions happen, some are missed for each reason, some misses
are made up a few days later, a few entries are voided. Same seed, same history.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from otdesk.accounts.models import User
from otdesk.core.times import minutes_of, time_of
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import (
    Assistance,
    Attendance,
    GoalData,
    MissedSession,
    MissReason,
    PlannedSession,
    Session,
    SessionStudent,
    SessionType,
)
from otdesk.delivery.services import line_for
from otdesk.schools.models import BellBlock, BlockKind, District, School, SchoolAssignment
from otdesk.students.models import (
    IEP,
    PULL_OUT_MODELS,
    DeliveryModel,
    Goal,
    Location,
    ServiceKind,
    ServiceLine,
    SkillArea,
    Student,
    TeamMember,
    TeamRole,
)

# Where each kind of session goes, best first.
IN_CLASS = [BlockKind.WRITING, BlockKind.CENTERS, BlockKind.MATH, BlockKind.READING, BlockKind.CORE]
# Never reading or math: the demo protects core instruction from pull-out.
PULL_OUT = [BlockKind.CENTERS, BlockKind.CORE, BlockKind.SPECIALS]
BLOCKS_FOR: dict[str, list[BlockKind]] = {
    SessionType.PUSH_IN: IN_CLASS,
    SessionType.CO_TEACHING: IN_CLASS,
    SessionType.PULL_OUT_INDIVIDUAL: PULL_OUT,
    SessionType.PULL_OUT_GROUP: PULL_OUT,
}
NOTES = [
    (
        "Ready to work; chose the slant board.",
        "Completed the task with two verbal cues.",
        "Grip is steadier than last week.",
        "Continue; fade cues.",
    ),
    (
        "Teacher reports a hard morning.",
        "Needed a movement break before starting.",
        "Regulation improved after heavy work.",
        "Start with wall push-ups next time.",
    ),
    (
        "Excited about the craft.",
        "Cut the curved line within 1/4 inch on 3 of 5 tries.",
        "Scissor control is emerging.",
        "Move to thicker paper.",
    ),
]


def _minutes_per_week(line: ServiceLine) -> int:
    if line.period == "week":
        weekly = line.minutes
    elif line.period == "month":
        weekly = round(line.minutes * 12 / 52)
    else:
        weekly = round(line.minutes / 36)
    return max(15, 5 * round(weekly / 5))


def _session_type(line: ServiceLine) -> str:
    if line.delivery_model == DeliveryModel.CO_TEACHING:
        return SessionType.CO_TEACHING
    if line.delivery_model in PULL_OUT_MODELS:
        return (
            SessionType.PULL_OUT_GROUP if line.group_size > 1 else SessionType.PULL_OUT_INDIVIDUAL
        )
    return SessionType.PUSH_IN


def _location(session_type: str, student: Student) -> str:
    if session_type in (SessionType.PULL_OUT_GROUP, SessionType.PULL_OUT_INDIVIDUAL):
        return Location.THERAPY_ROOM
    classroom = student.classroom
    return (
        Location.SPECIAL_ED if classroom and classroom.is_special_education else Location.GENERAL_ED
    )


@dataclass
class Need:
    """Students to see together, how long and how often each week."""

    students: list[Student]
    session_type: str
    minutes: int
    per_week: int
    prefers_writing: bool = False
    slots: list[tuple[int, dt.time]] = field(default_factory=list)


def build_plans(
    *, district: District, today: dt.date, rng: random.Random
) -> dict[User, list[PlannedSession]]:
    year_start = district.school_year_start
    providers = list(
        User.objects.filter(district=district, role__in=["ot", "cota"]).order_by("username")
    )
    cota_students = set(
        TeamMember.objects.filter(role=TeamRole.COTA).values_list("student_id", flat=True)
    )
    lines = list(
        ServiceLine.objects.filter(
            iep__student__school__district=district,
            iep__status=IEP.Status.ACTIVE,
            kind=ServiceKind.DIRECT,
            start_date__lte=today,
            end_date__gte=today,
        ).select_related("iep__student__classroom", "iep__student__school")
    )
    writing_goals = set(
        Goal.objects.filter(area__in=[SkillArea.FINE_MOTOR, SkillArea.VISUAL_MOTOR]).values_list(
            "iep__student_id", flat=True
        )
    )
    team = TeamMember.objects.filter(
        student__school__district=district, role__in=[TeamRole.OT, TeamRole.COTA]
    ).values_list("student_id", "person_id", "role")
    # The COTA sees the students assigned to her; the OT plans everyone else's sessions.
    owner: dict[int, int] = {}
    for student_id, person_id, role in team:
        if role == TeamRole.COTA or student_id not in cota_students:
            owner.setdefault(student_id, person_id)
    blocks: dict[tuple[int, int], list[BellBlock]] = defaultdict(list)
    for block in BellBlock.objects.filter(school__district=district):
        blocks[(block.school_id, block.weekday)].append(block)
    days_at: dict[tuple[int, int], list[int]] = {
        (assignment.person_id, assignment.school_id): assignment.weekdays
        for assignment in SchoolAssignment.objects.filter(person__in=providers).order_by("pk")
    }

    plans: dict[User, list[PlannedSession]] = {}
    for provider in providers:
        mine = [line for line in lines if owner.get(line.iep.student_id) == provider.pk]
        needs: list[Need] = []
        groups: dict[tuple[int, str, int], list[ServiceLine]] = defaultdict(list)
        for line in mine:
            student = line.iep.student
            session_type = _session_type(line)
            if session_type == SessionType.PULL_OUT_GROUP:
                groups[(student.school_id, session_type, line.group_size)].append(line)
            elif session_type == SessionType.CO_TEACHING:
                groups[(student.classroom_id or 0, session_type, line.group_size)].append(line)
            else:
                weekly = _minutes_per_week(line)
                per_week = 2 if weekly > 45 else 1
                needs.append(
                    Need(
                        [student],
                        session_type,
                        weekly // per_week,
                        per_week,
                        student.pk in writing_goals,
                    )
                )
        for (_, session_type, cap), members in sorted(groups.items(), key=lambda kv: str(kv[0])):
            for i in range(0, len(members), cap):
                chunk = members[i : i + cap]
                weekly = max(_minutes_per_week(line) for line in chunk)
                per_week = 2 if weekly > 45 else 1
                needs.append(
                    Need(
                        [line.iep.student for line in chunk],
                        session_type,
                        weekly // per_week,
                        per_week,
                    )
                )
        busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
        planned: list[PlannedSession] = []
        for index, need in enumerate(needs):
            school = need.students[0].school
            days = days_at.get((provider.pk, school.pk), [])
            if not days:
                continue
            offset = index % len(days)
            placed = 0
            for k in range(len(days)):
                if placed == need.per_week:
                    break
                weekday = days[(offset + k) % len(days)]
                if any(w == weekday for w, _ in need.slots):
                    continue
                start = _find_slot(blocks[(school.pk, weekday)], need, busy[weekday])
                if start is None:
                    continue
                busy[weekday].append((start, start + need.minutes + 5))
                need.slots.append((weekday, time_of(start)))
                placed += 1
            for weekday, start_time in need.slots:
                plan = PlannedSession.objects.create(
                    provider=provider,
                    weekday=weekday,
                    start=start_time,
                    minutes=need.minutes,
                    school=school,
                    classroom=need.students[0].classroom
                    if need.session_type in (SessionType.PUSH_IN, SessionType.CO_TEACHING)
                    else None,
                    session_type=need.session_type,
                    location=_location(need.session_type, need.students[0]),
                    active_from=year_start,
                )
                plan.students.set(need.students)
                planned.append(plan)
        plans[provider] = planned
    return plans


def _find_slot(blocks: list[BellBlock], need: Need, busy: list[tuple[int, int]]) -> int | None:
    kinds = list(BLOCKS_FOR[need.session_type])
    if need.prefers_writing and BlockKind.WRITING in kinds:
        kinds.remove(BlockKind.WRITING)
        kinds.insert(0, BlockKind.WRITING)
    for kind in kinds:
        for block in blocks:
            if block.kind != kind:
                continue
            start, end = minutes_of(block.start), minutes_of(block.end)
            for t in range(start, end - need.minutes + 1, 5):
                if all(t + need.minutes + 5 <= b0 or t >= b1 for b0, b1 in busy):
                    return t
    return None


def play_history(
    *,
    district: District,
    plans: dict[User, list[PlannedSession]],
    today: dt.date,
    rng: random.Random,
) -> None:
    """Every school day from the plans' start to yesterday, with misses and make-ups."""
    cal = SchoolCalendar.for_district(district)
    first = min((p.active_from for ps in plans.values() for p in ps), default=today)
    # The last school day before today is left to log, so Today has work on first run.
    days = cal.school_days(first, today - dt.timedelta(days=1))[:-1]
    if not days:
        return
    lines_by_student: dict[int, list[ServiceLine]] = defaultdict(list)
    for line in ServiceLine.objects.filter(
        iep__student__school__district=district,
        iep__status=IEP.Status.ACTIVE,
        kind=ServiceKind.DIRECT,
    ):
        lines_by_student[line.iep.student_id].append(line)
    goals_by_student: dict[int, list[Goal]] = defaultdict(list)
    for goal in Goal.objects.filter(iep__student__school__district=district).select_related("iep"):
        goals_by_student[goal.iep.student_id].append(goal)
    schools = list(School.objects.filter(district=district).order_by("pk"))
    provider_absent = {provider.pk: set(rng.sample(days, min(2, len(days)))) for provider in plans}
    closure_day = days[len(days) // 2]
    closed_school = schools[0].pk if schools else None
    testing_day = days[len(days) // 3]

    students_of = {
        plan.pk: list(plan.students.all())
        for plan in PlannedSession.objects.filter(
            pk__in=[p.pk for ps in plans.values() for p in ps]
        ).prefetch_related("students")
    }
    sessions: list[Session] = []
    pending: list[tuple[Session, list[tuple[Student, ServiceLine, str, str, bool]]]] = []
    misses: list[MissedSession] = []
    for day in days:
        for provider, provider_plans in plans.items():
            for plan in provider_plans:
                if not plan.active_on(day):
                    continue
                students = students_of[plan.pk]
                whole_reason = ""
                if day in provider_absent[provider.pk]:
                    whole_reason = MissReason.PROVIDER_ABSENT
                elif day == closure_day and plan.school_id == closed_school:
                    whole_reason = MissReason.SCHOOL_CLOSURE
                elif rng.random() < 0.025:
                    whole_reason = MissReason.PROVIDER_PULLED
                rows = []
                for student in students:
                    credited = line_for(
                        [ln for ln in lines_by_student[student.pk] if ln.in_force_on(day)],
                        plan.session_type,
                    )
                    if credited is None:
                        continue
                    if whole_reason:
                        misses.append(
                            _miss(student, credited, provider, plan, day, whole_reason, "")
                        )
                        continue
                    roll = rng.random()
                    reason, detail = "", ""
                    if day == testing_day and student.grade in {"3", "4", "5", "6", "7", "8"}:
                        reason, detail = MissReason.STUDENT_UNAVAILABLE, "state testing"
                    elif roll < 0.045:
                        reason = MissReason.STUDENT_ABSENT
                    elif roll < 0.06:
                        reason, detail = (
                            MissReason.STUDENT_UNAVAILABLE,
                            rng.choice(["field trip", "assembly"]),
                        )
                    elif roll < 0.07:
                        reason = MissReason.STUDENT_REFUSED
                    targeted = rng.random() > 0.08
                    rows.append((student, credited, reason, detail, targeted))
                if not rows or all(r[2] for r in rows):
                    for student, line, reason, detail, _ in rows:
                        misses.append(_miss(student, line, provider, plan, day, reason, detail))
                    continue
                note = rng.choice(NOTES)
                session = Session(
                    provider=provider,
                    planned=plan,
                    date=day,
                    start=plan.start,
                    minutes=plan.minutes,
                    session_type=plan.session_type,
                    location=plan.location,
                    school_id=plan.school_id,
                    activities=rng.choice(
                        [
                            "Theraputty hide-and-find; lacing card",
                            "Clothespin race; tongs sort",
                            "Cutting a spiral; sticker sheet",
                            "Animal walks; wall push-ups",
                        ]
                    ),
                    subjective=note[0],
                    objective=note[1],
                    assessment=note[2],
                    plan=note[3],
                    status=Session.Status.SIGNED
                    if day < today - dt.timedelta(days=3)
                    else Session.Status.DRAFT,
                )
                sessions.append(session)
                pending.append((session, rows))

    Session.objects.bulk_create(sessions)
    for session in sessions:
        if session.status == Session.Status.SIGNED:
            session.signed_at = dt.datetime.combine(session.date, dt.time(16, 0), tzinfo=dt.UTC)
    Session.objects.bulk_update([s for s in sessions if s.signed_at], ["signed_at"], batch_size=500)
    records: list[SessionStudent] = []
    absent_misses: list[MissedSession] = []
    for session, rows in pending:
        for student, line, reason, detail, targeted in rows:
            present = not reason
            records.append(
                SessionStudent(
                    session=session,
                    student=student,
                    service_line=line,
                    attendance=Attendance.PRESENT if present else Attendance.ABSENT,
                    absence_reason=reason,
                    targeted_service=targeted if present else False,
                )
            )
            if not present:
                miss = _miss(
                    student, line, session.provider, session.planned, session.date, reason, detail
                )
                miss.session = session
                absent_misses.append(miss)
    SessionStudent.objects.bulk_create(records, batch_size=500)
    MissedSession.objects.bulk_create(misses + absent_misses, batch_size=500)

    goal_data = []
    for record in records:
        goals = goals_by_student.get(record.student_id, [])
        if record.attendance == Attendance.PRESENT and goals and rng.random() < 0.6:
            trials = 5
            goal_data.append(
                GoalData(
                    record=record,
                    goal=rng.choice(goals),
                    trials=trials,
                    correct=rng.randint(1, trials),
                    assistance=rng.choice(list(Assistance)),
                )
            )
    GoalData.objects.bulk_create(goal_data, batch_size=500)

    _make_up(misses, days, today, rng)
    # A couple of honest mistakes, voided and kept.
    for session in sessions[5 :: max(1, len(sessions) // 3)][:2]:
        session.status = Session.Status.VOIDED
        session.voided_at = dt.datetime.combine(session.date, dt.time(17, 0), tzinfo=dt.UTC)
        session.voided_by = session.provider
        session.void_reason = "Logged twice by mistake"
        session.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])


def _miss(
    student: Student,
    line: ServiceLine,
    provider: User,
    plan: PlannedSession | None,
    day: dt.date,
    reason: str,
    detail: str,
) -> MissedSession:
    return MissedSession(
        student=student,
        service_line=line,
        provider=provider,
        planned=plan,
        date=day,
        minutes=plan.minutes if plan else 30,
        reason=reason,
        detail=detail,
    )


def _make_up(
    misses: list[MissedSession], days: list[dt.date], today: dt.date, rng: random.Random
) -> None:
    """Most provider-caused misses get a make-up a few school days later."""
    owed = [
        m for m in misses if m.reason in (MissReason.PROVIDER_ABSENT, MissReason.PROVIDER_PULLED)
    ]
    later: list[tuple[Session, MissedSession]] = []
    for miss in owed:
        if rng.random() > 0.7:
            continue
        candidates = [d for d in days if miss.date < d <= miss.date + dt.timedelta(days=12)]
        if not candidates:
            continue
        day = rng.choice(candidates)
        session = Session(
            provider=miss.provider,
            date=day,
            start=dt.time(14, 0),
            minutes=miss.minutes,
            session_type=SessionType.PULL_OUT_INDIVIDUAL
            if miss.service_line.is_pull_out
            else SessionType.PUSH_IN,
            location=Location.THERAPY_ROOM
            if miss.service_line.is_pull_out
            else Location.GENERAL_ED,
            school_id=miss.student.school_id,
            activities="Make-up session",
            status=Session.Status.SIGNED
            if day < today - dt.timedelta(days=3)
            else Session.Status.DRAFT,
        )
        later.append((session, miss))
    Session.objects.bulk_create([s for s, _ in later])
    SessionStudent.objects.bulk_create(
        SessionStudent(
            session=session,
            student=miss.student,
            service_line=miss.service_line,
            makeup_for=miss,
        )
        for session, miss in later
    )


def generate_history(*, district: District, today: dt.date, seed: int) -> None:
    rng = random.Random(seed + 1)
    plans = build_plans(district=district, today=today, rng=rng)
    play_history(district=district, plans=plans, today=today, rng=rng)
