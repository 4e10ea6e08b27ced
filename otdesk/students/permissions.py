"""The one way in to a student's record: access follows relationships.

- An OT or COTA sees the students they are assigned to (an active team role).
- A teacher sees the students in the classes they teach, and students they are on the team of.
- Another specialist sees the students they share (an active team role).
- A district coordinator sees every student in the district, read-only.
- Aides and parents reach students through their programs and the parent portal, not here.
Only the student's own OT may change the IEP; everyone else who can see it gets 403.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_coordinator_of, is_therapist

from .models import StrategyRequest, Student, TeamMember, TeamRole

# The team roles through which a therapist serves a student (an OT or a COTA on the team).
SERVING_TEAM_ROLES = [TeamRole.OT, TeamRole.COTA]

_ROLE_TEAM_ROLES = {
    Role.OT: SERVING_TEAM_ROLES,
    Role.COTA: SERVING_TEAM_ROLES,
    Role.TEACHER: [TeamRole.TEACHER],
    Role.SPECIALIST: [TeamRole.SPECIALIST],
}


def _active_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _team_student_ids(user: User, roles: list[TeamRole], day: dt.date) -> QuerySet[TeamMember, Any]:
    return TeamMember.objects.filter(_active_on(day), person=user, role__in=roles).values(
        "student_id"
    )


def students_visible_to(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    if not user.is_authenticated or not user.is_active:
        return Student.objects.none()
    day = on or timezone.localdate()
    if user.is_coordinator:
        if user.district_id is None:
            return Student.objects.none()
        return Student.objects.filter(school__district_id=user.district_id)
    roles = _ROLE_TEAM_ROLES.get(Role(user.role))
    if roles is None:
        return Student.objects.none()
    visible = Q(pk__in=_team_student_ids(user, roles, day))
    if user.role == Role.TEACHER:
        visible |= Q(classroom__teacher=user)
    return Student.objects.filter(visible)


def can_edit_iep(user: User, student: Student, *, on: dt.date | None = None) -> bool:
    """Only an OT on the student's team writes the OT parts of the IEP."""
    if user.role != Role.OT:
        return False
    day = on or timezone.localdate()
    return TeamMember.objects.filter(
        _active_on(day), person=user, student=student, role=TeamRole.OT
    ).exists()


def iep_students(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    """The students whose IEP this person writes: an OT on their team (can_edit_iep)."""
    if not user.is_authenticated or user.role != Role.OT:
        return Student.objects.none()
    day = on or timezone.localdate()
    return Student.objects.filter(pk__in=_team_student_ids(user, [TeamRole.OT], day))


def can_change_strategy(user: User, student: Student) -> bool:
    """A strategy's wording and status (a review's "modify" or "discontinue") are the
    student's OT's to change; a COTA proposes such a change (students/services.py)."""
    return can_edit_iep(user, student)


def may_decide_request(user: User, strategy_request: StrategyRequest, status: str) -> bool:
    """A parent's request: the student's OT or COTA answers it, but only the student's OT
    decides that it is written in the IEP ("Added to the IEP" changes the IEP)."""
    student = strategy_request.student
    if status == StrategyRequest.Status.ADDED:
        return can_edit_iep(user, student)
    return serves(user, student)


def get_student_for_user(user: User, pk: int, *, write: bool = False) -> Student:
    """The student, or 404 when the user may not see them, or 403 when they may only read."""
    student = (
        students_visible_to(user)
        .select_related("school", "classroom__teacher")
        .filter(pk=pk)
        .first()
    )
    if student is None:
        raise Http404(_("No such student on your caseload."))
    if write and not can_edit_iep(user, student):
        raise PermissionDenied(_("You can read this student's record but not change it."))
    return student


def serves(user: User, student: Student, *, on: dt.date | None = None) -> bool:
    """An OT or COTA with an active assignment to the student."""
    if not is_therapist(user):
        return False
    day = on or timezone.localdate()
    return TeamMember.objects.filter(
        _active_on(day), person=user, student=student, role__in=SERVING_TEAM_ROLES
    ).exists()


def served_students(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    if not is_therapist(user):
        return Student.objects.none()
    day = on or timezone.localdate()
    return Student.objects.filter(pk__in=_team_student_ids(user, SERVING_TEAM_ROLES, day))


def evaluation_students(user: User) -> QuerySet[Student]:
    """The students whose evaluations and test scores this person reads (evaluations app):
    served (OT or COTA), or every student of the coordinator's district."""
    if user.is_authenticated and user.is_coordinator:
        return students_visible_to(user)
    return served_students(user)


def get_served_student(user: User, pk: int) -> Student:
    """A student the user serves as OT or COTA; 404 otherwise."""
    student = served_students(user).select_related("school", "classroom").filter(pk=pk).first()
    if student is None:
        raise Http404(_("No such student on your caseload."))
    return student


def is_parent(user: User) -> bool:
    """A parent or guardian, who reaches their own children through the family page."""
    return bool(user.is_authenticated) and user.role == Role.GUARDIAN


def require_parent(user: User) -> User:
    """The signed-in parent or guardian, else 404 (the family pages are theirs alone)."""
    if not is_parent(user):
        raise Http404(_("This page is for parents and guardians."))
    return user


def children_of(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    """A parent's or guardian's own children."""
    if not is_parent(user):
        return Student.objects.none()
    day = on or timezone.localdate()
    return Student.objects.filter(pk__in=_team_student_ids(user, [TeamRole.GUARDIAN], day))


def serves_or_is_parent_of(user: User, student: Student) -> bool:
    """The student's OT or COTA, or one of the child's parents: who may read what goes home
    (the home-program sheet, the parent summary)."""
    return serves(user, student) or children_of(user).filter(pk=student.pk).exists()


def get_child(user: User, pk: int) -> Student:
    student = children_of(user).select_related("school").filter(pk=pk).first()
    if student is None:
        raise Http404(_("No such child."))
    return student


def shares_as_specialist(user: User, student: Student, *, on: dt.date | None = None) -> bool:
    """Another specialist (SLP, PT, psychologist) with an active place on the student's team."""
    if not user.is_authenticated or user.role != Role.SPECIALIST:
        return False
    day = on or timezone.localdate()
    return TeamMember.objects.filter(
        _active_on(day), person=user, student=student, role=TeamRole.SPECIALIST
    ).exists()


def shared_students(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    """The students a specialist shares (an active SPECIALIST place on their team)."""
    if not user.is_authenticated or user.role != Role.SPECIALIST:
        return Student.objects.none()
    day = on or timezone.localdate()
    return Student.objects.filter(pk__in=_team_student_ids(user, [TeamRole.SPECIALIST], day))


def can_raise_concern(user: User, student: Student) -> bool:
    """Teachers raise concerns about students in their classes, specialists about the
    students they share; providers about their own."""
    if user.role == Role.TEACHER:
        return students_visible_to(user).filter(pk=student.pk).exists()
    if user.role == Role.SPECIALIST:
        return shares_as_specialist(user, student)
    return serves(user, student)


def may_export_record(user: User, student: Student) -> bool:
    """The complete record (everything OT Desk holds, for a family's request to inspect it):
    the student's OT or the coordinator of the student's district."""
    return can_edit_iep(user, student) or is_coordinator_of(user, student.school.district_id)


def get_record_student(user: User, pk: int) -> Student:
    """404 when the user may not see the student; 403 when they see but may not export."""
    student = get_student_for_user(user, pk)
    if not may_export_record(user, student):
        raise PermissionDenied(
            "The complete record is exported by the student's OT or the district coordinator."
        )
    return student
