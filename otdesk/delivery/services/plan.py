"""The weekly plan (PlannedSession) and session plans: the only writer of both."""

from django.core.exceptions import ValidationError
from django.db import transaction

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.activities.queries import activities_visible_to
from otdesk.core.models import AuditEvent
from otdesk.students.models import (
    Goal,
    Student,
)

from ..models import (
    IN_CLASS_TYPES,
    PlannedSession,
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
    plan = SessionPlan.objects.create(provider=actor, session_type=session_type, note=note.strip())
    plan.students.set(students)
    plan.goals.set(goals)
    plan.activities.set(activities)
    _audit(actor, AuditEvent.Action.CREATE, plan, students, str(plan))
    return plan
