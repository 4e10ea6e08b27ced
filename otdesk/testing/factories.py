"""Small, explicit builders for tests. Each returns saved objects with sensible defaults."""

import datetime as dt
import itertools
from typing import Any

from otdesk.accounts.models import Role, User
from otdesk.delivery.models import Attendance, PlannedSession, Session, SessionStudent
from otdesk.delivery.services import direct_lines_in_force, line_for
from otdesk.jobs.models import Job, JobFile
from otdesk.scheduling.models import FixedTime
from otdesk.schools.models import BellBlock, BlockKind, Classroom, District, School
from otdesk.students.models import (
    IEP,
    DeliveryModel,
    Goal,
    Implementer,
    Location,
    Period,
    ServiceKind,
    ServiceLine,
    SkillArea,
    Strategy,
    StrategyCategory,
    Student,
    TeamMember,
    TeamRole,
)

PASSWORD = "test-pass-123"
IEP_START = dt.date(2026, 8, 24)
IEP_END = dt.date(2027, 8, 20)
TEAM_START = dt.date(2026, 8, 1)
_counter = itertools.count(1)


def make_district(**kwargs: Any) -> District:
    defaults = dict(
        name="Test District",
        school_year_start=dt.date(2026, 8, 17),
        school_year_end=dt.date(2027, 6, 4),
    )
    return District.objects.create(**{**defaults, **kwargs})


def make_school(district: District, **kwargs: Any) -> School:
    n = next(_counter)
    return School.objects.create(
        district=district, name=f"School {n}", short_name=f"S{n}", **kwargs
    )


def make_user(role: Role, district: District | None = None, **kwargs: Any) -> User:
    n = next(_counter)
    user = User(
        username=kwargs.pop("username", f"{role}{n}"),
        first_name=kwargs.pop("first_name", role.label.split()[0]),
        last_name=kwargs.pop("last_name", f"Person{n}"),
        role=role,
        district=district,
        **kwargs,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_classroom(school: School, teacher: User | None = None, **kwargs: Any) -> Classroom:
    n = next(_counter)
    return Classroom.objects.create(school=school, name=f"Room {n}", teacher=teacher, **kwargs)


def make_student(school: School, classroom: Classroom | None = None, **kwargs: Any) -> Student:
    n = next(_counter)
    defaults = dict(
        first_name=f"Kid{n}",
        last_name=f"Family{n}",
        date_of_birth=dt.date(2018, 3, 4),
        grade="2",
    )
    return Student.objects.create(school=school, classroom=classroom, **{**defaults, **kwargs})


def make_iep(student: Student, **kwargs: Any) -> IEP:
    defaults = dict(
        start_date=IEP_START,
        end_date=IEP_END,
        annual_review_due=IEP_END,
        reevaluation_due=dt.date(2028, 5, 1),
    )
    return IEP.objects.create(student=student, **{**defaults, **kwargs})


def make_line(iep: IEP, **kwargs: Any) -> ServiceLine:
    defaults = dict(
        kind=ServiceKind.DIRECT,
        delivery_model=DeliveryModel.PUSH_IN,
        minutes=30,
        period=Period.WEEK,
        location=Location.GENERAL_ED,
        start_date=iep.start_date,
        end_date=iep.end_date,
    )
    line = ServiceLine(iep=iep, **{**defaults, **kwargs})
    line.full_clean()
    line.save()
    return line


def make_goal(iep: IEP, **kwargs: Any) -> Goal:
    defaults = dict(
        area=SkillArea.FINE_MOTOR,
        description="Will cut along a curved line.",
        baseline="Cuts straight lines.",
        target="Cuts curves within 1/4 inch.",
        measurement="4 of 5 trials",
    )
    return Goal.objects.create(iep=iep, **{**defaults, **kwargs})


def make_strategy(student: Student, **kwargs: Any) -> Strategy:
    defaults = dict(
        category=StrategyCategory.WRITING_TOOL,
        description="Triangular pencil grip",
        implementer=Implementer.TEACHER,
        start_date=IEP_START,
        next_review_date=dt.date(2026, 9, 24),
    )
    return Strategy.objects.create(student=student, **{**defaults, **kwargs})


def add_to_team(student: Student, person: User, role: TeamRole, **kwargs: Any) -> TeamMember:
    return TeamMember.objects.create(
        student=student,
        person=person,
        role=role,
        start_date=kwargs.pop("start_date", TEAM_START),
        **kwargs,
    )


def make_block(
    school: School,
    *,
    weekday: int = 0,
    start: dt.time = dt.time(8, 30),
    end: dt.time = dt.time(9, 30),
    **kwargs: Any,
) -> BellBlock:
    """A bell-schedule block (a whole-school one unless `classroom` is given)."""
    defaults: dict[str, Any] = dict(name="Reading", kind=BlockKind.READING)
    return BellBlock.objects.create(
        school=school, weekday=weekday, start=start, end=end, **{**defaults, **kwargs}
    )


def make_fixed_time(
    provider: User,
    *,
    weekday: int = 0,
    start: dt.time = dt.time(14),
    end: dt.time = dt.time(15),
    **kwargs: Any,
) -> FixedTime:
    """A therapist's meeting (weekly, or one-off with `date=`)."""
    defaults: dict[str, Any] = dict(kind=FixedTime.Kind.MEETING, title="Team meeting")
    return FixedTime.objects.create(
        provider=provider, weekday=weekday, start=start, end=end, **{**defaults, **kwargs}
    )


def make_planned(
    provider: User,
    school: School,
    students: list[Student],
    *,
    weekday: int = 0,
    start: dt.time = dt.time(9, 30),
    minutes: int = 30,
    active_from: dt.date = dt.date(2026, 9, 1),
    **kwargs: Any,
) -> PlannedSession:
    """A weekly planned session (push-in in the general-ed room by default)."""
    defaults: dict[str, Any] = dict(session_type="push_in", location="general_ed")
    planned = PlannedSession.objects.create(
        provider=provider,
        school=school,
        weekday=weekday,
        start=start,
        minutes=minutes,
        active_from=active_from,
        **{**defaults, **kwargs},
    )
    planned.students.set(students)
    return planned


def make_session(
    provider: User,
    school: School,
    students: list[Student],
    *,
    date: dt.date = dt.date(2026, 9, 14),
    start: dt.time = dt.time(9, 30),
    minutes: int = 30,
    attendance: str = Attendance.PRESENT,
    **kwargs: Any,
) -> Session:
    """A logged session with each student present (crediting their first direct line in
    force unless `service_line` is given, as log_session would)."""
    defaults: dict[str, Any] = dict(session_type="push_in", location="general_ed")
    line = kwargs.pop("service_line", None)
    session = Session.objects.create(
        provider=provider,
        school=school,
        date=date,
        start=start,
        minutes=minutes,
        **{**defaults, **kwargs},
    )
    for student in students:
        credited = line or line_for(direct_lines_in_force(student, date), session.session_type)
        SessionStudent.objects.create(
            session=session, student=student, service_line=credited, attendance=attendance
        )
    return session


def make_job(owner: User, district: District | None = None, **kwargs: Any) -> Job:
    """A job record as a worker would leave it (no queued task: nothing will run it)."""
    values: dict[str, Any] = {"kind": "tests.made", "label": "A long job", **kwargs}
    return Job.objects.create(owner=owner, district=district, **values)


def make_job_file(job: Job, name: str = "report.csv", data: bytes = b"a,b\n1,2\n") -> JobFile:
    return JobFile.objects.create(
        job=job, name=name, content_type="text/csv", data=data, size=len(data)
    )
