"""The weekly plan (PlannedSession) and session plans: the only writer of both."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.activities.queries import activities_visible_to
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.core.times import DAY_NAMES, clock, minutes_of
from otdesk.students.models import (
    Goal,
    Student,
)

from ..models import (
    IN_CLASS_TYPES,
    MissedSession,
    PlannedSession,
    Session,
    SessionPlan,
    SessionType,
)
from .checks import _audit, _check_served, direct_lines_in_force, group_problem, line_for


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
    plan = SessionPlan(provider=actor, session_type=session_type, note=note.strip())
    plan.full_clean()
    plan.save()
    plan.students.set(students)
    plan.goals.set(goals)
    plan.activities.set(activities)
    _audit(actor, AuditEvent.Action.CREATE, plan, students, str(plan))
    return plan


# The weekly plan from the schedule builder ------------------------------------------------
#
# The scheduler (otdesk.scheduling) decides where sessions go; these functions store what it
# decided. Delivery never imports scheduling: the decisions arrive as plain data.

ONE_DAY = dt.timedelta(days=1)
MOVED_REASON = "moved by the therapist"
# A change of dates or of the lock leaves the links alone: full_clean need not look each
# one up again (one query per link and session, dozens when a plan is put into use).
UNCHANGED_LINKS = ["provider", "school", "classroom", "makeup_for", "replaces"]


@dataclass(frozen=True)
class WeeklySession:
    """One weekly session of a new plan, as the schedule builder placed it."""

    students: list[Student]
    weekday: int
    start: dt.time
    minutes: int
    school_id: int
    classroom_id: int | None
    session_type: str
    location: str
    active_until: dt.date  # it ends with the service line (the last one, for a group)
    reason: str
    weeks: str


def _without_history() -> Q:
    return ~Q(Exists(Session.objects.filter(planned=OuterRef("pk")))) & ~Q(
        Exists(MissedSession.objects.filter(planned=OuterRef("pk")))
    )


def _students_of(sessions: QuerySet[PlannedSession]) -> dict[int, Student]:
    return {s.pk: s for s in Student.objects.filter(planned_sessions__in=sessions).distinct()}


@transaction.atomic
def replace_weekly_plan(
    *, actor: User, starts_on: dt.date, sessions: list[WeeklySession]
) -> list[PlannedSession]:
    """Make these the therapist's weekly sessions from starts_on on.

    Unlocked weekly sessions of the old plan end the day before (those that would only start
    later go, unless something is logged against them); dates the old plan moved from
    starts_on on go too (a moved date the therapist has since locked stays). Locked sessions
    and booked make-ups are kept. One audit event per student whose plan changes."""
    first = starts_on.isoformat()
    moved_dates = PlannedSession.objects.filter(
        _without_history(),
        provider=actor,
        replaces__isnull=False,
        locked=False,
        active_from__gte=starts_on,
    )
    old = (
        PlannedSession.objects.filter(provider=actor, locked=False, makeup_for=None)
        .exclude(active_from=F("active_until"))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=starts_on))
    )
    concerned = _students_of(moved_dates) | _students_of(old)
    moved_dates.delete()
    old.filter(_without_history(), active_from__gte=starts_on).delete()
    for planned in old.filter(active_from__lt=starts_on).order_by("pk"):
        planned.active_until = starts_on - ONE_DAY
        planned.skip_dates = [day for day in planned.skip_dates if day < first]
        planned.full_clean(exclude=UNCHANGED_LINKS)
        planned.save(update_fields=["active_until", "skip_dates"])
    created = []
    for weekly in sessions:
        planned = PlannedSession(
            provider=actor,
            weekday=weekly.weekday,
            start=weekly.start,
            minutes=weekly.minutes,
            school_id=weekly.school_id,
            classroom_id=weekly.classroom_id,
            session_type=weekly.session_type,
            location=weekly.location,
            active_from=starts_on,
            active_until=weekly.active_until,
            reason=weekly.reason[:200],
            weeks=weekly.weeks,
        )
        planned.full_clean()
        planned.save()
        planned.students.set(weekly.students)
        created.append(planned)
        concerned |= {s.pk: s for s in weekly.students}
    summary = f"Put a weekly plan into use from {nice_date(starts_on)}: {len(created)} sessions"
    if concerned:
        _audit(actor, AuditEvent.Action.UPDATE, actor, concerned.values(), summary)
    else:
        record_event(
            user=actor, action=AuditEvent.Action.UPDATE, obj=actor, student_id=None, summary=summary
        )
    return created


@transaction.atomic
def move_weekly_date(
    *, actor: User, weekly: PlannedSession, day: dt.date, start: dt.time, reason: str
) -> PlannedSession:
    """Give one date of a weekly session its own time (a one-off that `replaces` it there,
    with the reason); the weekly session skips that date."""
    if weekly.provider_id != actor.pk:
        raise ValidationError("Only the therapist whose plan it is on can move it.")
    if not weekly.active_on(day):
        raise ValidationError(f"This weekly session does not happen on {nice_date(day)}.")
    students = list(weekly.students.all())
    moved = PlannedSession(
        provider=actor,
        weekday=day.weekday(),
        start=start,
        minutes=weekly.minutes,
        school_id=weekly.school_id,
        classroom=weekly.classroom,
        session_type=weekly.session_type,
        location=weekly.location,
        active_from=day,
        active_until=day,
        reason=reason[:200],
        replaces=weekly,
    )
    moved.full_clean()
    moved.save()
    moved.students.set(students)
    weekly.skip_dates = sorted({*weekly.skip_dates, day.isoformat()})
    weekly.full_clean(exclude=UNCHANGED_LINKS)
    weekly.save(update_fields=["skip_dates"])
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        moved,
        students,
        f"Moved the weekly session of {clock(minutes_of(weekly.start))} on {nice_date(day)} "
        f"to {clock(minutes_of(start))}: {reason}",
    )
    return moved


def _is_one_off(planned: PlannedSession) -> bool:
    return planned.active_until is not None and planned.active_from == planned.active_until


def _has_history(planned: PlannedSession) -> bool:
    return (
        Session.objects.filter(planned=planned).exists()
        or MissedSession.objects.filter(planned=planned).exists()
    )


@transaction.atomic
def move_planned_session(
    *,
    actor: User,
    planned: PlannedSession,
    weekday: int,
    start: dt.time,
    on_date: dt.date | None,
    today: dt.date,
) -> PlannedSession:
    """Put a session at another time and lock it there, keeping what was logged against it.

    A weekly session with sessions or misses recorded against it ends yesterday and a copy
    starts today, so past logs still point at the time they happened; otherwise it changes
    in place. on_date is the new date of a one-off session (None for a weekly one)."""
    if planned.provider_id != actor.pk:
        raise ValidationError("Only the therapist whose plan it is on can move it.")
    before = f"{DAY_NAMES[planned.weekday]} {planned.start:%H:%M}"
    students = list(planned.students.all())
    if _is_one_off(planned) and _has_history(planned):
        raise ValidationError(
            "This one-off session is already logged or missed, so it stays on its date. "
            "Book a new make-up instead."
        )
    if not _is_one_off(planned) and planned.active_from < today and _has_history(planned):
        old = PlannedSession.objects.select_for_update().get(pk=planned.pk)
        # The old copy is history now; unlocked so it holds no time in the next plan.
        old.active_until = today - ONE_DAY
        old.locked = False
        old.full_clean(exclude=UNCHANGED_LINKS)
        old.save(update_fields=["active_until", "locked"])
        planned = PlannedSession(
            provider=actor,
            weekday=planned.weekday,
            start=planned.start,
            minutes=planned.minutes,
            school_id=planned.school_id,
            classroom_id=planned.classroom_id,
            session_type=planned.session_type,
            location=planned.location,
            active_from=today,
            active_until=planned.active_until,
            weeks=planned.weeks,
            skip_dates=planned.skip_dates,
        )
    planned.weekday = weekday
    planned.start = start
    if on_date is not None:
        planned.active_from = planned.active_until = on_date
    planned.locked = True
    planned.reason = MOVED_REASON
    planned.full_clean()
    planned.save()
    planned.students.set(students)
    after = f"{DAY_NAMES[weekday]} {start:%H:%M}"
    if on_date is not None:
        after = f"{nice_date(on_date)} {start:%H:%M}"
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        planned,
        students,
        f"Moved a planned session from {before} to {after} and locked it",
    )
    return planned


@transaction.atomic
def set_planned_lock(*, actor: User, planned: PlannedSession, locked: bool) -> bool:
    """Lock a session (a new generated plan keeps it where it is) or unlock it. Returns
    whether anything changed."""
    if planned.provider_id != actor.pk:
        raise ValidationError("Only the therapist whose plan it is on can lock it.")
    if planned.locked == locked:
        return False
    planned.locked = locked
    planned.full_clean(exclude=UNCHANGED_LINKS)
    planned.save(update_fields=["locked"])
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        planned,
        planned.students.all(),
        f"{'Locked' if locked else 'Unlocked'} the planned session {planned}",
    )
    return True


@dataclass(frozen=True)
class MakeupBooking:
    """A make-up time the make-up planner chose and checked against every rule."""

    day: dt.date
    start: dt.time
    minutes: int
    classroom_id: int | None
    session_type: str
    location: str
    reason: str


@transaction.atomic
def book_makeup(*, actor: User, miss: MissedSession, booking: MakeupBooking) -> PlannedSession:
    """Store a make-up for the miss as a one-off locked session of the therapist's plan, so
    it shows on Today and logging it credits the miss."""
    student = miss.student
    _check_served(actor, [student])
    planned = PlannedSession(
        provider=actor,
        weekday=booking.day.weekday(),
        start=booking.start,
        minutes=booking.minutes,
        school_id=student.school_id,
        classroom_id=booking.classroom_id,
        session_type=booking.session_type,
        location=booking.location,
        active_from=booking.day,
        active_until=booking.day,
        locked=True,
        reason=booking.reason,
        makeup_for=miss,
    )
    planned.full_clean()
    planned.save()
    planned.students.set([student])
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        planned,
        [student],
        f"Booked a make-up on {nice_date(booking.day)} {booking.start:%H:%M} for the miss of "
        f"{nice_date(miss.date)}",
    )
    return planned


@transaction.atomic
def cancel_makeup(*, actor: User, planned: PlannedSession) -> MissedSession:
    """Remove a booked make-up that has not been logged; returns the miss it was for."""
    miss = planned.makeup_for
    if miss is None:
        raise ValidationError("That session is not a booked make-up.")
    if planned.provider_id != actor.pk:
        raise ValidationError("Only the therapist whose plan it is on can cancel it.")
    if (
        planned.sessions.exclude(status=Session.Status.VOIDED).exists()
        or planned.misses.filter(voided_at__isnull=True).exists()
    ):
        raise ValidationError(
            "This make-up is already logged (or recorded as missed); void that entry instead."
        )
    _audit(
        actor,
        AuditEvent.Action.VOID,
        planned,
        [miss.student],
        f"Cancelled the make-up booked on {nice_date(planned.active_from)} "
        f"{planned.start:%H:%M} for the miss of {nice_date(miss.date)}",
    )
    planned.delete()
    return miss
