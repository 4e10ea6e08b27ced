"""The demo's students: each with an IEP (some reviews due or overdue, so the flags show),
service lines in one of a few patterns (so every delivery model and period appears),
goals, a team (OT, sometimes the COTA, an aide, a specialist, the guardians) and classroom
strategies."""

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from otdesk.accounts.models import Role, User
from otdesk.demo.names import FIRST_NAMES, LAST_NAMES, PREFERRED
from otdesk.demo.schools import Staff
from otdesk.schools.models import Classroom, District, School
from otdesk.students.models import (
    IEP,
    DeliveryModel,
    Goal,
    Implementer,
    Location,
    Period,
    PullOutReason,
    ReviewCadence,
    ServiceKind,
    ServiceLine,
    SkillArea,
    Strategy,
    StrategyCategory,
    Student,
    TeamMember,
    TeamRole,
)

THREE_YEARS = dt.timedelta(days=3 * 365)  # a re-evaluation is due at least this often
AGE_IN_GRADE = {"K": 5, "6": 11, "7": 12, "8": 13}
IEP_STATUSES = [
    Strategy.IEPStatus.IN_IEP,
    Strategy.IEPStatus.IN_IEP,
    Strategy.IEPStatus.AGREED,
    Strategy.IEPStatus.REQUESTED,
]
NARRATED_PATTERN = 5  # the IEP whose report narrates the minutes instead of a table
MOTHERS = ["Ana", "Carla", "Elena", "Hana", "Joy"]
FATHERS = ["Ben", "Dev", "Femi", "Gus", "Ian"]

GOAL_TEXT = {
    SkillArea.STRENGTHENING: (
        "will build hand strength to open lunch containers and use a hole punch on their own",
        "opens 1 of 4 lunch containers without help",
        "opens 4 of 4 lunch containers without help",
        "Lunchroom observation, 4 of 5 days",
    ),
    SkillArea.VISUAL_MOTOR: (
        "will copy a sentence from the board with letters on the line and spaces between words",
        "copies 3-word phrases with 40% of letters on the line",
        "copies a 6-word sentence with 80% of letters on the line",
        "Work samples scored with a rubric, every two weeks",
    ),
    SkillArea.FINE_MOTOR: (
        "will cut along a curved line within 1/4 inch using loop scissors, then standard scissors",
        "cuts straight lines within 1/2 inch with loop scissors",
        "cuts curved lines within 1/4 inch with standard scissors in 4 of 5 trials",
        "Trials correct out of 5, therapist data",
    ),
    SkillArea.POSTURE: (
        "will keep an upright seated posture with feet supported for a 15-minute desk task",
        "sits upright for about 4 minutes before slumping or standing",
        "sits upright for 15 minutes with no more than one verbal cue",
        "Minutes of upright sitting, timed observation weekly",
    ),
    SkillArea.SENSORY: (
        "will use a chosen calming strategy to return to a task within 3 minutes",
        "needs adult help to calm down, about 10 minutes each time",
        "returns to the task within 3 minutes in 4 of 5 opportunities",
        "Teacher data sheet, daily",
    ),
    SkillArea.SELF_CARE: (
        "will manage the zipper and buttons of their coat before recess",
        "needs hand-over-hand help to start a zipper",
        "fastens coat independently in 4 of 5 opportunities",
        "Classroom aide checklist, daily",
    ),
}

STRATEGY_TEXT = {
    StrategyCategory.WRITING_TOOL: "Triangular pencil grip for all written work",
    StrategyCategory.SENSORY_EQUIPMENT: "Wiggle cushion on the chair for carpet time and desk work",
    StrategyCategory.SENSORY_DIET: "Movement break with wall push-ups before writing, twice a day",
    StrategyCategory.ENVIRONMENT: "Visual schedule on the desk; noise-reducing headphones offered",
    StrategyCategory.SEATING: "Chair lowered so feet rest flat; footrest box under the desk",
    StrategyCategory.DESK_PLACEMENT: "Desk near the board and away from the door",
    StrategyCategory.LIGHTING: "Seat away from window glare; lamp instead of overhead lights",
    StrategyCategory.ASSISTIVE_TECH: "Word prediction on the class tablet for longer writing",
    StrategyCategory.OTHER: "Slant board for copying tasks",
}


@dataclass(frozen=True)
class LineSpec:
    kind: str  # a ServiceKind, or "step" for a stepped service that changes half-way
    model: DeliveryModel
    minutes: int
    period: Period
    location: Location
    group: int = 1
    reason: str = ""
    three_one: bool = False


D, C = ServiceKind.DIRECT, ServiceKind.CONSULTATION
M = DeliveryModel
CONSULT = M.CONSULTATION
GEN, SPED, ROOM = Location.GENERAL_ED, Location.SPECIAL_ED, Location.THERAPY_ROOM
WEEK, MONTH, YEAR = Period.WEEK, Period.MONTH, Period.YEAR

