"""Writes to the activity library and home programs: validated, atomic, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_therapist
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.students.models import SkillArea, Student
from otdesk.students.permissions import serves

from .models import Activity, ActivityArea, HomeProgram
from .queries import activities_visible_to


@transaction.atomic
def save_activity(*, actor: User, activity: Activity, areas: list[str]) -> Activity:
    """A therapist's own activity; only its author changes it."""
    if not is_therapist(actor):
        raise ValidationError("Only therapists add activities to the library.")
    if activity.pk and activity.owner_id != actor.pk:
        raise ValidationError("Only the therapist who added this activity can change it.")
    if not areas:
        raise ValidationError({"areas": "Choose at least one skill area."})
    if any(area not in SkillArea.values for area in areas):
        raise ValidationError({"areas": "Choose skill areas from the list."})
    creating = activity.pk is None
    activity.owner = actor
    activity.district = actor.district
    activity.full_clean()
    activity.save()
    activity.areas.all().delete()
    ActivityArea.objects.bulk_create(ActivityArea(activity=activity, area=a) for a in areas)
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=activity,
        student_id=None,
        summary=activity.name,
    )
    return activity


@transaction.atomic
def create_home_program(
    *,
    actor: User,
    student: Student,
    activities: list[Activity],
    note: str = "",
    note_es: str = "",
    times_per_week: int = 3,
) -> HomeProgram:
    if not serves(actor, student):
        raise ValidationError(f"{student.full_name} is not on your caseload.")
    if not activities:
        raise ValidationError({"activities": "Choose at least one activity for home."})
    if len(activities) > 6:
        raise ValidationError({"activities": "Choose at most 6 activities: the sheet is one page."})
    visible = set(activities_visible_to(actor).values_list("pk", flat=True))
    for activity in activities:
        if activity.pk not in visible:
            raise ValidationError({"activities": "Choose activities from your library."})
        if not activity.at_home:
            raise ValidationError(
                {"activities": f"'{activity.name}' is not one for home; choose another."}
            )
    if not 1 <= times_per_week <= 7:
        raise ValidationError({"times_per_week": "From 1 to 7 times a week."})
    program = HomeProgram(
        student=student,
        created_by=actor,
        note=note.strip(),
        note_es=note_es.strip(),
        times_per_week=times_per_week,
    )
    program.full_clean()
    program.save()
    program.activities.set(activities)
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=program,
        student_id=student.pk,
        summary=str(program),
    )
    return program
