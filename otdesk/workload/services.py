"""Every write about professional time: one entry at a time, by the therapist who did it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.students.models import Student
from otdesk.students.permissions import served_students

from .models import ProfessionalTime, TimeCategory
from .permissions import logs_time

# How far back an entry may go: a school year and a day, so last year's same week still fits.
OLDEST_DAYS = 366
MINUTES_MESSAGE = "Enter from 1 to 600 minutes (10 hours)."


@transaction.atomic
def log_professional_time(
    *,
    actor: User,
    date: dt.date,
    minutes: int,
    category: str,
    student: Student | None = None,
    note: str = "",
) -> ProfessionalTime:
    """Record time an OT or COTA spent on work around the students, optionally for one."""
    if not logs_time(actor):
        raise ValidationError(
            "Only occupational therapists and OT assistants log professional time."
        )
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if date > today:
        errors["date"] = "Professional time cannot be logged for a future date."
    elif date < today - dt.timedelta(days=OLDEST_DAYS):
        errors["date"] = (
            f"That is more than a year ago. Enter a date from "
            f"{nice_date(today - dt.timedelta(days=OLDEST_DAYS))} on."
        )
    if not 1 <= minutes <= 600:
        errors["minutes"] = MINUTES_MESSAGE
    if category not in TimeCategory.values:
        errors["category"] = "Choose what the time was for."
    if student is not None and not served_students(actor).filter(pk=student.pk).exists():
        errors["student"] = f"{student.full_name} is not on your caseload."
    if errors:
        raise ValidationError(errors)
    entry = ProfessionalTime(
        person=actor,
        date=date,
        minutes=minutes,
        category=category,
        student=student,
        note=note.strip(),
    )
    entry.full_clean()
    entry.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=entry,
        student_id=student.pk if student is not None else None,
        summary=str(entry),
    )
    return entry
