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

from otdesk.accounts.models import Role, User

from .models import Student, TeamMember, TeamRole

_ROLE_TEAM_ROLES = {
    Role.OT: [TeamRole.OT, TeamRole.COTA],
    Role.COTA: [TeamRole.OT, TeamRole.COTA],
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
    if user.role == Role.COORDINATOR:
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


def get_student_for_user(user: User, pk: int, *, write: bool = False) -> Student:
    """The student, or 404 when the user may not see them, or 403 when they may only read."""
    student = (
        students_visible_to(user)
        .select_related("school", "classroom__teacher")
        .filter(pk=pk)
        .first()
    )
    if student is None:
        raise Http404("No such student on your caseload.")
    if write and not can_edit_iep(user, student):
        raise PermissionDenied("You can read this student's record but not change it.")
    return student


def serves(user: User, student: Student, *, on: dt.date | None = None) -> bool:
    """An OT or COTA with an active assignment to the student."""
    if user.role not in (Role.OT, Role.COTA):
        return False
    day = on or timezone.localdate()
    return TeamMember.objects.filter(
        _active_on(day), person=user, student=student, role__in=[TeamRole.OT, TeamRole.COTA]
    ).exists()


def served_students(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    if not user.is_authenticated or user.role not in (Role.OT, Role.COTA):
        return Student.objects.none()
    day = on or timezone.localdate()
    return Student.objects.filter(pk__in=_team_student_ids(user, [TeamRole.OT, TeamRole.COTA], day))


def get_served_student(user: User, pk: int) -> Student:
    """A student the user serves as OT or COTA; 404 otherwise."""
    student = served_students(user).select_related("school", "classroom").filter(pk=pk).first()
    if student is None:
        raise Http404("No such student on your caseload.")
    return student


def children_of(user: User, *, on: dt.date | None = None) -> QuerySet[Student]:
    """A parent's or guardian's own children."""
    if not user.is_authenticated or user.role != Role.GUARDIAN:
        return Student.objects.none()
    day = on or timezone.localdate()
    return Student.objects.filter(pk__in=_team_student_ids(user, [TeamRole.GUARDIAN], day))


def get_child(user: User, pk: int) -> Student:
    student = children_of(user).select_related("school").filter(pk=pk).first()
    if student is None:
        raise Http404("No such child.")
    return student


def can_raise_concern(user: User, student: Student) -> bool:
    """Teachers raise concerns about students in their classes; providers about their own."""
    if user.role == Role.TEACHER:
        return students_visible_to(user).filter(pk=student.pk).exists()
    return serves(user, student)
