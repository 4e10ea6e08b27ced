"""Missed sessions: recording and voiding them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.students.models import Student

from ..models import (
    MissedSession,
    MissReason,
    PlannedSession,
    Session,
    SessionType,
)
from .checks import (
    _check_date,
    _check_served,
    direct_lines_in_force,
    line_for,
)


@transaction.atomic
def record_missed_session(
    *,
    actor: User,
    students: list[Student],
    date: dt.date,
    minutes: int,
    reason: str,
    detail: str = "",
    planned: PlannedSession | None = None,
) -> list[MissedSession]:
    """A planned session that did not happen, for each of its students."""
    if not students:
        raise ValidationError({"students": "Choose at least one student."})
    if reason not in MissReason.values:
        raise ValidationError({"reason": "Choose why the session was missed."})
    if not 5 <= minutes <= 240:
        raise ValidationError({"minutes": "A missed session lasts from 5 to 240 minutes."})
    _check_served(actor, students)
    _check_date(students[0].school.district, date)
    if (
        planned is not None
        and Session.objects.filter(planned=planned, date=date)
        .exclude(status=Session.Status.VOIDED)
        .exists()
    ):
        raise ValidationError(
            f"This planned session is already logged for {nice_date(date)}; "
            "record the absence on the session instead."
        )
    session_type = planned.session_type if planned else SessionType.PUSH_IN
    misses = []
    for student in students:
        line = line_for(direct_lines_in_force(student, date), session_type)
        if line is None:
            raise ValidationError(
                f"{student.full_name} has no direct OT service in force on {nice_date(date)}."
            )
        if (
            MissedSession.objects.filter(
                student=student, date=date, planned=planned, voided_at__isnull=True
            )
            .exclude(planned=None)
            .exists()
        ):
            raise ValidationError(
                f"{student.full_name}'s session on {nice_date(date)} is already recorded as missed."
            )
        miss = MissedSession(
            student=student,
            service_line=line,
            provider=actor,
            planned=planned,
            date=date,
            minutes=minutes,
            reason=reason,
            detail=detail.strip(),
        )
        miss.full_clean()
        miss.save()
        record_event(
            user=actor,
            action=AuditEvent.Action.CREATE,
            obj=miss,
            student_id=student.pk,
            summary=str(miss),
        )
        misses.append(miss)
    return misses


@transaction.atomic
def void_missed_session(*, actor: User, miss: MissedSession, reason: str) -> MissedSession:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this entry is a mistake."})
    if miss.makeups.exclude(session__status=Session.Status.VOIDED).exists():
        raise ValidationError("This missed session has a make-up; void the make-up first.")
    miss.voided_at = timezone.now()
    miss.void_reason = reason
    miss.full_clean()
    miss.save(update_fields=["voided_at", "void_reason"])
    record_event(
        user=actor,
        action=AuditEvent.Action.VOID,
        obj=miss,
        student_id=miss.student_id,
        summary=f"Voided: {reason}",
    )
    return miss
