"""A synthetic demo district: same seed and same 'today', same data.

Every name here is made up. The district is anchored on the school year that contains
'today', so review flags and dates look current whenever the demo is generated.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from otdesk.accounts.models import Role, User
from otdesk.demo.history import generate_history
from otdesk.demo.scheduling import generate_schedule_constraints
from otdesk.demo.team_history import PARENT_USERNAME, generate_team_history
from otdesk.schools.models import (
    BellBlock,
    BlockKind,
    Classroom,
    District,
    Grade,
    NonSchoolDay,
    School,
    SchoolAssignment,
)
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

DEMO_PASSWORD = "otdesk-demo"
DEFAULT_SEED = 2026
THREE_YEARS = dt.timedelta(days=3 * 365)  # a re-evaluation is due at least this often

FIRST_NAMES = [
    "Maya",
    "Liam",
    "Ava",
    "Noah",
    "Zoe",
    "Elijah",
    "Mila",
    "Mateo",
    "Aria",
    "Lucas",
    "Nora",
    "Leo",
    "Ivy",
    "Ezra",
    "Luna",
    "Kai",
    "Ruby",
    "Owen",
    "Hazel",
    "Jonah",
    "Iris",
    "Theo",
    "Layla",
    "Miles",
    "Stella",
    "Felix",
    "Esme",
    "Rowan",
    "Clara",
    "Jasper",
    "Nia",
    "Omar",
    "Priya",
    "Diego",
    "Amara",
    "Santi",
    "Wren",
    "Malik",
    "Lena",
    "Tariq",
]
LAST_NAMES = [
    "Abbott",
    "Benitez",
    "Calloway",
    "Dunmore",
    "Ellery",
    "Faraday",
    "Galvez",
    "Hollis",
    "Ingram",
    "Jessup",
    "Kowal",
    "Lindqvist",
    "Marchetti",
    "Nakamura",
    "Okafor",
    "Pruitt",
    "Quintero",
    "Rasmussen",
    "Salgado",
    "Thornbury",
    "Underhill",
    "Valdivia",
    "Whitcombe",
    "Yarrow",
    "Zelinski",
    "Ashdown",
    "Brightwater",
    "Castellanos",
    "Delacroix",
    "Emberly",
]
PREFERRED = {"Santi": "Santiago", "Theo": "Theodore", "Esme": "Esmeralda"}


@dataclass
class DemoResult:
    district: District
    students: int = 0


def school_year_containing(today: dt.date) -> tuple[dt.date, dt.date]:
    year = today.year if today.month >= 7 else today.year - 1
    start = dt.date(year, 8, 17)
    start += dt.timedelta(days=(0 - start.weekday()) % 7)  # the Monday on or after 17 Aug
    end = dt.date(year + 1, 6, 4)
    end -= dt.timedelta(days=(end.weekday() - 4) % 7)  # the Friday on or before 4 Jun
    return start, end


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    day = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def holidays(start: dt.date) -> list[tuple[dt.date, str]]:
    """The district's closed weekdays for the school year starting on `start`."""
    y = start.year
    closed: list[tuple[dt.date, str]] = [
        (_nth_weekday(y, 9, 0, 1), "Labor Day"),
        (_nth_weekday(y, 10, 0, 2), "Staff development day"),
        (_nth_weekday(y, 11, 4, 2), "Parent conferences"),
    ]
    thanksgiving = _nth_weekday(y, 11, 3, 4)
    for offset, name in [
        (-1, "Thanksgiving break"),
        (0, "Thanksgiving"),
        (1, "Thanksgiving break"),
    ]:
        closed.append((thanksgiving + dt.timedelta(days=offset), name))
    closed += [(d, "Winter break") for d in _weekdays(dt.date(y, 12, 21), dt.date(y + 1, 1, 1))]
    closed.append((_nth_weekday(y + 1, 1, 0, 3), "Martin Luther King Jr. Day"))
    closed.append((_nth_weekday(y + 1, 2, 0, 3), "Presidents' Day"))
    spring = _nth_weekday(y + 1, 3, 0, 3)
    closed += [(d, "Spring break") for d in _weekdays(spring, spring + dt.timedelta(days=4))]
    closed.append((_last_weekday(y + 1, 5, 0), "Memorial Day"))
    return sorted(set(closed))


