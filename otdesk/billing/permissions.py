"""Who reaches billing: the coordinator of the district, nobody else.

Billing data (Medicaid ids, consent) is the district's business office's: a student's
therapists and teacher, who see the student, get 403 on the student's billing record;
everyone else 404, as if it did not exist. A therapist (OT or COTA) sees only the list
of their own sessions that cannot be billed and why (to sign a note, say), never the
export or anyone's Medicaid id.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from otdesk.accounts.models import User
from otdesk.accounts.permissions import (
    coordinated_district,
    is_coordinator_of,
    require_therapist,
)
from otdesk.schools.models import District
from otdesk.students.models import Student
from otdesk.students.permissions import students_visible_to

from .models import BilledLine

WHY = "Only the district coordinator sees Medicaid billing."


def billing_district(user: User) -> District:
    """The district whose billing this coordinator runs, else 404."""
    return coordinated_district(user, WHY)


def therapist_district(user: User) -> District:
    """A therapist's district, for the list of their own sessions that cannot be billed;
    404 for anyone else."""
    require_therapist(user, "This page is for therapists.")
    if user.district is None:
        raise Http404("You are not in a district.")
    return user.district


def billing_student(user: User, pk: int) -> Student:
    """A student of the coordinator's district; 403 for others who see the student, 404
    for everyone else."""
    student = students_visible_to(user).select_related("school").filter(pk=pk).first()
    if student is None:
        raise Http404("No such student.")
    if not is_coordinator_of(user, student.school.district_id):
        raise PermissionDenied("Only the district coordinator changes a student's billing record.")
    return student


def billed_line(user: User, pk: int | None) -> BilledLine:
    district = billing_district(user)
    line = BilledLine.objects.filter(pk=pk, export__district=district).first() if pk else None
    if line is None:
        raise Http404("No such billed line.")
    return line
