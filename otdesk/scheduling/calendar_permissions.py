"""Who sees which week calendar, and who may move or lock a planned session.

- A therapist's own week is theirs alone (OTs and COTAs; everyone else gets 404).
- A school's week: the OTs and COTAs assigned to that school, and the district's coordinator.
- A classroom's week: its teacher, the OTs and COTAs serving a student of that class, and
  the district's coordinator.
- A planned session is read by its therapist, the district's coordinator, the therapists
  at its school or serving one of its students, and the teacher of one of its students'
  classes; only its own therapist moves or locks it (the others get 403, everyone else 404).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.delivery.models import PlannedSession
from otdesk.schools.models import Classroom, School, SchoolAssignment
from otdesk.students.permissions import served_students

THERAPISTS = (Role.OT, Role.COTA)


def _is_coordinator_of(user: User, district_id: int) -> bool:
    return user.role == Role.COORDINATOR and user.district_id == district_id


def _assigned_school_ids(user: User, day: dt.date) -> QuerySet[SchoolAssignment, int]:
    return (
        SchoolAssignment.objects.filter(person=user, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("school_id", flat=True)
    )


def therapist_for_week(user: User) -> User:
    """The signed-in OT or COTA whose own week is shown; 404 for anyone else."""
    if not user.is_authenticated or user.role not in THERAPISTS:
        raise Http404("The week calendar is for therapists.")
    return user


def schools_visible_to(user: User) -> QuerySet[School]:
    if not user.is_authenticated or user.district_id is None:
        return School.objects.none()
    if user.role == Role.COORDINATOR:
        return School.objects.filter(district_id=user.district_id)
    if user.role in THERAPISTS:
        return School.objects.filter(pk__in=_assigned_school_ids(user, timezone.localdate()))
    return School.objects.none()


def get_school_for_user(user: User, pk: int) -> School:
    school = schools_visible_to(user).select_related("district").filter(pk=pk).first()
    if school is None:
        raise Http404("No such school in your schedule.")
    return school


def classrooms_visible_to(user: User) -> QuerySet[Classroom]:
    if not user.is_authenticated:
        return Classroom.objects.none()
    if user.role == Role.COORDINATOR and user.district_id is not None:
        return Classroom.objects.filter(school__district_id=user.district_id)
    if user.role == Role.TEACHER:
        return Classroom.objects.filter(teacher=user)
    if user.role in THERAPISTS:
        served = served_students(user).values("classroom_id")
        return Classroom.objects.filter(pk__in=served)
    return Classroom.objects.none()


def get_classroom_for_user(user: User, pk: int) -> Classroom:
    classroom = (
        classrooms_visible_to(user)
        .select_related("school__district", "teacher")
        .filter(pk=pk)
        .first()
    )
    if classroom is None:
        raise Http404("No such classroom in your schedule.")
    return classroom


def _can_read(user: User, planned: PlannedSession) -> bool:
    if planned.provider_id == user.pk:
        return True
    if _is_coordinator_of(user, planned.school.district_id):
        return True
    student_ids = [s.pk for s in planned.students.all()]
    if user.role in THERAPISTS:
        if planned.school_id in set(_assigned_school_ids(user, timezone.localdate())):
            return True
        return served_students(user).filter(pk__in=student_ids).exists()
    if user.role == Role.TEACHER:
        return (
            Classroom.objects.filter(teacher=user)
            .filter(Q(students__in=student_ids) | Q(pk=planned.classroom_id))
            .exists()
        )
    return False


def get_planned_for_user(user: User, pk: int, *, write: bool = False) -> PlannedSession:
    """The planned session, or 404 when the user may not see it, or 403 when they may only
    read it (only its own therapist moves or locks it)."""
    planned = (
        PlannedSession.objects.select_related("school__district", "classroom", "provider")
        .prefetch_related("students__classroom")
        .filter(pk=pk)
        .first()
    )
    if planned is None or not user.is_authenticated or not _can_read(user, planned):
        raise Http404("No such planned session.")
    if write and planned.provider_id != user.pk:
        raise PermissionDenied("Only the therapist whose session this is can move or lock it.")
    return planned
