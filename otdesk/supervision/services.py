"""Every write about supervision: validated, atomic, audited in the same transaction.

A supervision and its contacts are about a COTA, not a child: their audit events carry
no student. A note's review is part of each student's record: one event per student."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_coordinator_of
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import Session

from .models import NoteReview, ReviewOutcome, Supervision, SupervisionContact
from .permissions import supervises
from .queries import COSIGNED, SENT_BACK, WAITING, cosign_required, note_state


@transaction.atomic
def assign_supervisor(
    *,
    actor: User,
    cota: User,
    supervisor: User,
    start_date: dt.date,
    request: HttpRequest | None = None,
) -> Supervision:
    """The coordinator records that an OT supervises a COTA from a date."""
    district_id = cota.district_id
    if district_id is None or not is_coordinator_of(actor, district_id):
        raise ValidationError("Only the coordinator of the COTA's district assigns a supervisor.")
    supervision = Supervision(
        district_id=district_id,
        cota=cota,
        supervisor=supervisor,
        start_date=start_date,
        created_by=actor,
    )
    supervision.full_clean()
    supervision.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=supervision,
        student_id=None,
        summary=str(supervision),
        request=request,
        after={
            "cota": cota.pk,
            "supervisor": supervisor.pk,
            "start_date": start_date.isoformat(),
        },
    )
    return supervision


@transaction.atomic
def end_supervision(
    *,
    actor: User,
    supervision: Supervision,
    end_date: dt.date,
    request: HttpRequest | None = None,
) -> Supervision:
    """The coordinator ends a supervision: the OT's access to the COTA's notes ends after
    that day."""
    if not is_coordinator_of(actor, supervision.district_id):
        raise ValidationError("Only the district coordinator ends a supervision.")
    if supervision.end_date is not None and supervision.end_date <= end_date:
        raise ValidationError(
            {"end_date": f"This supervision already ends on {nice_date(supervision.end_date)}."}
        )
    if end_date < supervision.start_date:
        raise ValidationError({"end_date": "The end date comes before the start date."})
    later = supervision.contacts.filter(date__gt=end_date).order_by("-date").first()
    if later is not None:
        raise ValidationError(
            {
                "end_date": f"A supervision contact was logged on {nice_date(later.date)}; "
                "end the supervision on that day or later."
            }
        )
    before = supervision.end_date.isoformat() if supervision.end_date else None
    supervision.end_date = end_date
    supervision.full_clean()
    supervision.save(update_fields=["end_date"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=supervision,
        student_id=None,
        summary=f"Ended: {supervision.supervisor} supervises {supervision.cota} until "
        f"{nice_date(end_date)}",
        request=request,
        before={"end_date": before},
        after={"end_date": end_date.isoformat()},
    )
    return supervision


@transaction.atomic
def log_contact(
    *,
    actor: User,
    supervision: Supervision,
    date: dt.date,
    kind: str,
    minutes: int,
    note: str = "",
    request: HttpRequest | None = None,
) -> SupervisionContact:
    if supervision.supervisor_id != actor.pk or not supervision.is_active():
        raise ValidationError("Only the COTA's supervising OT logs supervision contacts.")
    contact = SupervisionContact(
        supervision=supervision,
        date=date,
        kind=kind,
        minutes=minutes,
        note=note.strip(),
        logged_by=actor,
    )
    contact.full_clean()
    contact.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        student_id=None,
        summary=f"Supervision of {supervision.cota}: {contact}",
        request=request,
        after={"date": date.isoformat(), "kind": kind, "minutes": minutes},
    )
    return contact


def _students(session: Session) -> list[int]:
    return sorted({record.student_id for record in session.attendees.all()})


def _record_review(
    actor: User, session: Session, review: NoteReview, summary: str, request: HttpRequest | None
) -> None:
    for student_id in _students(session):
        record_event(
            user=actor,
            action=AuditEvent.Action.UPDATE,
            obj=review,
            student_id=student_id,
            summary=summary,
            request=request,
            after={"session": session.pk, "review": review.outcome, "comment": review.comment},
        )


def _locked(session: Session) -> Session:
    """The session row locked for this transaction: two reviewers cannot both act on it."""
    return (
        Session.objects.select_for_update()
        .select_related("provider", "school__district")
        .get(pk=session.pk)
    )


@transaction.atomic
def review_note(
    *,
    actor: User,
    session: Session,
    outcome: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> NoteReview:
    """The supervising OT co-signs a COTA's signed note (a comment is optional) or sends it
    back (a reason is required)."""
    session = _locked(session)
    comment = comment.strip()
    if outcome not in (ReviewOutcome.COSIGNED, ReviewOutcome.SENT_BACK):
        raise ValidationError("Choose to co-sign the note or to send it back.")
    if not supervises(actor, session.provider_id):
        raise ValidationError(f"You do not supervise {session.provider}.")
    state = note_state(session)
    if state.status == COSIGNED:
        assert state.cosignature is not None
        raise ValidationError(
            f"This note was already co-signed by {state.cosignature.by} on "
            f"{nice_date(state.cosignature.at.date())}."
        )
    if not cosign_required(session):
        if session.status != Session.Status.SIGNED:
            raise ValidationError("Only a signed note is co-signed.")
        raise ValidationError(
            "Your district does not ask for co-signatures on COTA notes, so this note needs none."
        )
    if state.status == SENT_BACK:
        raise ValidationError(
            "This note was sent back; it waits for the COTA to send it for review again."
        )
    if state.status != WAITING:
        raise ValidationError("This note is not waiting for a review.")
    if outcome == ReviewOutcome.SENT_BACK and not comment:
        raise ValidationError({"comment": "Say what the COTA should correct or add."})
    review = NoteReview(session=session, by=actor, outcome=outcome, comment=comment)
    review.full_clean()
    review.save()
    when = nice_date(session.date)
    summary = (
        f"Co-signed {session.provider}'s note of {when}"
        if outcome == ReviewOutcome.COSIGNED
        else f"Sent back {session.provider}'s note of {when}: {comment}"
    )
    _record_review(actor, session, review, summary, request)
    return review


@transaction.atomic
def resubmit_note(
    *,
    actor: User,
    session: Session,
    comment: str = "",
    request: HttpRequest | None = None,
) -> NoteReview:
    """The COTA sends a sent-back note for review again (after adding an addendum)."""
    session = _locked(session)
    if session.provider_id != actor.pk:
        raise ValidationError("Only the COTA who wrote the note sends it for review again.")
    if note_state(session).status != SENT_BACK:
        raise ValidationError("This note is not sent back, so there is nothing to send again.")
    review = NoteReview(
        session=session, by=actor, outcome=ReviewOutcome.RESUBMITTED, comment=comment.strip()
    )
    review.full_clean()
    review.save()
    _record_review(
        actor,
        session,
        review,
        f"Sent the note of {nice_date(session.date)} for review again",
        request,
    )
    return review
