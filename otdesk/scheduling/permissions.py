"""Who may open each scheduling page and change each scheduling record: the one way in
for every scheduling view. Role gates come from accounts/permissions.py and a child's
record from students/permissions.py; a person without the page gets 404 with the reason,
one who may only read gets 403 on a change.

Week calendars:
- A therapist's own week is theirs alone (OTs and COTAs; everyone else gets 404).
- A school's week: the OTs and COTAs assigned to that school, and the district's coordinator.
- A classroom's week: its teacher, the OTs and COTAs serving a student of that class, and
  the district's coordinator.
- A planned session is read by its therapist, the district's coordinator, the therapists
  at its school or serving one of its students, and the teacher of one of its students'
  classes; only its own therapist moves or locks it (the others get 403, everyone else 404).

Set-up:
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

Plans:
- The generator, calendar feeds: a therapist's own.
- District runs: the district's coordinator (a therapist of a district gets 403, anyone
  else 404); a run's proposal: the therapist it was made for.
- Make-ups: planned by the OTs and COTAs who serve the student (404 when the student is
  hidden, 403 when only readable).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import (
    coordinated_district,
    is_coordinator_of,
    is_therapist,
    require_therapist,
)
from otdesk.delivery.models import MissedSession, PlannedSession
from otdesk.schools.models import BellBlock, Classroom, District, School, SchoolAssignment
from otdesk.students.models import Student
from otdesk.students.permissions import (
    get_student_for_user,
    served_students,
    serves,
    shares_as_specialist,
    students_visible_to,
)

from .models import FixedTime, PlanRunItem


def _active(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def active_assignments(user: User, *, on: dt.date | None = None) -> QuerySet[SchoolAssignment]:
    day = on or timezone.localdate()
    return SchoolAssignment.objects.filter(_active(day), person=user).select_related("school")


def _assigned_school_ids(user: User) -> QuerySet[SchoolAssignment, int]:
    return active_assignments(user).values_list("school_id", flat=True)


# Therapists' own pages -------------------------------------------------------------------


def therapist_for_week(user: User) -> User:
    """The signed-in OT or COTA whose own week is shown; 404 for anyone else."""
    return require_therapist(user, "The week calendar is for therapists.")


def get_therapist(user: User) -> User:
    """The days, meetings and rules pages are a therapist's own."""
    return require_therapist(user, "These settings belong to a therapist's own schedule.")


def feed_owner(user: User) -> User:
    """Calendar feeds and the generator are a therapist's own."""
    return require_therapist(user, "Calendar feeds are for therapists.")


# Week calendars --------------------------------------------------------------------------


def schools_visible_to(user: User) -> QuerySet[School]:
    """Schools whose week calendar the user may open."""
    if not user.is_authenticated or user.district_id is None:
        return School.objects.none()
    if is_coordinator_of(user, user.district_id):
        return School.objects.filter(district_id=user.district_id)
    if is_therapist(user):
        return School.objects.filter(pk__in=_assigned_school_ids(user))
    return School.objects.none()


def get_school_for_user(user: User, pk: int) -> School:
    school = schools_visible_to(user).select_related("district").filter(pk=pk).first()
    if school is None:
        raise Http404("No such school in your schedule.")
    return school


def classrooms_visible_to(user: User) -> QuerySet[Classroom]:
    if not user.is_authenticated:
        return Classroom.objects.none()
    district_id = user.district_id
    if district_id is not None and is_coordinator_of(user, district_id):
        return Classroom.objects.filter(school__district_id=district_id)
    if user.role == Role.TEACHER:
        return Classroom.objects.filter(teacher=user)
    if is_therapist(user):
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
    if is_coordinator_of(user, planned.school.district_id):
        return True
    student_ids = [s.pk for s in planned.students.all()]
    if is_therapist(user):
        if planned.school_id in set(_assigned_school_ids(user)):
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


# Set-up ----------------------------------------------------------------------------------
def schools_visible_for_setup(user: User) -> QuerySet[School]:
    """Schools whose bell schedule the user may read."""
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    if user.is_coordinator:
        if user.district_id is None:
            return School.objects.none()
        return School.objects.filter(district_id=user.district_id)
    visible = Q(pk__in=_assigned_school_ids(user))
    if user.role == Role.TEACHER:
        visible |= Q(pk__in=Classroom.objects.filter(teacher=user).values("school_id"))
    return School.objects.filter(visible)


