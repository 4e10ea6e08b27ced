"""Every write about delivery: plans, sessions, signatures, addenda, voids, misses, policy."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.activities.queries import activities_visible_to
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District, School
from otdesk.students.models import (
    IEP,
    PULL_OUT_MODELS,
    DeliveryModel,
    Goal,
    ServiceKind,
    ServiceLine,
    Strategy,
    Student,
)
from otdesk.students.services import raise_concern

from .calendar import SchoolCalendar
from .crediting import made_up_minutes
from .models import (
    IN_CLASS_TYPES,
    PULL_OUT_TYPES,
    Addendum,
    Attendance,
    ConsultationLog,
    ConsultationStudent,
    ConsultWith,
    GoalData,
    MissedSession,
    MissReason,
    PlannedSession,
    PolicyVersion,
    Session,
    SessionPlan,
    SessionStudent,
    SessionType,
)
from .permissions import students_served_by
from .policy import Policy

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
    served = set(students_served_by(actor).values_list("pk", flat=True))
    for student in students:
        if student.pk not in served:
            raise ValidationError(f"{student.full_name} is not on your caseload.")


def _audit(actor: User, action: str, obj: object, students: Iterable[Student], text: str) -> None:
    for student in students:
        record_event(user=actor, action=action, obj=obj, student_id=student.pk, summary=text)  # type: ignore[arg-type]


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
    addendum = Addendum.objects.create(session=session, author=actor, text=text)
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
    session.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])
    session.absences.filter(voided_at__isnull=True).update(
        voided_at=now, void_reason=f"Session voided: {reason}"
    )
    _audit(actor, AuditEvent.Action.VOID, session, _students(session), f"Voided: {reason}")
    return session


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
    miss.save(update_fields=["voided_at", "void_reason"])
    record_event(
        user=actor,
        action=AuditEvent.Action.VOID,
        obj=miss,
        student_id=miss.student_id,
        summary=f"Voided: {reason}",
    )
    return miss


@transaction.atomic
def set_policy(
    *,
    actor: User,
    district: District,
    effective_from: dt.date,
    owed: dict[str, bool],
    prorate_short_weeks: bool,
    makeup_within_days: int | None,
) -> PolicyVersion:
    """Change the district's minutes policy from a date on; days before it keep the rules
    that were in force then. A second change on the same date replaces the first."""
    for reason in MissReason:
        if reason.value not in owed:
            raise ValidationError(f"Say whether '{reason.label}' is owed.")
    earliest = district.school_year_start
    latest = timezone.localdate() + dt.timedelta(days=366)
    if not earliest <= effective_from <= latest:
        raise ValidationError(
            {
                "effective_from": f"Choose a date from {nice_date(earliest)}, when this school "
                f"year began, to {nice_date(latest)}."
            }
        )
    policy = Policy.for_district(district)
    before = policy.on(effective_from)
    if (
        dict(before.owed) == owed
        and before.prorate_short_weeks == prorate_short_weeks
        and before.makeup_within_days == makeup_within_days
    ):
        raise ValidationError(
            f"Nothing changed: these are already the rules in force on {nice_date(effective_from)}."
        )
    version = PolicyVersion.objects.filter(
        district=district, effective_from=effective_from
    ).first() or PolicyVersion(district=district, effective_from=effective_from)
    version.owed = {reason.value: owed[reason.value] for reason in MissReason}
    version.prorate_short_weeks = prorate_short_weeks
    version.makeup_within_days = makeup_within_days
    version.changed_by = actor
    version.full_clean()
    version.save()
    owing = [r.label for r in MissReason if owed[r.value]]
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=district,
        student_id=None,
        summary=f"Minutes policy from {nice_date(effective_from)}: make-ups owed for "
        f"{', '.join(owing) or 'no reason'}; short weeks "
        f"{'pro-rated' if prorate_short_weeks else 'not pro-rated'}; make-ups "
        + (f"within {makeup_within_days} days" if makeup_within_days else "until the IEP ends"),
    )
    return version


@transaction.atomic
def save_planned_session(
    *, actor: User, planned: PlannedSession, students: list[Student]
) -> PlannedSession:
    if not students:
        raise ValidationError({"students": "Choose at least one student."})
    _check_served(actor, students)
    if planned.session_type == SessionType.PULL_OUT_INDIVIDUAL and len(students) > 1:
        raise ValidationError(
            {
                "session_type": "An individual pull-out session has one student; choose "
                "'Pull-out, group' for more."
            }
        )
    other_school = [s.full_name for s in students if s.school_id != planned.school_id]
    if other_school:
        raise ValidationError({"students": f"{', '.join(other_school)} attend another school."})
    for student in students:
        line = line_for(direct_lines_in_force(student, planned.active_from), planned.session_type)
        if line is not None and (
            problem := group_problem(
                session_type=planned.session_type,
                size=len(students),
                line=line,
                name=student.full_name,
            )
        ):
            raise ValidationError({"students": problem})
    planned.provider = actor
    planned.full_clean()
    planned.save()
    planned.students.set(students)
    _audit(actor, AuditEvent.Action.UPDATE, planned, students, f"Weekly plan: {planned}")
    return planned


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
    log.save(update_fields=["voided_at", "void_reason"])
    students = [record.student for record in log.students.select_related("student")]
    _audit(actor, AuditEvent.Action.VOID, log, students, f"Voided: {reason}")
    return log


@transaction.atomic
def save_session_plan(
    *,
    actor: User,
    students: list[Student],
    goals: list[Goal],
    session_type: str,
    activities: list[Activity],
    note: str = "",
) -> SessionPlan:
    """Plan the next session: the goals to work on and the activities chosen for them."""
    if not students:
        raise ValidationError({"students": "Choose at least one student."})
    _check_served(actor, students)
    ids = {s.pk for s in students}
    if not goals:
        raise ValidationError({"goals": "Choose the goals to work on."})
    if any(goal.iep.student_id not in ids for goal in goals):
        raise ValidationError({"goals": "A goal belongs to a student not in this session."})
    if not activities:
        raise ValidationError({"activities": "Choose at least one activity."})
    visible = set(activities_visible_to(actor).values_list("pk", flat=True))
    if any(activity.pk not in visible for activity in activities):
        raise ValidationError({"activities": "Choose activities from your library."})
    in_class = session_type in IN_CLASS_TYPES
    unfit = [
        a.name
        for a in activities
        if (in_class and not a.in_class) or (not in_class and not a.pull_out)
    ]
    if unfit:
        where = "inside a class activity" if in_class else "in a pull-out session"
        raise ValidationError(
            {"activities": f"{', '.join(unfit)} does not work {where}; choose another."}
        )
    plan = SessionPlan.objects.create(provider=actor, session_type=session_type, note=note.strip())
    plan.students.set(students)
    plan.goals.set(goals)
    plan.activities.set(activities)
    _audit(actor, AuditEvent.Action.CREATE, plan, students, str(plan))
    return plan
