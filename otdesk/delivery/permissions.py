"""Who may read sessions and consultations: the OTs and COTAs who serve the student.

Which students a therapist serves is the students app's rule (students/permissions.py:
served_students, serves, get_served_student); delivery calls it, never a copy. Everyone
else gets 404 for a session or a consultation. A note can be signed, amended or voided only
by the provider who wrote it (others on the team get 403).

A group session or a consultation about several students is one record with one shared
note. Everyone but its provider sees only the students they may read themselves
(`shown_attendees`, `shown_consultation_students`): the others are counted, never named,
and the shared note is shown only to someone who may read every student in it.

Teachers read the consultations about students in their classes (never session notes).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_coordinator_of, is_therapist
from otdesk.students.models import Student, TeamRole
from otdesk.students.permissions import served_students, serves, students_visible_to

from .models import (
    ConsultationLog,
    ConsultationStudent,
    MissedSession,
    Session,
    SessionStudent,
)

# The team roles that deliver OT minutes (a student's providers in tables and reports).
SERVING_ROLES = [TeamRole.OT, TeamRole.COTA]


def may_read_minutes(user: User, student: Student) -> bool:
    """A student's minutes and make-ups are read by the therapists who serve them and by
    the district's coordinator (the student page's panel, the API)."""
    return serves(user, student) or is_coordinator_of(user, student.school.district_id)


def misses_visible_to(user: User) -> QuerySet[MissedSession]:
    """Missed sessions, read as the minutes are: by the therapists who serve the student
    (or who recorded the miss) and by the district's coordinator."""
    if is_therapist(user):
        return MissedSession.objects.filter(
            Q(provider=user) | Q(student__in=served_students(user))
        ).distinct()
    if user.is_authenticated and user.is_coordinator and user.district_id is not None:
        return MissedSession.objects.filter(student__school__district_id=user.district_id)
    return MissedSession.objects.none()


def sessions_visible_to(user: User) -> QuerySet[Session]:
    """Sessions the therapist provided, and sessions one of the students she serves
    attended (with another provider)."""
    if not is_therapist(user):
        return Session.objects.none()
    return Session.objects.filter(Q(provider=user) | Q(pk__in=_attended(user)))


def _attended(user: User) -> QuerySet[SessionStudent, Any]:
    return SessionStudent.objects.filter(student__in=served_students(user)).values("session_id")


def count_sessions_visible_to(
    user: User, *, since: dt.date | None = None, until: dt.date | None = None
) -> int:
    """How many of sessions_visible_to(user) are dated since..until: the same two kinds,
    counted as the union of their ids, which both databases read from their indexes (the
    count of the "either" filter reads every session of the district)."""
    if not is_therapist(user):
        return 0
    provided = Session.objects.filter(provider=user)
    attended = _attended(user)
    if since:
        provided, attended = (
            provided.filter(date__gte=since),
            attended.filter(session__date__gte=since),
        )
    if until:
        provided, attended = (
            provided.filter(date__lte=until),
            attended.filter(session__date__lte=until),
        )
    return provided.order_by().values("pk").union(attended.order_by()).count()


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> Session:
    session = sessions_visible_to(user).select_related("provider", "school").filter(pk=pk).first()
    if session is None:
        raise Http404("No such session.")
    if write and session.provider_id != user.pk:
        raise PermissionDenied("Only the provider who wrote this note can change it.")
    return session


def consultations_visible_to(user: User) -> QuerySet[ConsultationLog]:
    """A consultation is read by the provider who logged it, by the OTs and COTAs who
    serve one of its students (a concern it raised links here from their Team page) and by
    the teachers of those students."""
    if is_therapist(user):
        return ConsultationLog.objects.filter(
            Q(provider=user) | Q(students__student__in=served_students(user))
        ).distinct()
    if user.is_authenticated and user.role == Role.TEACHER:
        return ConsultationLog.objects.filter(
            students__student__in=students_visible_to(user)
        ).distinct()
    return ConsultationLog.objects.none()


def get_consultation_for_user(user: User, pk: int) -> ConsultationLog:
    log = consultations_visible_to(user).select_related("provider").filter(pk=pk).first()
    if log is None:
        raise Http404("No such consultation.")
    return log


# What of a group record a person may see -----------------------------------------------


# A student's part in a group record: a session's attendee or a consultation's student.
Row = TypeVar("Row", SessionStudent, ConsultationStudent)


@dataclass(frozen=True)
class Shown(Generic[Row]):
    """The rows of a group record a person may see, how many others there are (counted,
    never named), and whether the shared note is theirs to read."""

    rows: list[Row]
    hidden: int

    @property
    def whole(self) -> bool:
        return self.hidden == 0


def readable_student_ids(user: User) -> set[int]:
    """The students whose part of a session or consultation a person may read: those they
    serve (an OT or COTA), or those in their classes (a teacher)."""
    if is_therapist(user):
        return set(served_students(user).values_list("pk", flat=True))
    if user.is_authenticated and user.role == Role.TEACHER:
        return set(students_visible_to(user).values_list("pk", flat=True))
    return set()


def _shown(
    user: User, provider_id: int, rows: Iterable[Row], readable: set[int] | None = None
) -> Shown[Row]:
    everyone = list(rows)
    if provider_id == user.pk:
        return Shown(everyone, 0)
    if readable is None:
        readable = readable_student_ids(user)
    mine = [row for row in everyone if row.student_id in readable]
    return Shown(mine, len(everyone) - len(mine))


def shown_attendees(user: User, session: Session, rows: Iterable[Row]) -> Shown[Row]:
    """A session's students as this person may see them (its provider sees everyone)."""
    return _shown(user, session.provider_id, rows)


def shown_consultation_students(
    user: User, log: ConsultationLog, rows: Iterable[Row], readable: set[int] | None = None
) -> Shown[Row]:
    """A consultation's students as this person may see them (its provider sees everyone).
    A page listing many passes `readable` (readable_student_ids) to ask once."""
    return _shown(user, log.provider_id, rows, readable)