# One pattern per student in turn, so every delivery model and period kind appears.
PATTERNS: list[list[LineSpec]] = [
    [LineSpec(D, M.PUSH_IN, 30, WEEK, GEN), LineSpec(C, CONSULT, 60, MONTH, GEN)],
    [
        LineSpec(D, M.PULL_OUT, 120, MONTH, ROOM, 3, PullOutReason.SKILL_GAP, three_one=True),
        LineSpec(C, CONSULT, 30, MONTH, GEN),
    ],
    [LineSpec(D, M.CO_TEACHING, 30, WEEK, SPED, 6), LineSpec(C, CONSULT, 15, WEEK, SPED)],
    [
        LineSpec(D, M.PULL_OUT, 20, WEEK, ROOM, 1, PullOutReason.EQUIPMENT),
        LineSpec(C, M.AIDE_PROGRAM, 60, MONTH, GEN),
    ],
    [
        LineSpec(D, M.PUSH_IN_AND_PULL_OUT, 60, MONTH, Location.SCHOOL_WIDE, 2, "disruptive"),
        LineSpec(C, CONSULT, 300, YEAR, GEN),
    ],
    [LineSpec(D, M.PUSH_IN, 900, YEAR, GEN), LineSpec(C, CONSULT, 20, MONTH, GEN)],
    [
        LineSpec("step", M.PULL_OUT, 45, WEEK, ROOM, 2, PullOutReason.OTHER),
        LineSpec(C, CONSULT, 30, MONTH, GEN),
    ],
]


def create_students(
    *,
    district: District,
    schools: list[School],
    classrooms: dict[int, list[Classroom]],
    staff: Staff,
    count: int,
    today: dt.date,
    rng: random.Random,
) -> int:
    """`count` students spread over the schools in turn; returns how many were made."""
    used_names: set[tuple[str, str]] = set()
    guardian_numbers = itertools.count(1)  # for the guardians' usernames
    for n in range(count):
        school = schools[n % 3]
        student = _student(n, school, classrooms[school.pk], used_names, district, rng)
        iep = _iep(n, student, today, rng)
        _service_lines(iep, PATTERNS[n % len(PATTERNS)])
        _goals(n, iep, student)
        _team(n, student, iep.start_date, staff, guardian_numbers, rng)
        _strategies(n, student, iep.start_date, today)
    return count


def _student(
    n: int,
    school: School,
    rooms: list[Classroom],
    used_names: set[tuple[str, str]],
    district: District,
    rng: random.Random,
) -> Student:
    room = rooms[rng.randrange(len(rooms))]
    grade = room.grade or rng.choice([r.grade for r in rooms if r.grade])
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) not in used_names:
            used_names.add((first, last))
            break
    age = AGE_IN_GRADE.get(grade, 5 + int(grade) if grade.isdigit() else 8)
    year_start = district.school_year_start
    birth = dt.date(year_start.year - age, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))
    return Student.objects.create(
        first_name=PREFERRED.get(first, first),
        preferred_name=first if first in PREFERRED else "",
        last_name=last,
        date_of_birth=birth,
        grade=grade,
        school=school,
        classroom=room,
        student_number=f"{100200 + n}",
        state_id=f"IL{7700100 + n * 7}",
        sourced_id=f"stu-{n + 1:04d}",
    )


def _iep(n: int, student: Student, today: dt.date, rng: random.Random) -> IEP:
    """The IEP's dates: a handful have reviews due soon or overdue, so the flags show."""
    if n % 12 == 0:
        iep_start = today - dt.timedelta(days=365 - 5 - (n % 20))  # annual review due soon
    else:
        iep_start = today - dt.timedelta(days=rng.randrange(20, 330))
    iep_start -= dt.timedelta(days=max(0, iep_start.weekday() - 4))  # meetings are on weekdays
    iep_end = iep_start + dt.timedelta(days=364)
    annual_review = iep_end
    if n % 17 == 5:
        annual_review = today - dt.timedelta(days=rng.randrange(2, 12))  # review meeting missed
    if n % 15 == 3:
        reeval = today - dt.timedelta(days=rng.randrange(3, 20))
    elif n % 10 == 7:
        reeval = today + dt.timedelta(days=rng.randrange(5, 28))
    else:
        reeval = today + dt.timedelta(days=rng.randrange(60, 900))
    # Due after the IEP starts and at most three years on (the IEP's own rule).
    reeval = min(max(reeval, iep_start + dt.timedelta(days=1)), iep_start + THREE_YEARS)
    narrated = n % len(PATTERNS) == NARRATED_PATTERN
    return IEP.objects.create(
        student=student,
        start_date=iep_start,
        end_date=iep_end,
        annual_review_due=annual_review,
        reevaluation_due=reeval,
        minutes_narrated_in_report=narrated,
        report_narrative=(
            "OT will support writing and classroom routines for about 25 minutes a week "
            "in class, with regular consultation to the teacher."
            if narrated
            else ""
        ),
    )


