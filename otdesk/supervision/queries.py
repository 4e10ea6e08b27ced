"""Reads for supervision: the state of a note's review, the notes waiting, and whether a
supervision contact is due. The due rule (last contact, or the start, plus the district's
supervision_every_days) and the co-sign rule live here and nowhere else."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.delivery.models import Session
from otdesk.students.queries import Due, due_status

from .models import NoteReview, ReviewOutcome, Supervision
from .permissions import active_on

WAITING = "waiting"  # for the supervising OT
SENT_BACK = "sent_back"  # for the COTA
COSIGNED = "cosigned"
NOT_REQUIRED = "not_required"


def cosign_required(session: Session) -> bool:
    """A signed note by a COTA in a district whose policy asks for the OT's co-signature."""
    return (
        session.status == Session.Status.SIGNED
        and session.provider.role == Role.COTA
        and session.school.district.cota_cosign_required
    )


@dataclass(frozen=True)
class NoteState:
    status: str  # WAITING, SENT_BACK, COSIGNED or NOT_REQUIRED
    latest: NoteReview | None  # the last step of the review
    cosignature: NoteReview | None


def note_state(session: Session) -> NoteState:
    steps = list(session.reviews.select_related("by"))
    latest = steps[-1] if steps else None
    cosignature = next((s for s in steps if s.outcome == ReviewOutcome.COSIGNED), None)
    if cosignature is not None:
        status = COSIGNED
    elif not cosign_required(session):
        status = NOT_REQUIRED
    elif latest is not None and latest.outcome == ReviewOutcome.SENT_BACK:
        status = SENT_BACK
    else:
        status = WAITING
    return NoteState(status=status, latest=latest, cosignature=cosignature)


def _with_latest_outcome(sessions: QuerySet[Session]) -> "QuerySet[Any]":
    # QuerySet[Any]: the annotations below are looked up by name in the callers.
    latest = NoteReview.objects.filter(session=OuterRef("pk")).order_by("-at", "-pk")
    return sessions.annotate(
        latest_outcome=Subquery(latest.values("outcome")[:1]),
        latest_comment=Subquery(latest.values("comment")[:1]),
    )


def _needing_cosign(cotas: Iterable[int]) -> "QuerySet[Any]":
    return _with_latest_outcome(
        Session.objects.filter(
            provider__in=cotas,
            provider__role=Role.COTA,
            status=Session.Status.SIGNED,
            school__district__cota_cosign_required=True,
        ).exclude(reviews__outcome=ReviewOutcome.COSIGNED)
    )


def waiting_notes(cota_ids: Iterable[int]) -> QuerySet[Session]:
    """Signed notes waiting for the supervising OT's co-signature, oldest first."""
    return (
        _needing_cosign(list(cota_ids))
        # Not reviewed yet, or sent again after being sent back (a NULL is no "sent_back").
        .filter(Q(latest_outcome__isnull=True) | Q(latest_outcome=ReviewOutcome.RESUBMITTED))
        .select_related("provider")
        .prefetch_related("attendees__student")
        .order_by("date", "start", "pk")
    )


def sent_back_notes(cota_ids: Iterable[int]) -> QuerySet[Session]:
    """Notes the supervising OT sent back, waiting for the COTA."""
    return (
        _needing_cosign(list(cota_ids))
        .filter(latest_outcome=ReviewOutcome.SENT_BACK)
        .select_related("provider")
        .prefetch_related("attendees__student")
        .order_by("date", "start", "pk")
    )


def recently_cosigned(cota_id: int, *, limit: int = 10) -> list[NoteReview]:
    return list(
        NoteReview.objects.filter(session__provider_id=cota_id, outcome=ReviewOutcome.COSIGNED)
        .select_related("by", "session")
        .order_by("-at", "-pk")[:limit]
    )


def contact_due_by(supervision: Supervision, last_contact: dt.date | None) -> dt.date:
    """The next supervision contact is due this many days (the district's setting) after
    the last one, or after the supervision began when there has been none."""
    every = supervision.district.supervision_every_days
    return (last_contact or supervision.start_date) + dt.timedelta(days=every)


@dataclass(frozen=True)
class SupervisionStatus:
    supervision: Supervision
    last_contact: dt.date | None
    due_by: dt.date | None  # None once the supervision has ended
    due: Due | None
    waiting: int  # notes waiting for the co-signature
    sent_back: int  # notes waiting for the COTA

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due.status == "overdue"


def statuses(
    supervisions: QuerySet[Supervision], *, today: dt.date | None = None
) -> list[SupervisionStatus]:
    """Each supervision with its last contact, due flag and notes waiting, in a fixed
    number of queries however many there are."""
    today = today or timezone.localdate()
    rows = list(
        supervisions.select_related("cota", "supervisor", "district").annotate(
            last_contact=Max("contacts__date")
        )
    )
    cotas = {row.cota_id for row in rows}
    counts: dict[tuple[int, str], int] = {}
    by_state = (
        _needing_cosign(cotas)
        .values("provider_id", "latest_outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in by_state:
        state = SENT_BACK if item["latest_outcome"] == ReviewOutcome.SENT_BACK else WAITING
        key = (item["provider_id"], state)
        counts[key] = counts.get(key, 0) + item["n"]
    result = []
    for row in rows:
        last: dt.date | None = getattr(row, "last_contact", None)
        active = row.is_active(today) or row.start_date > today
        due_by = contact_due_by(row, last) if active else None
        result.append(
            SupervisionStatus(
                supervision=row,
                last_contact=last,
                due_by=due_by,
                due=due_status(due_by, today) if due_by else None,
                waiting=counts.get((row.cota_id, WAITING), 0),
                sent_back=counts.get((row.cota_id, SENT_BACK), 0),
            )
        )
    return result


def active_supervisions(supervisions: QuerySet[Supervision]) -> QuerySet[Supervision]:
    return supervisions.filter(active_on(timezone.localdate()))


def district_cotas(district_id: int) -> QuerySet[User]:
    return User.objects.filter(district_id=district_id, role=Role.COTA, is_active=True)


def district_ots(district_id: int) -> QuerySet[User]:
    return User.objects.filter(district_id=district_id, role=Role.OT, is_active=True)


def unsupervised_cotas(district_id: int) -> QuerySet[User]:
    """The district's COTAs with no supervising OT today."""
    supervised = Supervision.objects.filter(active_on(timezone.localdate())).values("cota_id")
    return district_cotas(district_id).exclude(pk__in=supervised)


def supervision_of(supervisor: User, cota_id: int) -> Supervision | None:
    """The supervisor's active supervision of this COTA, if any."""
    return (
        Supervision.objects.filter(
            active_on(timezone.localdate()), supervisor=supervisor, cota_id=cota_id
        )
        .order_by("-start_date")
        .first()
    )


def students_named(sessions: Iterable[Session]) -> set[int]:
    """The students whose names a list of notes shows (each is a read of their record)."""
    return {record.student_id for session in sessions for record in session.attendees.all()}
