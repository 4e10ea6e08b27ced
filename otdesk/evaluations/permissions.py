"""Who reaches an evaluation (the one way in for every view of this app):

- the student's OT (students.permissions.can_edit_iep) writes it: starts it, records its
  dates and findings, adds the tests given and their scores;
- a COTA serving the student and the district coordinator read it (403 on every change);
- everyone else: 404, as if it did not exist.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_therapist
from otdesk.assessments.models import AssessmentAdministration
from otdesk.students.models import Student
from otdesk.students.permissions import can_edit_iep, evaluation_students

from .models import Evaluation

NO_SUCH_STUDENT = "No such student on your caseload."
NO_SUCH_EVALUATION = "No such evaluation on your caseload."
READ_ONLY = "The student's OT records the evaluation; you can read it."


def require_evaluation_reader(user: User) -> User:
    """A therapist (OT or COTA) or a district coordinator; 404 for anyone else."""
    if not (is_therapist(user) or (user.is_authenticated and user.is_coordinator)):
        raise Http404("Evaluations are kept by the students' therapists and coordinator.")
    return user


def can_edit_evaluation(user: User, student: Student) -> bool:
    return can_edit_iep(user, student)


def get_evaluation_student(user: User, pk: int, *, write: bool = False) -> Student:
    student = evaluation_students(user).select_related("school__district").filter(pk=pk).first()
    if student is None:
        raise Http404(NO_SUCH_STUDENT)
    if write and not can_edit_evaluation(user, student):
        raise PermissionDenied(READ_ONLY)
    return student


def evaluations_visible_to(user: User) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(student__in=evaluation_students(user))


def get_evaluation(user: User, pk: int, *, write: bool = False) -> Evaluation:
    evaluation = (
        evaluations_visible_to(user)
        .select_related("student__school__district", "evaluator")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404(NO_SUCH_EVALUATION)
    if write and not can_edit_evaluation(user, evaluation.student):
        raise PermissionDenied(READ_ONLY)
    return evaluation


def get_administration(user: User, pk: int, *, write: bool = False) -> AssessmentAdministration:
    """A test given in an evaluation the user reads (404 otherwise; 403 on a change by a
    reader)."""
    found = (
        AssessmentAdministration.objects.filter(
            Q(evaluation__in=evaluations_visible_to(user)), pk=pk
        )
        .select_related("tool", "evaluation__student__school__district")
        .first()
    )
    if found is None:
        raise Http404("No such test on your caseload.")
    if write and not can_edit_evaluation(user, found.evaluation.student):
        raise PermissionDenied(READ_ONLY)
    return found
