"""Every write of the teacher's and specialists' pages: validated, atomic, audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.students.models import Strategy, Student

from .models import StrategyCheck, TeamNote
from .permissions import can_write_team_notes, class_students


@transaction.atomic
def confirm_in_place(
    *, actor: User, strategy: Strategy, day: dt.date, request: HttpRequest | None = None
) -> tuple[StrategyCheck, bool]:
    """The teacher confirms a strategy was in place on a day; a second tap the same day
    changes nothing. Returns the confirmation and whether it is new."""
    if not class_students(actor).filter(pk=strategy.student_id).exists():
        raise ValidationError("Only the student's teacher confirms this strategy.")
    if strategy.status == Strategy.Status.DISCONTINUED:
        raise ValidationError("This strategy was discontinued; it is no longer in place.")
    if day > timezone.localdate():
        raise ValidationError("A strategy can be confirmed for today or an earlier day.")
    existing = StrategyCheck.objects.filter(strategy=strategy, date=day, confirmed_by=actor)
    if (check := existing.first()) is not None:
        return check, False
    check = StrategyCheck(strategy=strategy, date=day, confirmed_by=actor)
    check.full_clean()
    check.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=check,
        student_id=strategy.student_id,
        summary=str(check),
        request=request,
    )
    return check, True


@transaction.atomic
def add_team_note(
    *, actor: User, student: Student, text: str, request: HttpRequest | None = None
) -> TeamNote:
    if not can_write_team_notes(actor, student):
        raise ValidationError("Team notes are written by the therapists and specialists who serve.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note for the team."})
    note = TeamNote(student=student, author=actor, text=text)
    note.full_clean()
    note.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=note,
        student_id=student.pk,
        summary=f"Team note: {text}",
        request=request,
    )
    return note
