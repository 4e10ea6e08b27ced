"""A district at scale, for benchmarks and load tests: the staff grow with the students (a
therapist for every 50 students, a teacher for every 25, an aide for every two classrooms,
a guardian for every student), each student has this year's IEP and last year's, and two
school years of records (last year whole, this year up to yesterday) are written in bulk
by scale_history.py. Nothing is planned or solved per student: each therapist's week is
laid out by arithmetic. Same seed, same district.

    otdesk load_district --students 5000
"""

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from otdesk.accounts.models import Role, User
from otdesk.core.dates import in_district_zone
from otdesk.core.planner import fresh_statistics
from otdesk.core.times import SCHOOL_DAYS, codes_of, time_of
from otdesk.delivery.models import PlannedSession, SessionType
from otdesk.demo.generate import DEMO_PASSWORD, DEMO_TIME_ZONE
from otdesk.demo.names import FIRST_NAMES, LAST_NAMES
from otdesk.demo.school_year import holidays, school_year_containing
from otdesk.demo.schools import bell_blocks
from otdesk.demo.students import GOAL_TEXT, STRATEGY_TEXT
from otdesk.programs.models import AideProgram, ProgramAssignment
from otdesk.schools.models import (
    BellBlock,
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
    ServiceKind,
    ServiceLine,
    Strategy,
    Student,
    TeamMember,
    TeamRole,
)

STUDENTS_PER_THERAPIST = 50
STUDENTS_PER_SCHOOL = 250
STUDENTS_PER_CLASSROOM = 25
SESSION_MINUTES = 20
FIRST_SESSION = 8 * 60  # 08:00
SESSION_STEP = SESSION_MINUTES  # back to back: the class is next door
CHUNK = 2000
ELEMENTARY = ["K", "1", "2", "3", "4", "5"]
MIDDLE = ["6", "7", "8"]
AGE_IN_GRADE = {"K": 5}
PROGRAM_EVERY = 5  # every fifth student has an aide program
MISS_RATE = 0.06  # of the planned sessions
YEAR = dt.timedelta(days=365)


@dataclass
class Caseload:
    therapist: User
    students: list[Student]
    direct: dict[int, tuple[ServiceLine, ServiceLine]]  # student: (last year's, this year's)
    consult: dict[int, tuple[ServiceLine, ServiceLine]]
    renewal: dict[int, dt.date]  # the day this year's IEP began
    slots: list[tuple[PlannedSession, Student]]  # this year's weekly plan, a student each


@dataclass
class ScaleDistrict:
    district: District
    coordinator: User
    caseloads: list[Caseload]
    aides: dict[int, User]  # classroom: its aide
    programs: list[AideProgram]
    first_day: dt.date  # the first school day of last year
    today: dt.date
    counts: dict[str, int] = field(default_factory=dict)