def can_edit_school_blocks(user: User, school: School) -> bool:
    """The whole-school bell schedule (and every classroom's blocks)."""
    if user.is_coordinator:
        return is_coordinator_of(user, school.district_id)
    if is_therapist(user):
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
    if not keeps_travel_times(user) or user.district is None:
        raise Http404("Travel times are kept by the district's therapists and coordinator.")
    return user.district


def get_fixed_time_for_user(user: User, pk: int) -> FixedTime:
    fixed = FixedTime.objects.filter(pk=pk, provider=get_therapist(user)).first()
    if fixed is None:
        raise Http404("No such meeting or protected time of yours.")
    return fixed


def can_edit_unavailable(user: User, student: Student) -> bool:
    """The student's OTs and COTAs, and the other specialists who share the student (the
    times the student is with them: speech at 10:00 on Tuesdays)."""
    return serves(user, student) or shares_as_specialist(user, student)


def get_student_for_unavailable(user: User, pk: int) -> Student:
    """The student whose unavailable times the user changes: 404 when hidden, 403 when the
    user sees the student but does not serve them."""
    student = get_student_for_user(user, pk)
    if not can_edit_unavailable(user, student):
        raise PermissionDenied(
            "Only the student's OT or COTA, or a specialist who sees the student, changes "
            "these times."
        )
    return student


# Plans -----------------------------------------------------------------------------------


def run_district(user: User) -> District:
    """The district whose plan runs the user starts and watches: its coordinator's. A
    therapist of a district reads that only the coordinator runs them (403)."""
    if is_therapist(user) and user.district_id is not None:
        raise PermissionDenied("Only the district coordinator makes plans for every therapist.")
    return coordinated_district(user)


def get_run_proposal(user: User, item_id: int) -> PlanRunItem:
    """A finished plan a district run made for this therapist; 404 for anyone else."""
    item = (
        PlanRunItem.objects.select_related("run__started_by")
        .filter(pk=item_id, provider=user, status=PlanRunItem.Status.DONE)
        .first()
    )
    if item is None:
        raise Http404("No such proposed plan for you.")
    return item


def get_miss_to_make_up(user: User, pk: int) -> MissedSession:
    """The miss, when the user serves its student as OT or COTA.

    Someone who cannot see the student gets 404; a teacher, specialist or coordinator who
    can read the record but does not serve the student gets 403.
    """
    miss = (
        MissedSession.objects.select_related(
            "student__school__district", "student__classroom", "service_line", "provider"
        )
        .filter(pk=pk, voided_at__isnull=True, student__in=students_visible_to(user))
        .first()
    )
    if miss is None:
        raise Http404("No such missed session.")
    if not serves(user, miss.student):
        raise PermissionDenied("Only the OTs and COTAs who serve the student plan make-ups.")
    return miss


def is_class_teacher(user: User) -> bool:
    """A teacher: sees their own class's students by name on a classroom's week."""
    return bool(user.is_authenticated) and user.role == Role.TEACHER


def setup_user(user: User) -> User:
    """Schedule set-up is for therapists, teachers and coordinators; 404 for anyone else."""
    if not (is_therapist(user) or user.is_coordinator or is_class_teacher(user)):
        raise Http404("Schedule set-up is for therapists, teachers and coordinators.")
    return user


def keeps_travel_times(user: User) -> bool:
    """The district's therapists and coordinator keep its travel times."""
    return (is_therapist(user) or user.is_coordinator) and user.district_id is not None


def get_booked_makeup(user: User, pk: int) -> tuple[PlannedSession, MissedSession]:
    """A booked make-up and its miss, for cancelling: 404 when there is no such booking or
    its student is hidden, 403 when the user may not plan the miss's make-ups or the
    booking is on another therapist's plan."""
    planned = (
        PlannedSession.objects.select_related("makeup_for")
        .filter(pk=pk, makeup_for__isnull=False)
        .first()
    )
    if planned is None or planned.makeup_for_id is None:
        raise Http404("No such booked make-up.")
    miss = get_miss_to_make_up(user, planned.makeup_for_id)
    if planned.provider_id != user.pk:
        raise PermissionDenied("Only the therapist whose plan it is on can cancel it.")
    return planned, miss
