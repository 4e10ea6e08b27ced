"""Who destroys a record and who places a legal hold: the coordinator of the student's
district, never anyone else (those who see the student read that they may not)."""

from django.core.exceptions import PermissionDenied

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_coordinator_of
from otdesk.students.models import Student
from otdesk.students.permissions import get_student_for_user


def may_destroy(user: User, student: Student) -> bool:
    return is_coordinator_of(user, student.school.district_id)


def get_destroyable_student(user: User, pk: int) -> Student:
    """404 when the user may not see the student; 403 when they see but may not destroy."""
    student = get_student_for_user(user, pk)
    if not may_destroy(user, student):
        raise PermissionDenied(
            "Only the district coordinator destroys a record or places a legal hold."
        )
    return student
