"""The demo's schools and staff: three schools with their bell schedules and classrooms
(each with its teacher), the therapists and the days they work at each school, the
coordinator, the specialists and the aides."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from otdesk.accounts.models import Role, User
from otdesk.core.times import SCHOOL_DAYS, codes_of, minutes_of, time_of
from otdesk.demo.names import LAST_NAMES
from otdesk.schools.models import (
    BellBlock,
    BlockKind,
    Classroom,
    District,
    Grade,
    School,
    SchoolAssignment,
)

ELEMENTARY_DAY = [
    ("Arrival and morning meeting", BlockKind.ARRIVAL, "08:00", "08:30"),
    ("Reading", BlockKind.READING, "08:30", "09:30"),
    ("Writing", BlockKind.WRITING, "09:30", "10:15"),
    ("Recess", BlockKind.RECESS, "10:15", "10:35"),
    ("Math", BlockKind.MATH, "10:35", "11:35"),
    ("Lunch", BlockKind.LUNCH, "11:35", "12:05"),
    ("Centers", BlockKind.CENTERS, "12:05", "12:50"),
    ("Specials", BlockKind.SPECIALS, "12:50", "13:35"),
    ("Science and social studies", BlockKind.CORE, "13:35", "14:30"),
    ("Dismissal", BlockKind.DISMISSAL, "14:30", "14:45"),
]
MIDDLE_DAY = [
    ("Homeroom", BlockKind.ARRIVAL, "07:45", "08:00"),
    ("Period 1 — English", BlockKind.WRITING, "08:00", "08:50"),
    ("Period 2 — Math", BlockKind.MATH, "08:55", "09:45"),
    ("Period 3 — Science", BlockKind.CORE, "09:50", "10:40"),
    ("Period 4 — Social studies", BlockKind.CORE, "10:45", "11:35"),
    ("Lunch", BlockKind.LUNCH, "11:35", "12:05"),
    ("Period 5 — Electives", BlockKind.SPECIALS, "12:10", "13:00"),
    ("Period 6 — Study skills", BlockKind.CENTERS, "13:05", "13:55"),
    ("Period 7 — PE", BlockKind.SPECIALS, "14:00", "14:50"),
]
# Name, short name, minutes the bell schedule runs later than the day above, grades.
SCHOOLS = [
    ("Maple Grove Elementary", "Maple Grove", 0, ["K", "1", "2", "3", "4", "5"]),
    ("Cedar Hill Elementary", "Cedar Hill", 15, ["K", "1", "2", "3", "4", "5"]),
    ("Riverside Middle School", "Riverside MS", 0, ["6", "7", "8"]),
]
TEACHER_FIRST_NAMES = ["Grace", "Henry", "Alma", "Victor", "Joy", "Irene", "Paul"]
AIDES = [
    ("Lucia", "Moreno", "Classroom aide"),
    ("Tom", "Reyes", "1:1 aide"),
    ("Bea", "Sandoval", "Classroom aide"),
    ("Carl", "Ueda", "Behaviorist"),
]
STUDENTS_PER_EXTRA_OT = 30
OPERATOR_USERNAME = "operator"


@dataclass
class Staff:
    """The people who serve the demo's students."""

    ot_a: User  # Rosa Alvarez: Maple Grove and Cedar Hill
    ot_b: User  # Daniel Brooks: Cedar Hill and Riverside
    cota: User
    slp: User
    pt: User
    aides: list[User]
    ots_at: dict[int, list[User]]  # school pk -> the OTs working there


