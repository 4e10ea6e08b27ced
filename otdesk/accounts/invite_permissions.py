"""Who may send, resend or cancel an invitation, and finding one by its link.

Kept apart from accounts/permissions.py, which the students app imports: these gates
read students.permissions (a guardian is invited by the child's OT)."""

from django.http import Http404

from otdesk.students.models import Student
from otdesk.students.permissions import can_edit_iep, get_student_for_user

from .models import Invitation, User
from .permissions import is_coordinator_of
from .services import hash_token

TOKEN_CHARS = 43  # secrets.token_urlsafe(32)


def student_for_guardian_invite(user: User, pk: int) -> Student:
    """The student whose OT the user is: 404 for a student not theirs, 403 for one they
    may only read (a COTA, a teacher, the coordinator)."""
    return get_student_for_user(user, pk, write=True)


def may_manage(user: User, invitation: Invitation) -> bool:
    """The district's coordinator; for a guardian's invitation also the child's OT."""
    if is_coordinator_of(user, invitation.district_id):
        return True
    return invitation.student is not None and can_edit_iep(user, invitation.student)


def get_managed_invitation(user: User, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("student__school", "district", "invited_by")
        .filter(pk=pk)
        .first()
    )
    if invitation is None or not may_manage(user, invitation):
        raise Http404("No such invitation.")
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link is for, whatever its state (the page explains the state)."""
    if not token or len(token) > TOKEN_CHARS + 10:
        return None
    return (
        Invitation.objects.select_related("student", "district", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def pending_for_student(student: Student) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            student=student, used_at__isnull=True, cancelled_at__isnull=True
        ).select_related("invited_by")
    )
