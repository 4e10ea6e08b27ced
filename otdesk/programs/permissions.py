"""Programs are seen by the people who carry them out and the therapists who serve the student.

- An aide, behaviorist or teacher sees only the programs assigned to them (404 otherwise)
  and may log implementation of them.
- An OT or COTA serving the student sees and changes the student's programs.
- A coordinator reads the district's programs (403 on changes).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_coordinator_of, is_therapist
from otdesk.students.permissions import served_students, serves

from .models import AideProgram, ProgramAssignment

IMPLEMENTER_ROLES = (Role.AIDE, Role.BEHAVIORIST, Role.TEACHER)


def _assigned(user: User, day: dt.date) -> QuerySet[ProgramAssignment, int]:
    return (
        ProgramAssignment.objects.filter(person=user, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("program_id", flat=True)
    )


def carries_out_programs(user: User) -> bool:
    """An aide, behaviorist or teacher: someone who carries out programs they are assigned."""
    return bool(user.is_authenticated) and user.role in IMPLEMENTER_ROLES


def oversees_programs(user: User) -> bool:
    """A therapist (their students' programs) or a coordinator (the district's, read-only)."""
    return is_therapist(user) or is_coordinator_of(user, user.district_id)


def programs_visible_to(user: User) -> QuerySet[AideProgram]:
    if not user.is_authenticated:
        return AideProgram.objects.none()
    today = timezone.localdate()
    if is_therapist(user):
        return AideProgram.objects.filter(student__in=served_students(user))
    if carries_out_programs(user):
        return AideProgram.objects.filter(pk__in=_assigned(user, today))
    district_id = user.district_id
    if district_id is not None and is_coordinator_of(user, district_id):
        return AideProgram.objects.filter(student__school__district_id=district_id)
    return AideProgram.objects.none()


def is_implementer(user: User, program: AideProgram) -> bool:
    return program.pk in set(_assigned(user, timezone.localdate()))


def get_program_for_user(user: User, pk: int, *, write: bool = False) -> AideProgram:
    """404 when hidden; 403 when the user may see the program but not change it."""
    program = (
        programs_visible_to(user)
        .select_related("student__school", "created_by")
        .filter(pk=pk)
        .first()
    )
    if program is None:
        raise Http404("No such program.")
    if write and not serves(user, program.student):
        raise PermissionDenied("Only the student's therapists change a program.")
    return program


def get_program_to_log(user: User, pk: int) -> AideProgram:
    program = get_program_for_user(user, pk)
    if not (is_implementer(user, program) or serves(user, program.student)):
        raise PermissionDenied("Only the people who carry out this program log it.")
    return program