def person(
    username: str,
    first: str,
    last: str,
    role: Role,
    district: District | None,
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


def _at(text: str, shift_minutes: int) -> dt.time:
    """'08:30' moved later by shift_minutes."""
    return time_of(minutes_of(dt.time.fromisoformat(text)) + shift_minutes)


def bell_blocks(school: School, *, middle: bool, shift: int) -> list[BellBlock]:
    """A week of the school's bell schedule; an elementary Friday has projects, not writing."""
    blocks = []
    for weekday in SCHOOL_DAYS:
        for block_name, kind, start, end in MIDDLE_DAY if middle else ELEMENTARY_DAY:
            if weekday == 4 and kind == BlockKind.WRITING and not middle:
                block_name, kind = "Friday projects", BlockKind.CENTERS
            blocks.append(
                BellBlock(
                    school=school,
                    weekday=weekday,
                    name=block_name,
                    kind=kind,
                    start=_at(start, shift),
                    end=_at(end, shift),
                    protected=kind in (BlockKind.READING, BlockKind.MATH),
                )
            )
    return blocks


def _classrooms(
    school: School,
    index: int,
    grades: list[str],
    teacher_names: Iterator[tuple[str, str]],
    hashed: str,
) -> list[Classroom]:
    """A room per grade and a learning-support room, each with its teacher."""
    rooms = []
    for number, grade in enumerate([*grades, "SE"], start=1):
        first, last = next(teacher_names)
        special = grade == "SE"
        teacher = person(
            f"teacher.{last.lower()}",
            first,
            last,
            Role.TEACHER,
            school.district,
            hashed,
            title="Special education teacher" if special else f"Grade {grade} teacher",
        )
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
    return rooms


def create_schools(
    district: District, hashed: str
) -> tuple[list[School], dict[int, list[Classroom]]]:
    """The three schools with their bell schedules, and each school's classrooms."""
    schools: list[School] = []
    classrooms: dict[int, list[Classroom]] = {}
    teacher_names = iter(
        (TEACHER_FIRST_NAMES[i % len(TEACHER_FIRST_NAMES)], last)
        for i, last in enumerate(reversed(LAST_NAMES))
    )
    for index, (name, short, shift, grades) in enumerate(SCHOOLS):
        school = School.objects.create(
            district=district, name=name, short_name=short, sourced_id=f"org-{index + 1:03d}"
        )
        schools.append(school)
        BellBlock.objects.bulk_create(bell_blocks(school, middle=grades[0] == "6", shift=shift))
        classrooms[school.pk] = _classrooms(school, index, grades, teacher_names, hashed)
    return schools, classrooms


def _assign(who: User, school: School, start: dt.date, days: list[int]) -> SchoolAssignment:
    return SchoolAssignment(person=who, school=school, start_date=start, days=codes_of(days))


def create_staff(
    district: District,
    hashed: str,
    schools: list[School],
    *,
    year_start: dt.date,
    students: int,
) -> Staff:
    """The therapists (with the days they work at each school), the coordinator, the
    specialists and the aides. A bigger district (benchmarks) gets an extra OT for about
    every 30 students."""
    ot_a = person("ot.alvarez", "Rosa", "Alvarez", Role.OT, district, hashed, title="OTR/L")
    ot_b = person("ot.brooks", "Daniel", "Brooks", Role.OT, district, hashed, title="OTR/L")
    cota = person("cota.chen", "Mei", "Chen", Role.COTA, district, hashed, title="COTA/L")
    person(
        "coord.davis",
        "Patrice",
        "Davis",
        Role.COORDINATOR,
        district,
        hashed,
        title="Related services coordinator",
    )
    # The Django admin is the site operator's alone: no district, no students.
    person(
        OPERATOR_USERNAME,
        "Sam",
        "Okafor",
        Role.OPERATOR,
        None,
        hashed,
        title="Site operator",
        is_staff=True,
        is_superuser=True,
    )
    slp = person("slp.evans", "Gwen", "Evans", Role.SPECIALIST, district, hashed, title="SLP")
    pt = person("pt.foster", "Marcus", "Foster", Role.SPECIALIST, district, hashed, title="PT")
    aides = [
        person(f"aide.{last.lower()}", first, last, Role.AIDE, district, hashed, title=title)
        for first, last, title in AIDES
    ]
    aides[3].role = Role.BEHAVIORIST
    aides[3].save(update_fields=["role"])

    maple, cedar, riverside = schools
    SchoolAssignment.objects.bulk_create(
        [
            _assign(ot_a, maple, year_start, [0, 1, 3]),
            _assign(ot_a, cedar, year_start, [2, 4]),
            _assign(ot_b, cedar, year_start, [0, 1]),
            _assign(ot_b, riverside, year_start, [2, 3, 4]),
            _assign(cota, maple, year_start, [0, 2]),
            _assign(cota, cedar, year_start, [1, 3]),
        ]
    )
    ots_at: dict[int, list[User]] = {maple.pk: [ot_a], cedar.pk: [ot_a, ot_b], riverside.pk: [ot_b]}
    for extra in range(max(0, students // STUDENTS_PER_EXTRA_OT - 2)):
        school = schools[extra % 3]
        ot = person(
            f"ot.extra{extra + 1:02d}", "Extra", f"Therapist {extra + 1}", Role.OT, district, hashed
        )
        SchoolAssignment.objects.create(
            person=ot, school=school, start_date=year_start, days=codes_of(SCHOOL_DAYS)
        )
        ots_at[school.pk].append(ot)
    return Staff(ot_a=ot_a, ot_b=ot_b, cota=cota, slp=slp, pt=pt, aides=aides, ots_at=ots_at)
