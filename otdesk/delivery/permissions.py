"""Who may read sessions and consultations: the OTs and COTAs who serve the student.

Which students a therapist serves is the students app's rule (students/permissions.py:
served_students, serves, get_served_student); delivery calls it, never a copy. Everyone
else gets 404 for a session or a consultation. A note can be signed, amended or voided only
by the provider who wrote it (others on the team get 403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_therapist
from otdesk.students.models import TeamRole
from otdesk.students.permissions import served_students

from .models import ConsultationLog, Session

# The team roles that deliver OT minutes (a student's providers in tables and reports).
SERVING_ROLES = [TeamRole.OT, TeamRole.COTA]


def sessions_visible_to(user: User) -> QuerySet[Session]:
    if not is_therapist(user):
        return Session.objects.none()
    return Session.objects.filter(
        Q(provider=user) | Q(attendees__student__in=served_students(user))
    ).distinct()


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
    if not is_therapist(user):
        return ConsultationLog.objects.none()
    return ConsultationLog.objects.filter(
        Q(provider=user) | Q(students__student__in=served_students(user))
    ).distinct()


def get_consultation_for_user(user: User, pk: int) -> ConsultationLog:
    log = consultations_visible_to(user).select_related("provider").filter(pk=pk).first()
    if log is None:
        raise Http404("No such consultation.")
    return log
