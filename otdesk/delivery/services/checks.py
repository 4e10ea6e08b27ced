"""What every delivery write checks first: the caseload, the school calendar, the line credited."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.schools.models import District
from otdesk.students.models import (
    IEP,
    PULL_OUT_MODELS,
    DeliveryModel,
    Goal,
    ServiceKind,
    ServiceLine,
    Student,
)
from otdesk.students.permissions import served_students

from ..calendar import SchoolCalendar
from ..choices import PULL_OUT_TYPES
from ..crediting import made_up_minutes
from ..models import (
    Attendance,
    MissedSession,
    PlannedSession,
    Session,
    SessionType,
)
from ..policy import Policy

IN_CLASS_MODELS = {
    DeliveryModel.PUSH_IN,
    DeliveryModel.CO_TEACHING,
    DeliveryModel.PUSH_IN_AND_PULL_OUT,
}


@dataclass
class GoalEntry:
    goal: Goal
    trials: int | None = None
    correct: int | None = None
    assistance: str = ""


@dataclass
class AttendeeEntry:
    student: Student
    attendance: str = Attendance.PRESENT
    absence_reason: str = ""
    targeted_service: bool = True
    makeup_for: MissedSession | None = None
    goals: list[GoalEntry] = field(default_factory=list)


def direct_lines_in_force(student: Student, day: dt.date) -> list[ServiceLine]:
    return list(
        ServiceLine.objects.filter(
            iep__student=student,
            iep__status=IEP.Status.ACTIVE,
            kind=ServiceKind.DIRECT,
            start_date__lte=day,
            end_date__gte=day,
        )
    )


def line_for(lines: list[ServiceLine], session_type: str) -> ServiceLine | None:
    """The service line a session of this type credits: the best-matching direct line."""
    if not lines:
        return None
    wanted = PULL_OUT_MODELS if session_type in PULL_OUT_TYPES else IN_CLASS_MODELS
    matching = [line for line in lines if line.delivery_model in wanted]
    return (matching or lines)[0]


def group_problem(*, session_type: str, size: int, line: ServiceLine, name: str) -> str:
    """Why this student may not be in a session of this type and size ('' if they may): a
    group never holds more students than the student's IEP allows, and an individual line
    (group size 1) is never served in a pull-out group."""
    if size <= 1:
        return ""
    if session_type == SessionType.PULL_OUT_GROUP and line.group_size == 1:
        return (
            f"{name}'s service line “{line.summary}” is individual (group size 1), so "
            f"{name} cannot be in a pull-out group; log an individual session for {name}."
        )
    if session_type in (SessionType.PULL_OUT_GROUP, SessionType.CO_TEACHING) and (
        size > line.group_size > 1
    ):
        return (
            f"{name}'s IEP allows groups of at most {line.group_size}; this session has "
            f"{size} students."
        )
    return ""


def _check_makeup(*, miss: MissedSession, student: Student, date: dt.date, policy: Policy) -> None:
    """A make-up is for one of the student's own misses, comes on or after it, by the
    district's deadline, and while some of the miss is still not made up."""
    name = student.full_name
    if miss.student_id != student.pk or miss.voided_at is not None:
        raise ValidationError(f"That missed session is not one of {name}'s.")
    when = nice_date(miss.date)
    if date < miss.date:
        raise ValidationError(
            {
                "date": f"A make-up comes after the session it makes up: {name} missed "
                f"{when}, so log the make-up on that day or later."
            }
        )
    deadline = policy.makeup_deadline(miss_date=miss.date, iep_end=miss.service_line.iep.end_date)
    if date > deadline:
        raise ValidationError(
            {
                "date": f"{name}'s make-up for {when} had to be given by {nice_date(deadline)} "
                f"(district policy: make-ups {policy.on(miss.date).deadline_words})."
            }
        )
    if made_up_minutes(miss) >= miss.minutes:
        raise ValidationError(f"{name}'s missed session of {when} is already made up.")


def _check_date(district: District, day: dt.date, *, field_name: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field_name: "A session cannot be logged for a future date."})
    cal = SchoolCalendar.for_district(district)
    if not cal.is_school_day(day):
        raise ValidationError(
            {field_name: f"{nice_date(day)} is not a school day in {district.name}."}
        )


def _check_served(actor: User, students: Iterable[Student]) -> None:
    served = set(served_students(actor).values_list("pk", flat=True))
    for student in students:
        if student.pk not in served:
            raise ValidationError(f"{student.full_name} is not on your caseload.")


def _audit(
    actor: User, action: str, obj: models.Model, students: Iterable[Student], text: str
) -> None:
    for student in students:
        record_event(user=actor, action=action, obj=obj, student_id=student.pk, summary=text)


def _check_not_recorded(planned: PlannedSession, date: dt.date) -> None:
    """A planned session is logged or missed once a day, never both."""
    when = nice_date(date)
    if (
        Session.objects.filter(planned=planned, date=date)
        .exclude(status=Session.Status.VOIDED)
        .exists()
    ):
        raise ValidationError(f"This planned session is already logged for {when}.")
    if MissedSession.objects.filter(
        planned=planned, date=date, session__isnull=True, voided_at__isnull=True
    ).exists():
        raise ValidationError(
            f"This planned session is recorded as missed on {when}; void that first."
        )
