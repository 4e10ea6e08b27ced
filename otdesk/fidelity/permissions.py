"""Who reads a fidelity report: a therapist their caseload, a district coordinator their
district (any school, any therapist), a student's report their OT or COTA and the
coordinator. Built on students/permissions.py and accounts/permissions.py.

- Someone who may not see the student (or has no such page): 404, as everywhere.
- Someone who sees the student but does not answer for their minutes (the class teacher,
  another specialist): 403, they read the record but not its minutes report.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from otdesk.accounts.models import User
from otdesk.accounts.permissions import coordinated_district, is_coordinator_of, require_therapist
from otdesk.schools.models import District
from otdesk.students.models import Student
from otdesk.students.permissions import get_student_for_user, served_students, serves


def caseload_students(user: User) -> QuerySet[Student]:
    """The signed-in therapist's caseload, else 404."""
    require_therapist(user, "Only therapists have a caseload report.")
    return served_students(user)


def report_district(user: User) -> District:
    """The district a coordinator reports on, else 404."""
    return coordinated_district(user, "Only a district coordinator sees the district report.")


def may_report_on(user: User, student: Student) -> bool:
    """The student's OT or COTA, or the coordinator of the student's district."""
    return serves(user, student) or is_coordinator_of(user, student.school.district_id)


def get_report_student(user: User, pk: int) -> Student:
    """A student whose fidelity report the user reads: 404 when the user may not see the
    student, 403 when they see the student but do not answer for the minutes."""
    student = get_student_for_user(user, pk)
    if not may_report_on(user, student):
        raise PermissionDenied(
            "You can see this student, but their minutes report is for their therapists "
            "and the district coordinator."
        )
    return student
