"""Logged sessions: logging, notes, signatures, addenda and voids."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.core.dates import nice_date
from otdesk.core.limits import REASON_CHARS
from otdesk.core.models import AuditEvent
from otdesk.core.versions import claim
from otdesk.schools.models import School
from otdesk.students.models import Student

from ..choices import PULL_OUT_TYPES
from ..models import (
    Addendum,
    Attendance,
    GoalData,
    MissedSession,
    PlannedSession,
    Session,
    SessionPlan,
    SessionStudent,
    SessionType,
)
from ..policy import Policy
from .checks import (
    AttendeeEntry,
    _audit,
    _check_date,
    _check_makeup,
    _check_not_recorded,
    _check_served,
    direct_lines_in_force,
    group_problem,
    line_for,
)


@transaction.atomic
def log_session(
    *,
    actor: User,
    date: dt.date,
    start: dt.time,
    minutes: int,
    session_type: str,
    location: str,
    school: School,
    attendees: list[AttendeeEntry],
    planned: PlannedSession | None = None,
    pull_out_reason: str = "",
    activities: str = "",
    subjective: str = "",
    objective: str = "",
    assessment: str = "",
    plan: str = "",
    sign: bool = False,
    library_activities: list[Activity] | None = None,
    from_plan: SessionPlan | None = None,
) -> Session:
    """Record one session for every student in it at once, validated as a whole."""
    if not attendees:
        raise ValidationError({"students": "Choose at least one student."})
    students = [entry.student for entry in attendees]
    if len({s.pk for s in students}) != len(students):
        raise ValidationError({"students": "A student is listed twice."})
    _check_served(actor, students)
    _check_date(school.district, date)
    if session_type == SessionType.PULL_OUT_INDIVIDUAL and len(attendees) > 1:
        raise ValidationError(
            {
                "session_type": "An individual pull-out session has one student; choose "
                "'Pull-out, group' for more."
            }
        )
    if planned is not None:
        _check_not_recorded(planned, date)
    session = Session(
        provider=actor,
        planned=planned,
        date=date,
        start=start,
        minutes=minutes,
        session_type=session_type,
        location=location,
        school=school,
        pull_out_reason=pull_out_reason if session_type in PULL_OUT_TYPES else "",
        activities=activities,
        subjective=subjective,
        objective=objective,
        assessment=assessment,
        plan=plan,
    )
    session.full_clean()
    policy = Policy.for_district(school.district)
    records = []
    for entry in attendees:
        student = entry.student
        name = student.full_name
        line = line_for(direct_lines_in_force(student, date), session_type)
        if entry.makeup_for is not None:
            _check_makeup(miss=entry.makeup_for, student=student, date=date, policy=policy)
            # A make-up credits the line of the miss, in the period of the miss.
            line = entry.makeup_for.service_line
        if line is None:
            raise ValidationError(f"{name} has no direct OT service in force on {nice_date(date)}.")
        if session_type in PULL_OUT_TYPES and not line.is_pull_out and not pull_out_reason:
            raise ValidationError(
                {
                    "pull_out_reason": f"{name}'s IEP has no pull-out service. Give the reason "
                    "for taking them out of class, or log the session as push-in."
                }
            )
        if problem := group_problem(
            session_type=session_type, size=len(attendees), line=line, name=name
        ):
            raise ValidationError(problem)
        if entry.attendance == Attendance.ABSENT and not entry.absence_reason:
            raise ValidationError(f"Say why {name} was absent.")
        for goal_entry in entry.goals:
            if goal_entry.goal.iep.student_id != student.pk:
                raise ValidationError(f"That goal is not one of {name}'s.")
            if (
                goal_entry.trials is not None
                and goal_entry.correct is not None
                and goal_entry.correct > goal_entry.trials
            ):
                raise ValidationError(f"{name}: correct cannot be more than the trials.")
        records.append((entry, line))
    if sign:
        session.status = Session.Status.SIGNED
        session.signed_at = timezone.now()
    session.save()
    for entry, line in records:
        present = entry.attendance == Attendance.PRESENT
        record = SessionStudent.objects.create(
            session=session,
            student=entry.student,
            service_line=line,
            attendance=entry.attendance,
            absence_reason="" if present else entry.absence_reason,
            targeted_service=entry.targeted_service if present else False,
            makeup_for=entry.makeup_for,
        )
        if present:
            GoalData.objects.bulk_create(
                GoalData(
                    record=record,
                    goal=g.goal,
                    trials=g.trials,
                    correct=g.correct,
                    assistance=g.assistance,
                )
                for g in entry.goals
            )
        elif entry.makeup_for is None:
            MissedSession.objects.create(
                student=entry.student,
                service_line=line,
                provider=actor,
                planned=planned,
                session=session,
                date=date,
                minutes=minutes,
                reason=entry.absence_reason,
            )
    session.library_activities.set(library_activities or [])
    if from_plan is not None:
        from_plan.session = session
        from_plan.save(update_fields=["session"])
    _audit(actor, AuditEvent.Action.CREATE, session, students, str(session))
    return session


NOTE_FIELDS = ["activities", "subjective", "objective", "assessment", "plan"]


@transaction.atomic
def update_note(*, actor: User, session: Session, note: dict[str, str], sign: bool) -> Session:
    """Write the note of a draft session; a signed note only takes addenda."""
    if session.provider_id != actor.pk:
        raise ValidationError("Only the provider who wrote this note can change it.")
    if session.status != Session.Status.DRAFT:
        raise ValidationError("This note is signed; add an addendum instead.")
    for name in NOTE_FIELDS:
        setattr(session, name, note.get(name, "").strip())
    session.full_clean()  # each part within its length limit
    claim(session, session.version)  # Stale if it was saved elsewhere since it was opened
    fields = list(NOTE_FIELDS)
    if sign:
        session.status = Session.Status.SIGNED
        session.signed_at = timezone.now()
        fields += ["status", "signed_at"]
    session.save(update_fields=fields)
    _audit(actor, AuditEvent.Action.UPDATE, session, _students(session), "Wrote the note")
    return session


@transaction.atomic
def sign_session(*, actor: User, session: Session) -> Session:
    if session.provider_id != actor.pk:
        raise ValidationError("Only the provider who wrote this note can sign it.")
    if session.status != Session.Status.DRAFT:
        raise ValidationError("This note is already signed or voided.")
    claim(session, session.version)
    session.status = Session.Status.SIGNED
    session.signed_at = timezone.now()
    session.save(update_fields=["status", "signed_at"])
    _audit(actor, AuditEvent.Action.UPDATE, session, _students(session), "Signed the note")
    return session


def _students(session: Session) -> list[Student]:
    return [record.student for record in session.attendees.select_related("student")]


@transaction.atomic
def add_addendum(*, actor: User, session: Session, text: str) -> Addendum:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the correction or addition."})
    if session.provider_id != actor.pk:
        raise ValidationError("Only the provider who wrote this note can add to it.")
    addendum = Addendum(session=session, author=actor, text=text)
    addendum.full_clean()  # e.g. the length limit: a signed note takes no 2 MB addendum
    addendum.save()
    _audit(actor, AuditEvent.Action.UPDATE, session, _students(session), f"Addendum: {text}")
    return addendum


@transaction.atomic
def void_session(*, actor: User, session: Session, reason: str) -> Session:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this entry is a mistake."})
    if session.status == Session.Status.VOIDED:
        raise ValidationError("This entry is already voided.")
    if session.provider_id != actor.pk:
        raise ValidationError("Only the provider who wrote this note can void it.")
    now = timezone.now()
    session.status = Session.Status.VOIDED
    session.voided_at = now
    session.voided_by = actor
    session.void_reason = reason
    session.full_clean()
    session.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])
    # The absences recorded in the session carry its reason, cut to fit their own field.
    why = f"Session voided: {reason}"
    if len(why) > REASON_CHARS:
        why = why[: REASON_CHARS - 1] + "…"
    session.absences.filter(voided_at__isnull=True).update(voided_at=now, void_reason=why)
    _audit(actor, AuditEvent.Action.VOID, session, _students(session), f"Voided: {reason}")
    return session