def _service_lines(iep: IEP, pattern: list[LineSpec]) -> None:
    """The IEP's lines; a stepped service is pull-out for half the IEP, then push-in."""
    lines = []
    for spec in pattern:
        common = dict(iep=iep, period=spec.period, three_one=spec.three_one, group_size=spec.group)
        if spec.kind == "step":
            middle = iep.start_date + dt.timedelta(days=182)
            lines.append(
                ServiceLine(
                    **common,
                    kind=D,
                    delivery_model=spec.model,
                    minutes=spec.minutes,
                    location=spec.location,
                    start_date=iep.start_date,
                    end_date=middle,
                    pull_out_reason=spec.reason,
                    pull_out_reason_other="Needs the therapy swing for vestibular input",
                )
            )
            lines.append(
                ServiceLine(
                    **common,
                    kind=D,
                    delivery_model=M.PUSH_IN,
                    minutes=30,
                    location=GEN,
                    start_date=middle + dt.timedelta(days=1),
                    end_date=iep.end_date,
                )
            )
        else:
            lines.append(
                ServiceLine(
                    **common,
                    kind=spec.kind,
                    delivery_model=spec.model,
                    minutes=spec.minutes,
                    location=spec.location,
                    start_date=iep.start_date,
                    end_date=iep.end_date,
                    pull_out_reason=spec.reason,
                )
            )
    for line in lines:
        line.full_clean()
    ServiceLine.objects.bulk_create(lines)


def _goals(n: int, iep: IEP, student: Student) -> None:
    areas = list(SkillArea)
    Goal.objects.bulk_create(
        Goal(
            iep=iep,
            area=area,
            description=f"{student.known_as} {GOAL_TEXT[area][0]}.",
            baseline=GOAL_TEXT[area][1].capitalize() + ".",
            target=GOAL_TEXT[area][2].capitalize() + ".",
            measurement=GOAL_TEXT[area][3],
        )
        for area in (areas[(n + k) % len(areas)] for k in range(1 + n % 3))
    )


def _team(
    n: int,
    student: Student,
    start: dt.date,
    staff: Staff,
    guardian_numbers: Iterator[int],
    rng: random.Random,
) -> None:
    """The OT, sometimes the COTA, an aide, a specialist, and one or two guardians."""
    candidates = staff.ots_at[student.school_id]
    ot = candidates[(n // 3) % len(candidates)]
    team = [TeamMember(student=student, person=ot, role=TeamRole.OT, start_date=start)]
    if ot is staff.ot_a and n % 4 == 0:
        team.append(
            TeamMember(student=student, person=staff.cota, role=TeamRole.COTA, start_date=start)
        )
    if n % 5 == 0:
        aide = staff.aides[n % 4]
        team.append(
            TeamMember(
                student=student,
                person=aide,
                role=TeamRole.AIDE,
                relationship=aide.title,
                start_date=start,
            )
        )
    for every, remainder, specialist, title in ((6, 1, staff.slp, "SLP"), (9, 2, staff.pt, "PT")):
        if n % every == remainder:
            team.append(
                TeamMember(
                    student=student,
                    person=specialist,
                    role=TeamRole.SPECIALIST,
                    relationship=title,
                    start_date=start,
                )
            )
    for relation in ["Mother", "Father"][: 1 + n % 2]:
        guardian = User.objects.create(
            username=f"guardian.{next(guardian_numbers):03d}",
            first_name=rng.choice(MOTHERS if relation == "Mother" else FATHERS),
            last_name=student.last_name,
            role=Role.GUARDIAN,
            district=student.school.district,
            password="!",  # no sign-in until the parent portal invites them
        )
        team.append(
            TeamMember(
                student=student,
                person=guardian,
                role=TeamRole.GUARDIAN,
                relationship=relation,
                start_date=start,
            )
        )
    TeamMember.objects.bulk_create(team)


def _strategies(n: int, student: Student, start: dt.date, today: dt.date) -> None:
    """One to three classroom strategies, each with its next review somewhere from two
    weeks ago to one review cadence ahead."""
    categories = list(StrategyCategory)
    teacher = student.classroom.teacher if student.classroom else None
    strategies = []
    for k in range(1 + n % 3):
        category = categories[(n * 2 + k) % len(categories)]
        implementer = [Implementer.TEACHER, Implementer.AIDE, Implementer.STUDENT][k % 3]
        begins = start + dt.timedelta(days=7 * k)
        cadence = list(ReviewCadence)[(n + k) % 4]
        next_review = begins + dt.timedelta(days=int(cadence))
        while next_review < today - dt.timedelta(days=14):
            next_review += dt.timedelta(days=int(cadence))
        strategies.append(
            Strategy(
                student=student,
                category=category,
                description=STRATEGY_TEXT[category],
                implementer=implementer,
                implementer_person=teacher if implementer == Implementer.TEACHER else None,
                review_every_days=cadence,
                start_date=begins,
                next_review_date=next_review,
                iep_status=IEP_STATUSES[(n + k) % 4],
                status=Strategy.Status.MODIFIED if (n + k) % 11 == 0 else Strategy.Status.ACTIVE,
            )
        )
    Strategy.objects.bulk_create(strategies)
