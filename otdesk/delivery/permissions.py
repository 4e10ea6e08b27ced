"""Who may log and read sessions: the OTs and COTAs who serve the student.

Everyone else gets 404 for a session or a student's delivery record. A note can be signed,
amended or voided only by the provider who wrote it (others on the team get 403).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.students.models import TeamMember, TeamRole
from otdesk.students.permissions import get_served_student, served_students, serves

from .models import ConsultationLog, Session

SERVING_ROLES = [TeamRole.OT, TeamRole.COTA]


def _served_ids(user: User, day: dt.date) -> QuerySet[TeamMember, int]:
    return (
        TeamMember.objects.filter(person=user, role__in=SERVING_ROLES, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("student_id", flat=True)
    )


# The caseload rules live with the students app; delivery uses the same functions.
students_served_by = served_students
can_serve = serves
get_student_to_serve = get_served_student


def sessions_visible_to(user: User) -> QuerySet[Session]:
    if not user.is_authenticated or user.role not in (Role.OT, Role.COTA):
        return Session.objects.none()
    served = _served_ids(user, timezone.localdate())
    return Session.objects.filter(Q(provider=user) | Q(attendees__student_id__in=served)).distinct()


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> Session:
    session = sessions_visible_to(user).select_related("provider", "school").filter(pk=pk).first()
    if session is None:
        raise Http404("No such session.")
    if write and session.provider_id != user.pk:
        raise PermissionDenied("Only the provider who wrote this note can change it.")
    return session


def consultations_visible_to(user: User) -> QuerySet[ConsultationLog]:
    """A consultation is read by the provider who logged it and by the OTs and COTAs who
    serve one of its students (a concern it raised links here from their Team page)."""
    if not user.is_authenticated or user.role not in (Role.OT, Role.COTA):
        return ConsultationLog.objects.none()
    served = _served_ids(user, timezone.localdate())
    return ConsultationLog.objects.filter(
        Q(provider=user) | Q(students__student_id__in=served)
    ).distinct()


def get_consultation_for_user(user: User, pk: int) -> ConsultationLog:
    log = consultations_visible_to(user).select_related("provider").filter(pk=pk).first()
    if log is None:
        raise Http404("No such consultation.")
    return log