ELEMENTARY_DAY = [
    ("Arrival and morning meeting", BlockKind.ARRIVAL, "8:00", "8:30"),
    ("Reading", BlockKind.READING, "8:30", "9:30"),
    ("Writing", BlockKind.WRITING, "9:30", "10:15"),
    ("Recess", BlockKind.RECESS, "10:15", "10:35"),
    ("Math", BlockKind.MATH, "10:35", "11:35"),
    ("Lunch", BlockKind.LUNCH, "11:35", "12:05"),
    ("Centers", BlockKind.CENTERS, "12:05", "12:50"),
    ("Specials", BlockKind.SPECIALS, "12:50", "13:35"),
    ("Science and social studies", BlockKind.CORE, "13:35", "14:30"),
    ("Dismissal", BlockKind.DISMISSAL, "14:30", "14:45"),
]
MIDDLE_DAY = [
    ("Homeroom", BlockKind.ARRIVAL, "7:45", "8:00"),
    ("Period 1 — English", BlockKind.WRITING, "8:00", "8:50"),
    ("Period 2 — Math", BlockKind.MATH, "8:55", "9:45"),
    ("Period 3 — Science", BlockKind.CORE, "9:50", "10:40"),
    ("Period 4 — Social studies", BlockKind.CORE, "10:45", "11:35"),
    ("Lunch", BlockKind.LUNCH, "11:35", "12:05"),
    ("Period 5 — Electives", BlockKind.SPECIALS, "12:10", "13:00"),
    ("Period 6 — Study skills", BlockKind.CENTERS, "13:05", "13:55"),
    ("Period 7 — PE", BlockKind.SPECIALS, "14:00", "14:50"),
]