def generate_district(
    *,
    students: int,
    today: dt.date,
    prefix: str = "scale",
    seed: int = 2026,
    sessions: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ScaleDistrict:
    """The whole district in one transaction (a failure leaves nothing behind), with
    about `sessions` sessions (default: 100 a student) over its two school years."""
    from otdesk.demo.scale_history import HISTORY_STEPS, write_history

    total = 5 + HISTORY_STEPS

    def step(done: int, words: str) -> None:
        if progress:
            progress(done, total, words)

    rng = random.Random(seed)
    with transaction.atomic():
        step(0, "District, schools and staff")
        district = _district(prefix, today)
        with in_district_zone(district):
            built = _people(district, prefix, students, rng)
            step(1, "Students")
            pupils = _students(built, students, rng)
            step(2, "IEPs, service lines and goals")
            first_day, _ = last_school_year(district.school_year_start)
            days = school_days(district, first_day, today)
            weekly = weekly_sessions(
                days_open=[
                    sum(1 for d in days if d >= renewal_day(today, n) - YEAR)
                    for n in range(students)
                ],
                target=sessions or 100 * students,
            )
            made = _ieps(built, pupils, today, weekly)
            step(3, "Teams, strategies and programs")
            scale = _teams(built, pupils, made, today)
            step(4, "Weekly plans")
            _plans(scale, dict(zip([p.pk for p in pupils], weekly, strict=True)))
            write_history(scale, rng, lambda n, words: step(5 + n, words))
            step(total, "Done")
    fresh_statistics()
    return scale


def last_school_year(this_start: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the school year before the one starting on this_start."""
    return school_year_containing(dt.date(this_start.year - 1, 9, 1))


def _district(prefix: str, today: dt.date) -> District:
    start, end = school_year_containing(today)
    last_start, _ = last_school_year(start)
    district = District.objects.create(
        name=f"{prefix.capitalize()} Unified School District",
        timezone=DEMO_TIME_ZONE,
        school_year_start=start,
        school_year_end=end,
    )
    NonSchoolDay.objects.bulk_create(
        NonSchoolDay(district=district, date=day, name=name)
        for year in (last_start, start)
        for day, name in holidays(year)
    )
    return district


@dataclass
class _Built:
    district: District
    prefix: str
    coordinator: User
    schools: list[School]
    classrooms: list[Classroom]
    therapists: list[User]
    aides: dict[int, User]  # classroom: aide
    guardians: list[User]


def _staff(
    built: tuple[District, str, str, random.Random], role: str, stem: str, count: int, **extra: Any
) -> list[User]:
    """count people of the role, named PREFIX.STEM0001 and so on, in bulk."""
    district, prefix, hashed, rng = built
    width = max(3, len(str(count)))
    return User.objects.bulk_create(
        (
            User(
                username=f"{prefix}.{stem}{n + 1:0{width}d}",
                role=role,
                district=district,
                password=hashed,
                email=f"{stem}{n + 1:0{width}d}@{prefix}.example",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                **extra,
            )
            for n in range(count)
        ),
        batch_size=CHUNK,
    )


def _people(district: District, prefix: str, students: int, rng: random.Random) -> _Built:
    if User.objects.filter(username__startswith=f"{prefix}.").exists():
        raise ValueError(f"People named {prefix}.* exist already: choose another --prefix.")
    hashed = make_password(DEMO_PASSWORD, salt="otdeskscale")
    n_schools = max(1, math.ceil(students / STUDENTS_PER_SCHOOL))
    schools = School.objects.bulk_create(
        School(
            district=district,
            name=f"{LAST_NAMES[n % len(LAST_NAMES)]} {'Middle' if n % 4 == 3 else 'Elementary'}"
            f" School {n + 1}",
            short_name=f"School {n + 1}",
            sourced_id=f"{prefix}-org-{n + 1:03d}",
        )
        for n in range(n_schools)
    )
    BellBlock.objects.bulk_create(
        (b for n, s in enumerate(schools) for b in bell_blocks(s, middle=n % 4 == 3, shift=0)),
        batch_size=CHUNK,
    )
    per_school = math.ceil(students / n_schools)
    rooms_per_school = max(1, math.ceil(per_school / STUDENTS_PER_CLASSROOM))
    maker = (district, prefix, hashed, rng)
    teachers = _staff(maker, Role.TEACHER, "teacher", n_schools * rooms_per_school)
    classrooms = Classroom.objects.bulk_create(
        Classroom(
            school=school,
            name=f"Room {r + 1} — {Grade(grade).label}",
            room=str(r + 1),
            grade=grade,
            teacher=teachers[n * rooms_per_school + r],
        )
        for n, school in enumerate(schools)
        for r in range(rooms_per_school)
        for grade in [(MIDDLE if n % 4 == 3 else ELEMENTARY)[r % (3 if n % 4 == 3 else 6)]]
    )
    aide_list = _staff(maker, Role.AIDE, "aide", math.ceil(len(classrooms) / 2))
    aides = {room.pk: aide_list[n // 2] for n, room in enumerate(classrooms)}
    therapists = _staff(
        maker, Role.OT, "ot", math.ceil(students / STUDENTS_PER_THERAPIST), title="OTR/L"
    )
    coordinator = User.objects.create(
        username=f"{prefix}.coordinator",
        role=Role.COORDINATOR,
        district=district,
        password=hashed,
        email=f"coordinator@{prefix}.example",
        first_name="Dana",
        last_name="Whitfield",
        title="Related services coordinator",
    )
    guardians = _staff(maker, Role.GUARDIAN, "parent", students)
    return _Built(
        district=district,
        prefix=prefix,
        coordinator=coordinator,
        schools=schools,
        classrooms=classrooms,
        therapists=therapists,
        aides=aides,
        guardians=guardians,
    )


def _students(built: _Built, count: int, rng: random.Random) -> list[Student]:
    """Students filled into the classrooms in order, so a caseload is one or two schools."""
    this_year = built.district.school_year_start.year
    rows = []
    for n in range(count):
        room = built.classrooms[n // STUDENTS_PER_CLASSROOM % len(built.classrooms)]
        age = AGE_IN_GRADE.get(room.grade, 5 + int(room.grade) if room.grade.isnumeric() else 8)
        rows.append(
            Student(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=dt.date(this_year - age, 1 + n % 12, 1 + n % 28),
                grade=room.grade,
                school_id=room.school_id,
                classroom=room,
                student_number=f"{built.prefix.upper()}{n + 1:06d}",
            )
        )
    return Student.objects.bulk_create(rows, batch_size=CHUNK)


@dataclass
class _Lines:
    direct: dict[int, tuple[ServiceLine, ServiceLine]]
    consult: dict[int, tuple[ServiceLine, ServiceLine]]
    renewal: dict[int, dt.date]


def _ieps(built: _Built, pupils: list[Student], today: dt.date, weekly: list[int]) -> _Lines:
    """Last year's IEP (ended) and this year's (active) for each student; this year's
    began on a day within the last 300 days, spread over the students."""
    renewal = {s.pk: renewal_day(today, n) for n, s in enumerate(pupils)}
    ieps = []
    for s in pupils:
        r = renewal[s.pk]
        old_start = r - YEAR
        ieps.append(
            IEP(
                student=s,
                status=IEP.Status.ENDED,
                start_date=old_start,
                end_date=r - dt.timedelta(days=1),
                annual_review_due=r - dt.timedelta(days=1),
                reevaluation_due=old_start + dt.timedelta(days=3 * 365),
            )
        )
        ieps.append(
            IEP(
                student=s,
                status=IEP.Status.ACTIVE,
                start_date=r,
                end_date=r + dt.timedelta(days=364),
                annual_review_due=r + dt.timedelta(days=364),
                reevaluation_due=old_start + dt.timedelta(days=3 * 365),
            )
        )
    ieps = IEP.objects.bulk_create(ieps, batch_size=CHUNK)
    lines = []
    for n, iep in enumerate(ieps):
        lines.append(
            ServiceLine(
                iep=iep,
                kind=ServiceKind.DIRECT,
                delivery_model=DeliveryModel.PUSH_IN,
                minutes=SESSION_MINUTES * weekly[n // 2],
                period=Period.WEEK,
                location=Location.GENERAL_ED,
                start_date=iep.start_date,
                end_date=iep.end_date,
            )
        )
        lines.append(
            ServiceLine(
                iep=iep,
                kind=ServiceKind.CONSULTATION,
                delivery_model=DeliveryModel.CONSULTATION,
                minutes=30,
                period=Period.MONTH,
                location=Location.GENERAL_ED,
                start_date=iep.start_date,
                end_date=iep.end_date,
            )
        )
    lines = ServiceLine.objects.bulk_create(lines, batch_size=CHUNK)
    areas = list(GOAL_TEXT)
    Goal.objects.bulk_create(
        (
            Goal(
                iep=iep,
                area=area,
                description=f"{iep.student.first_name} {GOAL_TEXT[area][0]}",
                baseline=GOAL_TEXT[area][1],
                target=GOAL_TEXT[area][2],
                measurement=GOAL_TEXT[area][3],
            )
            for n, iep in enumerate(ieps)
            for area in (areas[n % len(areas)], areas[(n + 3) % len(areas)])
        ),
        batch_size=CHUNK,
    )
    direct, consult = {}, {}
    for n, s in enumerate(pupils):
        old_d, old_c, new_d, new_c = lines[4 * n : 4 * n + 4]
        direct[s.pk] = (old_d, new_d)
        consult[s.pk] = (old_c, new_c)
    return _Lines(direct=direct, consult=consult, renewal=renewal)


def _teams(built: _Built, pupils: list[Student], made: _Lines, today: dt.date) -> ScaleDistrict:
    """Each student's OT, teacher and guardian (and aide with a program); two classroom
    strategies each; an aide program for every fifth student."""
    last_start, _ = last_school_year(built.district.school_year_start)
    since = last_start
    teacher_of = {room.pk: room.teacher for room in built.classrooms}
    caseloads = [
        Caseload(
            therapist=ot,
            students=pupils[n * STUDENTS_PER_THERAPIST : (n + 1) * STUDENTS_PER_THERAPIST],
            direct={},
            consult={},
            renewal={},
            slots=[],
        )
        for n, ot in enumerate(built.therapists)
    ]
    team: list[TeamMember] = []
    assignments = []
    for load in caseloads:
        for s in load.students:
            load.direct[s.pk] = made.direct[s.pk]
            load.consult[s.pk] = made.consult[s.pk]
            load.renewal[s.pk] = made.renewal[s.pk]
        for school_id in sorted({s.school_id for s in load.students}):
            assignments.append(
                SchoolAssignment(
                    person=load.therapist,
                    school_id=school_id,
                    start_date=since,
                    days=codes_of(SCHOOL_DAYS),
                )
            )
    SchoolAssignment.objects.bulk_create(assignments)
    ot_of = {s.pk: load.therapist for load in caseloads for s in load.students}
    for n, s in enumerate(pupils):
        assert s.classroom_id is not None
        team.append(TeamMember(student=s, person=ot_of[s.pk], role=TeamRole.OT, start_date=since))
        team.append(
            TeamMember(
                student=s,
                person=teacher_of[s.classroom_id],
                role=TeamRole.TEACHER,
                start_date=since,
            )
        )
        team.append(
            TeamMember(
                student=s,
                person=built.guardians[n],
                role=TeamRole.GUARDIAN,
                relationship="Parent",
                start_date=since,
            )
        )
        if n % PROGRAM_EVERY == 0:
            team.append(
                TeamMember(
                    student=s,
                    person=built.aides[s.classroom_id],
                    role=TeamRole.AIDE,
                    start_date=since,
                )
            )
    TeamMember.objects.bulk_create(team, batch_size=CHUNK)
    categories = list(STRATEGY_TEXT)
    Strategy.objects.bulk_create(
        (
            Strategy(
                student=s,
                category=category,
                description=STRATEGY_TEXT[category],
                implementer=Implementer.TEACHER,
                implementer_person=teacher_of[s.classroom_id],
                review_every_days=30,
                start_date=made.renewal[s.pk],
                next_review_date=made.renewal[s.pk] + dt.timedelta(days=30 * (1 + n % 12)),
            )
            for n, s in enumerate(pupils)
            if s.classroom_id is not None
            for category in (categories[n % len(categories)], categories[(n + 2) % len(categories)])
        ),
        batch_size=CHUNK,
    )
    with_program = [s for n, s in enumerate(pupils) if n % PROGRAM_EVERY == 0]
    programs = AideProgram.objects.bulk_create(
        (
            AideProgram(
                student=s,
                title="Hand strength circuit",
                activities="Theraputty finds\nClothespin pinch race\nTongs sort",
                instructions="Sit at the table.\nDo each activity for 3 minutes.\nNote it.",
                times_per_week=3,
                minutes_each=10,
                start_date=made.renewal[s.pk],
                created_by=ot_of[s.pk],
            )
            for s in with_program
        ),
        batch_size=CHUNK,
    )
    ProgramAssignment.objects.bulk_create(
        (
            ProgramAssignment(
                program=p,
                person=built.aides[s.classroom_id],
                start_date=made.renewal[s.pk],
            )
            for p, s in zip(programs, with_program, strict=True)
            if s.classroom_id is not None
        ),
        batch_size=CHUNK,
    )
    return ScaleDistrict(
        district=built.district,
        coordinator=built.coordinator,
        caseloads=caseloads,
        aides=built.aides,
        programs=programs,
        first_day=last_start,
        today=today,
    )


def school_days(district: District, first_day: dt.date, today: dt.date) -> list[dt.date]:
    """Last school year whole and this one up to yesterday, closed days left out."""
    _, last_end = school_year_containing(first_day)
    closed = set(NonSchoolDay.objects.filter(district=district).values_list("date", flat=True))
    days = []
    for first, last in (
        (first_day, last_end),
        (district.school_year_start, today - dt.timedelta(days=1)),
    ):
        day = first
        while day <= last:
            if day.weekday() < 5 and day not in closed:
                days.append(day)
            day += dt.timedelta(days=1)
    return days


def weekly_sessions(*, days_open: list[int], target: int) -> list[int]:
    """Each student's sessions a week (1 to 5) so that about `target` sessions are given,
    each student having days_open[n] school days with an IEP in the history, spread evenly:
    2.3 a week gives 2, 2, 3, 2, 2, 3 ..."""
    rate = target / (sum(days_open) / 5 * (1 - MISS_RATE))
    return [
        min(5, max(1, math.floor(rate * (n + 1)) - math.floor(rate * n)))
        for n in range(len(days_open))
    ]


def renewal_day(today: dt.date, n: int) -> dt.date:
    """The day the n-th student's IEP of this year began: within the last 300 days."""
    return today - dt.timedelta(days=1 + (n * 37) % 300)


def slot_of(index: int) -> tuple[int, dt.time]:
    """The weekday and start of a therapist's index-th weekly session: across the week's
    five days first, then through each day every SESSION_STEP minutes from 08:00."""
    return SCHOOL_DAYS[index % 5], time_of(FIRST_SESSION + SESSION_STEP * (index // 5))


def _plans(scale: ScaleDistrict, weekly: dict[int, int]) -> None:
    """Each therapist's weekly plan for this year: each student's weekly sessions, laid
    out by slot_of, a student's on different days."""
    year_start = scale.district.school_year_start
    rows: list[tuple[Caseload, Student, PlannedSession]] = []
    for load in scale.caseloads:
        index = 0
        for s in load.students:
            for _ in range(weekly[s.pk]):
                weekday, start = slot_of(index)
                index += 1
                rows.append(
                    (
                        load,
                        s,
                        PlannedSession(
                            provider=load.therapist,
                            weekday=weekday,
                            start=start,
                            minutes=SESSION_MINUTES,
                            school_id=s.school_id,
                            classroom_id=s.classroom_id,
                            session_type=SessionType.PUSH_IN,
                            location=Location.GENERAL_ED,
                            active_from=year_start,
                        ),
                    )
                )
    PlannedSession.objects.bulk_create([plan for _, _, plan in rows], batch_size=CHUNK)
    through = PlannedSession.students.through
    through.objects.bulk_create(
        (through(plannedsession_id=plan.pk, student_id=s.pk) for _, s, plan in rows),
        batch_size=CHUNK,
    )
    for load, s, plan in rows:
        load.slots.append((plan, s))
