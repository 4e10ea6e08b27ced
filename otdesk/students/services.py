"""Every write to a student's IEP record: validated, atomic, audited."""

import datetime as dt

from django.db import transaction

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent

from .models import IEP, Goal, ServiceLine, Strategy, Student


def _save(
    *, actor: User | None, obj: IEP | ServiceLine | Goal | Strategy, student: Student
) -> None:
    creating = obj.pk is None
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        record_event(
            user=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            obj=obj,
            student_id=student.pk,
            summary=str(obj),
        )


def save_iep(*, actor: User | None, iep: IEP) -> IEP:
    _save(actor=actor, obj=iep, student=iep.student)
    return iep


def save_service_line(*, actor: User | None, line: ServiceLine) -> ServiceLine:
    _save(actor=actor, obj=line, student=line.iep.student)
    return line


def save_goal(*, actor: User | None, goal: Goal) -> Goal:
    _save(actor=actor, obj=goal, student=goal.iep.student)
    return goal


def save_strategy(*, actor: User | None, strategy: Strategy) -> Strategy:
    if strategy.next_review_date is None and strategy.start_date:
        strategy.next_review_date = strategy.start_date + dt.timedelta(
            days=strategy.review_every_days
        )
    _save(actor=actor, obj=strategy, student=strategy.student)
    return strategy


def record_student_view(*, actor: User, student: Student) -> None:
    record_event(
        user=actor,
        action=AuditEvent.Action.VIEW,
        obj=student,
        student_id=student.pk,
        summary="Opened the student's record",
    )
