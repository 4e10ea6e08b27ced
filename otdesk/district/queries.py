"""Reads of the district pages: the students with their teams, the people who can join a
team, the closed days of the school year."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from otdesk.accounts.models import User
from otdesk.schools.models import District, NonSchoolDay
from otdesk.students.models import Student, TeamMember, TeamRole
from otdesk.students.team import ROLE_FOR_TEAM_ROLE


@dataclass
class TeamRow:
    student: Student
    current: list[TeamMember]


def _active_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def team_rows(students: QuerySet[Student], *, today: dt.date) -> list[TeamRow]:
    """Each student with the staff on their team today (OT and COTA first), in a fixed
    number of queries."""
    current = (
        TeamMember.objects.filter(_active_on(today))
        .exclude(role=TeamRole.GUARDIAN)
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    rows = students.select_related("school").prefetch_related(
        Prefetch("team", queryset=current, to_attr="current_team")
    )
    return [TeamRow(student=s, current=list(s.current_team)) for s in rows]


def filter_team_students(
    students: QuerySet[Student], *, school: int | None, words: str
) -> QuerySet[Student]:
    if school is not None:
        students = students.filter(school_id=school)
    for word in words.split():
        students = students.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return students.order_by("last_name", "first_name", "pk")


def team_history(student: Student) -> list[TeamMember]:
    """Every assignment of the student, guardians included, newest start first."""
    return list(
        student.team.select_related("person").order_by("-start_date", "role", "person__last_name")
    )


def assignable_people(district: District) -> QuerySet[User]:
    """Active staff of the district whose profession fits a team role."""
    return User.objects.filter(
        district=district, is_active=True, role__in=set(ROLE_FOR_TEAM_ROLE.values())
    ).order_by("last_name", "first_name")


def closed_days(district: District) -> list[NonSchoolDay]:
    return list(
        NonSchoolDay.objects.filter(
            district=district,
            date__gte=district.school_year_start,
            date__lte=district.school_year_end,
        ).order_by("date")
    )
