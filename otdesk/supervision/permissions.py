"""Who may see and do what in COTA supervision.

- The supervising OT (an active supervision) reads the COTA's signed session notes for
  review, co-signs them or sends them back, and logs supervision contacts. When the
  supervision ends, so does that access; the record stays readable to them.
- The COTA reads their own supervision record and review history (403 on the
  supervisor's actions) and sends a sent-back note for review again.
- The district coordinator assigns and ends supervisions and reads the records, but not
  the notes themselves (those are read by the people who serve the student).
- Everyone else: 404, worded the same whether the record exists or not.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_coordinator_of
from otdesk.delivery.models import Session

from .models import Supervision

NO_SUPERVISION = "No such supervision record."
NO_NOTE = "No such note waiting for your review."


def is_cota(user: User) -> bool:
    return bool(user.is_authenticated) and user.is_active and user.role == Role.COTA


def is_supervising_role(user: User) -> bool:
    """An OT: the one who supervises COTAs."""
    return bool(user.is_authenticated) and user.is_active and user.role == Role.OT


def has_supervision_page(user: User) -> bool:
    """OTs (the COTAs they supervise) and COTAs (their own supervision)."""
    return is_cota(user) or is_supervising_role(user)


def require_supervision_page(user: User) -> User:
    if not has_supervision_page(user):
        raise Http404("This page is for occupational therapists and COTAs.")
    return user


def active_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def supervises(user: User, cota_id: int, *, on: dt.date | None = None) -> bool:
    """The user is an OT supervising this COTA on the day (today by default)."""
    if not is_supervising_role(user):
        return False
    day = on or timezone.localdate()
    return Supervision.objects.filter(active_on(day), supervisor=user, cota_id=cota_id).exists()


def supervisions_visible_to(user: User) -> QuerySet[Supervision]:
    if not user.is_authenticated or not user.is_active:
        return Supervision.objects.none()
    if is_supervising_role(user):
        return Supervision.objects.filter(supervisor=user)
    if is_cota(user):
        return Supervision.objects.filter(cota=user)
    district_id = user.district_id
    if district_id is not None and is_coordinator_of(user, district_id):
        return Supervision.objects.filter(district_id=district_id)
    return Supervision.objects.none()


def get_supervision_for_user(
    user: User, pk: int, *, write: bool = False, manage: bool = False
) -> Supervision:
    """The supervision record, or 404 when the user may not see it. `write` (logging a
    contact) is the active supervising OT's; `manage` (ending it) the coordinator's; anyone
    else who may read it gets 403."""
    supervision = (
        supervisions_visible_to(user)
        .select_related("cota", "supervisor", "district")
        .filter(pk=pk)
        .first()
    )
    if supervision is None:
        raise Http404(NO_SUPERVISION)
    if write and not (supervision.supervisor_id == user.pk and supervision.is_active()):
        raise PermissionDenied("Only the COTA's supervising OT logs supervision contacts.")
    if manage and not is_coordinator_of(user, supervision.district_id):
        raise PermissionDenied("Only the district coordinator changes who supervises whom.")
    return supervision


def notes_for_review(user: User) -> QuerySet[Session]:
    """The signed or voided notes of the COTAs the user supervises today."""
    if not is_supervising_role(user):
        return Session.objects.none()
    cotas = Supervision.objects.filter(active_on(timezone.localdate()), supervisor=user).values(
        "cota_id"
    )
    return Session.objects.filter(provider__in=cotas).exclude(status=Session.Status.DRAFT)


def get_note_for_review(user: User, pk: int, *, write: bool = False) -> Session:
    """A COTA's note for its review page: the supervising OT reads and reviews it; the COTA
    who wrote it reads it (403 on the review itself); anyone else gets 404."""
    notes = Session.objects.select_related("provider", "school__district").filter(pk=pk)
    session = notes_for_review(user).filter(pk=pk).first()
    if session is not None:
        return notes.get()
    own = notes.filter(provider=user, provider__role=Role.COTA).exclude(status=Session.Status.DRAFT)
    session = own.first() if is_cota(user) else None
    if session is None:
        raise Http404(NO_NOTE)
    if write:
        raise PermissionDenied("Only the supervising OT co-signs or sends back a note.")
    return session


def get_own_sent_back_note(user: User, pk: int) -> Session:
    """The COTA's own note, to send it for review again; the supervising OT gets 403."""
    if is_cota(user):
        session = (
            Session.objects.select_related("provider", "school__district")
            .filter(pk=pk, provider=user)
            .first()
        )
        if session is not None:
            return session
    if notes_for_review(user).filter(pk=pk).exists():
        raise PermissionDenied("Only the COTA who wrote the note sends it for review again.")
    raise Http404(NO_NOTE)
