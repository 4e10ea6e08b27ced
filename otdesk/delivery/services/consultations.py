"""Consultations with the team: logging and voiding them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.models import AuditEvent
from otdesk.students.models import (
    IEP,
    ServiceKind,
    ServiceLine,
    Strategy,
    Student,
)
from otdesk.students.services import raise_concern

from ..models import (
    ConsultationLog,
    ConsultationStudent,
    ConsultWith,
)
from .checks import (
    _audit,
    _check_served,
)


def consultation_line(student: Student, day: dt.date) -> ServiceLine | None:
    return (
        ServiceLine.objects.filter(
            iep__student=student,
            iep__status=IEP.Status.ACTIVE,
            kind=ServiceKind.CONSULTATION,
            start_date__lte=day,
            end_date__gte=day,
        )
        .order_by("start_date")
        .first()
    )


@transaction.atomic
def log_consultation(
    *,
    actor: User,
    date: dt.date,
    minutes: int,
    with_whom: list[str],
    method: str,
    students: list[Student],
    strategies: list[Strategy] | None = None,
    discussed: str = "",
    new_concerns: str = "",
    follow_up: str = "",
) -> ConsultationLog:
    """Consultation with the team about one or more students; it credits each student's
    consultation line in force that day."""
    if not students:
        raise ValidationError({"students": "Choose at least one student."})
    if not with_whom:
        raise ValidationError({"with_whom": "Say who you consulted with."})
    unknown = [w for w in with_whom if w not in ConsultWith.values]
    if unknown:
        raise ValidationError({"with_whom": "Choose who you consulted with from the list."})
    if not 1 <= minutes <= 240:
        raise ValidationError({"minutes": "A consultation lasts from 1 to 240 minutes."})
    _check_served(actor, students)
    if date > timezone.localdate():
        raise ValidationError({"date": "A consultation cannot be logged for a future date."})
    ids = {s.pk for s in students}
    for strategy in strategies or []:
        if strategy.student_id not in ids:
            raise ValidationError({"strategies": "A strategy belongs to a student not chosen."})
    log = ConsultationLog(
        provider=actor,
        date=date,
        minutes=minutes,
        with_whom=",".join(with_whom),
        method=method,
        discussed=discussed.strip(),
        new_concerns=new_concerns.strip(),
        follow_up=follow_up.strip(),
    )
    log.full_clean()
    log.save()
    for student in students:
        # New concerns raised by the team reach the Team page of everyone who serves the
        # student, as a concern like a teacher's, answered the same way.
        concern = (
            raise_concern(actor=actor, student=student, text=log.new_concerns)
            if log.new_concerns
            else None
        )
        ConsultationStudent.objects.create(
            consultation=log,
            student=student,
            service_line=consultation_line(student, date),
            concern=concern,
        )
    log.strategies.set(strategies or [])
    _audit(actor, AuditEvent.Action.CREATE, log, students, str(log))
    return log


@transaction.atomic
def void_consultation(*, actor: User, log: ConsultationLog, reason: str) -> ConsultationLog:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this entry is a mistake."})
    if log.provider_id != actor.pk:
        raise ValidationError("Only the provider who logged it can void it.")
    log.voided_at = timezone.now()
    log.void_reason = reason
    log.full_clean()
    log.save(update_fields=["voided_at", "void_reason"])
    students = [record.student for record in log.students.select_related("student")]
    _audit(actor, AuditEvent.Action.VOID, log, students, f"Voided: {reason}")
    return log
