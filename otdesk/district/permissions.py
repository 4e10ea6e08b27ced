"""Who may open each district page and change each district record: the one way in for
every view of this app. Role gates come from accounts/permissions.py and students from
students/permissions.py.

- The district hub and team assignments: the district's coordinator only; anyone else
  gets 404, as if the page did not exist. A student or an assignment of another district
  is a 404 for the coordinator too.
- Schools, closed days and the district's rules: read by every staff member of the
  district (therapists and teachers plan around them); changed only by its coordinator.
  A staff member gets 403 on a change, a guardian, an operator or someone of no district
  404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import coordinated_district, is_coordinator_of
from otdesk.schools.models import District, NonSchoolDay, School
from otdesk.students.models import Student, TeamMember
from otdesk.students.permissions import students_visible_to

COORDINATOR_ONLY = "These pages belong to the district coordinator."
READ_ONLY = "Only the district coordinator changes this; you can read it."

# Everyone who works in a district (not its families, not the site operator).
STAFF_ROLES = {role for role in Role if role not in (Role.GUARDIAN, Role.OPERATOR)}


def coordinator_district(user: User) -> District:
    """The district of its signed-in coordinator; 404 for anyone else."""
    return coordinated_district(user, COORDINATOR_ONLY)


def readable_district(user: User) -> District:
    """The district whose schools, closed days and rules the signed-in staff member reads."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.role not in STAFF_ROLES
        or user.district is None
    ):
        raise Http404("These pages are for the district's staff.")
    return user.district


def district_to_change(user: User) -> District:
    """The district its coordinator changes; a staff member who only reads gets 403."""
    district = readable_district(user)
    if not is_coordinator_of(user, district.pk):
        raise PermissionDenied(READ_ONLY)
    return district


def can_change_district(user: User, district: District) -> bool:
    return is_coordinator_of(user, district.pk)


def get_school(user: User, pk: int, *, write: bool = False) -> School:
    """A school of the person's district (404 for another district's)."""
    district = district_to_change(user) if write else readable_district(user)
    school = School.objects.filter(district=district, pk=pk).first()
    if school is None:
        raise Http404("No such school in your district.")
    return school


def get_closed_day(user: User, pk: int) -> NonSchoolDay:
    """A closed day of the coordinator's district, to remove."""
    district = district_to_change(user)
    day = NonSchoolDay.objects.filter(district=district, pk=pk).first()
    if day is None:
        raise Http404("No such closed day in your district.")
    return day


def team_students(user: User) -> QuerySet[Student]:
    """The students whose teams the coordinator keeps: every student of the district."""
    coordinator_district(user)
    return students_visible_to(user)


def get_team_student(user: User, pk: int) -> Student:
    student = (
        team_students(user).select_related("school", "classroom__teacher").filter(pk=pk).first()
    )
    if student is None:
        raise Http404("No such student in your district.")
    return student


def get_team_member(user: User, pk: int) -> TeamMember:
    """An assignment on the team of a student of the coordinator's district."""
    member = (
        TeamMember.objects.select_related("person", "student__school")
        .filter(pk=pk, student__in=team_students(user))
        .first()
    )
    if member is None:
        raise Http404("No such team assignment in your district.")
    return member