def _time(text: str, shift_minutes: int = 0) -> dt.time:
    hours, minutes = (int(part) for part in text.split(":"))
    total = hours * 60 + minutes + shift_minutes
    return dt.time(total // 60, total % 60)


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


def _person(
    username: str,
    first: str,
    last: str,
    role: Role,
    district: District,
    password: str,
    **extra: object,
) -> User:
    return User.objects.create(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        district=district,
        password=password,
        email=f"{username}@riverbend.example",
        **extra,
    )


@transaction.atomic
def generate_demo(*, seed: int = DEFAULT_SEED, today: dt.date, students: int = 60) -> DemoResult:
    rng = random.Random(seed)
    hashed = make_password(DEMO_PASSWORD, salt="otdeskdemo")
    year_start, year_end = school_year_containing(today)
    district = District.objects.create(
        name="Riverbend Unified School District",
        timezone="America/Chicago",
        school_year_start=year_start,
        school_year_end=year_end,
    )
    NonSchoolDay.objects.bulk_create(
        NonSchoolDay(district=district, date=day, name=name) for day, name in holidays(year_start)
    )
    result = DemoResult(district=district)

    school_specs = [
        ("Maple Grove Elementary", "Maple Grove", 0, ["K", "1", "2", "3", "4", "5"]),
        ("Cedar Hill Elementary", "Cedar Hill", 15, ["K", "1", "2", "3", "4", "5"]),
        ("Riverside Middle School", "Riverside MS", 0, ["6", "7", "8"]),
    ]
    schools: list[School] = []
    classrooms: dict[int, list[Classroom]] = {}
    teacher_firsts = ["Grace", "Henry", "Alma", "Victor", "Joy", "Irene", "Paul"]
    teacher_names = iter(
        (teacher_firsts[i % len(teacher_firsts)], last)
        for i, last in enumerate(reversed(LAST_NAMES))
    )
    for index, (name, short, shift, grades) in enumerate(school_specs):
        school = School.objects.create(
            district=district, name=name, short_name=short, sourced_id=f"org-{index + 1:03d}"
        )
        schools.append(school)
        day = MIDDLE_DAY if grades[0] == "6" else ELEMENTARY_DAY
        blocks = []
        for weekday in range(5):
            for block_name, kind, start, end in day:
                if weekday == 4 and kind == BlockKind.WRITING and grades[0] != "6":
                    block_name, kind = "Friday projects", BlockKind.CENTERS
                blocks.append(
                    BellBlock(
                        school=school,
                        weekday=weekday,
                        name=block_name,
                        kind=kind,
                        start=_time(start, shift),
                        end=_time(end, shift),
                        protected=kind in (BlockKind.READING, BlockKind.MATH),
                    )
                )
        BellBlock.objects.bulk_create(blocks)
        rooms = []
        for number, grade in enumerate([*grades, "SE"], start=1):
            first, last = next(teacher_names)
            teacher = _person(
                f"teacher.{last.lower()}",
                first,
                last,
                Role.TEACHER,
                district,
                hashed,
                title=f"Grade {grade} teacher" if grade != "SE" else "Special education teacher",
            )
            special = grade == "SE"
            rooms.append(
                Classroom.objects.create(
                    school=school,
                    name=f"Room {100 * (index + 1) + number} — "
                    + ("Learning support" if special else Grade(grade).label),
                    room=str(100 * (index + 1) + number),
                    grade="" if special else grade,
                    is_special_education=special,
                    teacher=teacher,
                    sourced_id=f"class-{index + 1}-{number:02d}",
                )
            )
        classrooms[school.pk] = rooms

    ot_a = _person("ot.alvarez", "Rosa", "Alvarez", Role.OT, district, hashed, title="OTR/L")
    ot_b = _person("ot.brooks", "Daniel", "Brooks", Role.OT, district, hashed, title="OTR/L")
    cota = _person("cota.chen", "Mei", "Chen", Role.COTA, district, hashed, title="COTA/L")
    _person(
        "coord.davis",
        "Patrice",
        "Davis",
        Role.COORDINATOR,
        district,
        hashed,
        title="Related services coordinator",
        is_staff=True,
        is_superuser=True,
    )
    slp = _person("slp.evans", "Gwen", "Evans", Role.SPECIALIST, district, hashed, title="SLP")
    pt = _person("pt.foster", "Marcus", "Foster", Role.SPECIALIST, district, hashed, title="PT")
    aides = [
        _person(f"aide.{last.lower()}", first, last, Role.AIDE, district, hashed, title=title)
        for first, last, title in [
            ("Lucia", "Moreno", "Classroom aide"),
            ("Tom", "Reyes", "1:1 aide"),
            ("Bea", "Sandoval", "Classroom aide"),
            ("Carl", "Ueda", "Behaviorist"),
        ]
    ]
    aides[3].role = Role.BEHAVIORIST
    aides[3].save(update_fields=["role"])

    # Alvarez covers Maple Grove and Cedar Hill; Brooks covers Cedar Hill and Riverside.
    SchoolAssignment.objects.bulk_create(
        [
            SchoolAssignment(
                person=ot_a, school=schools[0], start_date=year_start, days="Mon Tue Thu"
            ),
            SchoolAssignment(person=ot_a, school=schools[1], start_date=year_start, days="Wed Fri"),
            SchoolAssignment(person=ot_b, school=schools[1], start_date=year_start, days="Mon Tue"),
            SchoolAssignment(
                person=ot_b, school=schools[2], start_date=year_start, days="Wed Thu Fri"
            ),
            SchoolAssignment(person=cota, school=schools[0], start_date=year_start, days="Mon Wed"),
            SchoolAssignment(person=cota, school=schools[1], start_date=year_start, days="Tue Thu"),
        ]
    )
    # A bigger generated district (benchmarks) gets an OT for every 30 students or so.
    ots_at: dict[int, list[User]] = {
        schools[0].pk: [ot_a],
        schools[1].pk: [ot_a, ot_b],
        schools[2].pk: [ot_b],
    }
    for extra in range(max(0, students // 30 - 2)):
        school = schools[extra % 3]
        ot = _person(
            f"ot.extra{extra + 1:02d}", "Extra", f"Therapist {extra + 1}", Role.OT, district, hashed
        )
        SchoolAssignment.objects.create(
            person=ot, school=school, start_date=year_start, days="Mon Tue Wed Thu Fri"
        )
        ots_at[school.pk].append(ot)

    used_names: set[tuple[str, str]] = set()
    areas = list(SkillArea)
    categories = list(StrategyCategory)
    iep_statuses = [
        Strategy.IEPStatus.IN_IEP,
        Strategy.IEPStatus.IN_IEP,
        Strategy.IEPStatus.AGREED,
        Strategy.IEPStatus.REQUESTED,
    ]
    guardian_count = 0
    for n in range(students):
        school = schools[n % 3]
        rooms = classrooms[school.pk]
        room = rooms[rng.randrange(len(rooms))]
        grade = room.grade or rng.choice([r.grade for r in rooms if r.grade])
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        age = {"K": 5, "6": 11, "7": 12, "8": 13}.get(
            grade, 5 + int(grade) if grade.isdigit() else 8
        )
        birth = dt.date(year_start.year - age, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))
        student = Student.objects.create(
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
        # IEP dates: a handful have reviews due soon or overdue, so the flags show.
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
        pattern_index = n % len(PATTERNS)
        narrated = pattern_index == 5
        iep = IEP.objects.create(
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
        lines = []
        for spec in PATTERNS[pattern_index]:
            common = dict(
                iep=iep, period=spec.period, three_one=spec.three_one, group_size=spec.group
            )
            if spec.kind == "step":
                middle = iep_start + dt.timedelta(days=182)
                lines.append(
                    ServiceLine(
                        **common,
                        kind=D,
                        delivery_model=spec.model,
                        minutes=spec.minutes,
                        location=spec.location,
                        start_date=iep_start,
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
                        end_date=iep_end,
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
                        start_date=iep_start,
                        end_date=iep_end,
                        pull_out_reason=spec.reason,
                    )
                )
        for line in lines:
            line.full_clean()
        ServiceLine.objects.bulk_create(lines)

        goal_count = 1 + n % 3
        Goal.objects.bulk_create(
            Goal(
                iep=iep,
                area=area,
                description=f"{student.known_as} {GOAL_TEXT[area][0]}.",
                baseline=GOAL_TEXT[area][1].capitalize() + ".",
                target=GOAL_TEXT[area][2].capitalize() + ".",
                measurement=GOAL_TEXT[area][3],
            )
            for area in (areas[(n + k) % len(areas)] for k in range(goal_count))
        )

        # Team: the OT, sometimes the COTA, an aide, a specialist, and the guardians.
        candidates = ots_at[school.pk]
        ot = candidates[(n // 3) % len(candidates)]
        team = [TeamMember(student=student, person=ot, role=TeamRole.OT, start_date=iep_start)]
        if ot is ot_a and n % 4 == 0:
            team.append(
                TeamMember(student=student, person=cota, role=TeamRole.COTA, start_date=iep_start)
            )
        if n % 5 == 0:
            team.append(
                TeamMember(
                    student=student,
                    person=aides[n % 4],
                    role=TeamRole.AIDE,
                    relationship=aides[n % 4].title,
                    start_date=iep_start,
                )
            )
        if n % 6 == 1:
            team.append(
                TeamMember(
                    student=student,
                    person=slp,
                    role=TeamRole.SPECIALIST,
                    relationship="SLP",
                    start_date=iep_start,
                )
            )
        if n % 9 == 2:
            team.append(
                TeamMember(
                    student=student,
                    person=pt,
                    role=TeamRole.SPECIALIST,
                    relationship="PT",
                    start_date=iep_start,
                )
            )
        for relation in ["Mother", "Father"][: 1 + n % 2]:
            guardian_count += 1
            parent_first = rng.choice(
                ["Ana", "Carla", "Elena", "Hana", "Joy"]
                if relation == "Mother"
                else ["Ben", "Dev", "Femi", "Gus", "Ian"]
            )
            guardian = User.objects.create(
                username=f"guardian.{guardian_count:03d}",
                first_name=parent_first,
                last_name=last,
                role=Role.GUARDIAN,
                district=district,
                password="!",  # no sign-in until the parent portal invites them
            )
            team.append(
                TeamMember(
                    student=student,
                    person=guardian,
                    role=TeamRole.GUARDIAN,
                    relationship=relation,
                    start_date=iep_start,
                )
            )
        TeamMember.objects.bulk_create(team)

        strategies = []
        for k in range(1 + n % 3):
            category = categories[(n * 2 + k) % len(categories)]
            implementer = [Implementer.TEACHER, Implementer.AIDE, Implementer.STUDENT][k % 3]
            begins = iep_start + dt.timedelta(days=7 * k)
            cadence = list(ReviewCadence)[(n + k) % 4]
            # The next review falls somewhere from two weeks ago to one cadence ahead.
            next_review = begins + dt.timedelta(days=int(cadence))
            while next_review < today - dt.timedelta(days=14):
                next_review += dt.timedelta(days=int(cadence))
            strategies.append(
                Strategy(
                    student=student,
                    category=category,
                    description=STRATEGY_TEXT[category],
                    implementer=implementer,
                    implementer_person=room.teacher if implementer == Implementer.TEACHER else None,
                    review_every_days=cadence,
                    start_date=begins,
                    next_review_date=next_review,
                    iep_status=iep_statuses[(n + k) % 4],
                    status=Strategy.Status.MODIFIED
                    if (n + k) % 11 == 0
                    else Strategy.Status.ACTIVE,
                )
            )
        Strategy.objects.bulk_create(strategies)
        result.students += 1

    generate_history(district=district, today=today, seed=seed)
    generate_team_history(district=district, today=today, seed=seed)
    generate_schedule_constraints(district=district, today=today)

    return result


DEMO_LOGINS = [
    ("ot.alvarez", "Occupational therapist: Maple Grove and Cedar Hill caseload"),
    ("ot.brooks", "Occupational therapist: Cedar Hill and Riverside caseload"),
    ("cota.chen", "OT assistant: works with some of Rosa Alvarez's students"),
    ("coord.davis", "District coordinator: sees the whole district, read-only; can use /admin/"),
    ("teacher.castellanos", "Teacher: Grade 2, Maple Grove"),
    ("slp.evans", "Speech-language pathologist: sees the students she shares"),
    ("aide.moreno", "Classroom aide: her programs, logged from a phone"),
    (PARENT_USERNAME, "Parent: their child's supports and requests to the team"),
]


def demo_logins() -> list[tuple[str, str]]:
    """The demo accounts that exist in this database, with what each one shows."""
    present = set(
        User.objects.filter(username__in=[name for name, _ in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    return [(name, note) for name, note in DEMO_LOGINS if name in present]
