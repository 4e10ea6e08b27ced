"""Who reaches a family's questions: the parent or guardian who may see the child (through
students.permissions.children_of), and the therapists who serve the child; of these only
the child's OT answers (students.permissions.can_edit_iep: the OT on the team)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

from otdesk.accounts.models import User
from otdesk.students.permissions import can_edit_iep, children_of, served_students

from .models import Question

NO_SUCH_QUESTION = gettext_noop("No such question.")


def questions_for_parent(user: User) -> QuerySet[Question]:
    """The questions about this parent's own children (any guardian of the child may read
    what another guardian asked: they share the child's record)."""
    return Question.objects.filter(student__in=children_of(user))


def get_question_for_parent(user: User, pk: int) -> Question:
    question = questions_for_parent(user).select_related("student").filter(pk=pk).first()
    if question is None:
        raise Http404(gettext(NO_SUCH_QUESTION))
    return question


def questions_for_therapist(user: User) -> QuerySet[Question]:
    """The families' questions about the students this OT or COTA serves."""
    return Question.objects.filter(student__in=served_students(user))


def get_question_for_therapist(user: User, pk: int, *, answer: bool = False) -> Question:
    """The question, 404 when the child is not served by this therapist, 403 when they may
    read it but not answer (a COTA: the child's OT answers the family)."""
    question = (
        questions_for_therapist(user).select_related("student", "asked_by").filter(pk=pk).first()
    )
    if question is None:
        raise Http404(gettext(NO_SUCH_QUESTION))
    if answer and not can_answer(user, question):
        raise PermissionDenied(gettext("The child's occupational therapist answers the family."))
    return question


def can_answer(user: User, question: Question) -> bool:
    return can_edit_iep(user, question.student)
