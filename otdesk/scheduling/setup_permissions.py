"""Who may read and change the schedule's constraints (the set-up pages).

- Bell schedules: a district coordinator, and an OT or COTA with an active assignment at
  the school, change every block of the school; a teacher changes the blocks of their own
  classroom. Anyone else working at the school (an SLP, an aide with an assignment there, a
  teacher for the whole-school blocks) reads them: 403 on a change. Someone with no tie to
  the school gets 404.
- Travel times: the OTs, COTAs and coordinator of the district.
- Days at each school, meetings and protected time, group rules and weights: the
  therapist's own (OT or COTA).
- A student's unavailable times: read by everyone who sees the student; changed by the
  OT or COTA who serves the student (they plan the sessions, so they keep these times).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.schools.models import BellBlock, Classroom, District, School, SchoolAssignment
from otdesk.students.models import Student
from otdesk.students.permissions import get_student_for_user, serves

from .models import FixedTime

THERAPISTS = (Role.OT, Role.COTA)


def _active(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def active_assignments(user: User, *, on: dt.date | None = None) -> QuerySet[SchoolAssignment]:
    day = on or timezone.localdate()
    return SchoolAssignment.objects.filter(_active(day), person=user).select_related("school")


def _assigned_school_ids(user: User) -> QuerySet[SchoolAssignment, int]:
    return active_assignments(user).values_list("school_id", flat=True)


def schools_visible_for_setup(user: User) -> QuerySet[School]:
    """Schools whose bell schedule the user may read."""
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    if user.role == Role.COORDINATOR:
        if user.district_id is None:
            return School.objects.none()
        return School.objects.filter(district_id=user.district_id)
    visible = Q(pk__in=_assigned_school_ids(user))
    if user.role == Role.TEACHER:
        visible |= Q(pk__in=Classroom.objects.filter(teacher=user).values("school_id"))
    return School.objects.filter(visible)


def can_edit_school_blocks(user: User, school: School) -> bool:
    """The whole-school bell schedule (and every classroom's blocks)."""
    if user.role == Role.COORDINATOR:
        return user.district_id is not None and user.district_id == school.district_id
    if user.role in THERAPISTS:
        return active_assignments(user).filter(school=school).exists()
    return False


def can_edit_classroom_blocks(user: User, classroom: Classroom) -> bool:
    if classroom.teacher_id is not None and classroom.teacher_id == user.pk:
        return True
    return can_edit_school_blocks(user, classroom.school)


def can_edit_block(user: User, block: BellBlock) -> bool:
    if block.classroom is not None:
        return can_edit_classroom_blocks(user, block.classroom)
    return can_edit_school_blocks(user, block.school)


def classrooms_editable_by(user: User, school: School) -> QuerySet[Classroom]:
    """The classrooms of the school whose blocks the user may add or change."""
    rooms = Classroom.objects.filter(school=school).select_related("teacher")
    if can_edit_school_blocks(user, school):
        return rooms
    return rooms.filter(teacher=user)


def can_add_blocks(user: User, school: School) -> bool:
    return can_edit_school_blocks(user, school) or classrooms_editable_by(user, school).exists()


def get_school_for_setup(user: User, pk: int, *, write: bool = False) -> School:
    """The school, or 404 when the user has no tie to it, or 403 when they may only read."""
    school = schools_visible_for_setup(user).select_related("district").filter(pk=pk).first()
    if school is None:
        raise Http404("No such school in your work.")
    if write and not can_add_blocks(user, school):
        raise PermissionDenied("You can read this bell schedule but not change it.")
    return school


def get_block_for_user(user: User, pk: int) -> BellBlock:
    """A block the user may change: 404 when its school is not theirs, 403 when read-only."""
    block = (
        BellBlock.objects.select_related("school", "classroom__school", "classroom__teacher")
        .filter(pk=pk, school__in=schools_visible_for_setup(user))
        .first()
    )
    if block is None:
        raise Http404("No such block in your schools.")
    if not can_edit_block(user, block):
        raise PermissionDenied("You can read this block but not change it.")
    return block


def get_travel_district(user: User) -> District:
    """Travel times are kept by the district's OTs, COTAs and coordinator."""
    if user.role not in (*THERAPISTS, Role.COORDINATOR) or user.district is None:
        raise Http404("Travel times are kept by the district's therapists and coordinator.")
    return user.district


def get_therapist(user: User) -> User:
    """The days, meetings and rules pages are a therapist's own."""
    if user.role not in THERAPISTS:
        raise Http404("These settings belong to a therapist's own schedule.")
    return user


def get_fixed_time_for_user(user: User, pk: int) -> FixedTime:
    fixed = FixedTime.objects.filter(pk=pk, provider=get_therapist(user)).first()
    if fixed is None:
        raise Http404("No such meeting or protected time of yours.")
    return fixed


def can_edit_unavailable(user: User, student: Student) -> bool:
    return serves(user, student)


def get_student_for_unavailable(user: User, pk: int) -> Student:
    """The student whose unavailable times the user changes: 404 when hidden, 403 when the
    user sees the student but does not serve them."""
    student = get_student_for_user(user, pk)
    if not can_edit_unavailable(user, student):
        raise PermissionDenied("Only the student's OT or COTA changes these times.")
    return student
