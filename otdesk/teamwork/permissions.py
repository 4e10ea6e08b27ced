"""Who has the teacher's page, the specialist's page and a student's team notes.

Which students a person may see is the students app's rule (students/permissions.py);
these gates are built on it. A person who may not see the student gets 404; one who sees
the record but has no part in this (a coordinator, a teacher on team notes) gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_coordinator_of
from otdesk.students.models import Strategy, Student
from otdesk.students.permissions import (
    get_student_for_user,
    serves,
    shared_students,
    shares_as_specialist,
    students_visible_to,
)


def is_teacher(user: User) -> bool:
    return bool(user.is_authenticated) and user.role == Role.TEACHER


def is_specialist(user: User) -> bool:
    return bool(user.is_authenticated) and user.role == Role.SPECIALIST


def require_teacher(user: User) -> User:
    if not is_teacher(user):
        raise Http404("This page is for teachers.")
    return user


def require_specialist(user: User) -> User:
    if not is_specialist(user):
        raise Http404("This page is for the other specialists on a student's team.")
    return user


def class_students(user: User) -> QuerySet[Student]:
    """A teacher's students: in the classes they teach, or on whose team they are."""
    if not is_teacher(user):
        return Student.objects.none()
    return students_visible_to(user).filter(active=True)


def specialist_students(user: User) -> QuerySet[Student]:
    return shared_students(user).filter(active=True)


def get_strategy_to_confirm(user: User, pk: int) -> Strategy:
    """A strategy the teacher confirms is in place today: 404 when its student is hidden
    from the user, 403 when they see the student but are not the teacher."""
    strategy = (
        Strategy.objects.select_related("student")
        .filter(pk=pk, student__in=students_visible_to(user))
        .first()
    )
    if strategy is None:
        raise Http404("No such strategy for your students.")
    if not is_teacher(user):
        raise PermissionDenied("The student's teacher confirms a strategy is in place.")
    return strategy


def can_write_team_notes(user: User, student: Student) -> bool:
    """The professionals on the team: the OTs and COTAs who serve the student and the
    specialists who share them."""
    return serves(user, student) or shares_as_specialist(user, student)


def can_read_team_notes(user: User, student: Student) -> bool:
    """The writers, and the district's coordinator (read-only)."""
    if can_write_team_notes(user, student):
        return True
    return is_coordinator_of(user, student.school.district_id)


def get_student_for_team_notes(user: User, pk: int, *, write: bool = False) -> Student:
    student = get_student_for_user(user, pk)
    allowed = can_write_team_notes if write else can_read_team_notes
    if not allowed(user, student):
        raise PermissionDenied("Team notes are for the therapists and specialists who serve.")
    return student
