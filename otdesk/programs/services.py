"""Every write about aide programs: validated, atomic, audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.core.versions import claim
from otdesk.students.models import Goal, Student
from otdesk.students.permissions import serves

from .models import (
    AideProgram,
    AssistiveTechItem,
    ImplementationLog,
    MonitoringCheck,
    ProgramAssignment,
    ProgramVersion,
    TrainingEvent,
)
from .permissions import carries_out_programs, is_implementer


def _audit(actor: User, action: str, obj: Model, student_id: int, summary: str) -> None:
    record_event(user=actor, action=action, obj=obj, student_id=student_id, summary=summary)


def _require_serving(actor: User, student: Student) -> None:
    if not serves(actor, student):
        raise ValidationError(f"{student.full_name} is not on your caseload.")


def _not_future(day: dt.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})


@transaction.atomic
def create_program(
    *,
    actor: User,
    student: Student,
    title: str,
    activities: str,
    instructions: str,
    times_per_week: int,
    minutes_each: int,
    start_date: dt.date,
    goals: list[Goal] | None = None,
    library_activities: list[Activity] | None = None,
) -> AideProgram:
    _require_serving(actor, student)
    if not activities.strip() and not library_activities:
        raise ValidationError(
            {"library_activities": "Choose activities from the library or describe them."}
        )
    program = AideProgram(
        student=student,
        title=title.strip(),
        activities=activities.strip(),
        instructions=instructions.strip(),
        times_per_week=times_per_week,
        minutes_each=minutes_each,
        start_date=start_date,
        created_by=actor,
    )
    program.full_clean()
    program.save()
    for goal in goals or []:
        if goal.iep.student_id != student.pk:
            raise ValidationError({"goals": "A goal belongs to another student."})
    program.goals.set(goals or [])
    program.library_activities.set(library_activities or [])
    _audit(actor, AuditEvent.Action.CREATE, program, student.pk, str(program))
    return program


@transaction.atomic
def revise_program(
    *,
    actor: User,
    program: AideProgram,
    change_note: str,
    version: int | None,
    activities: str | None = None,
    instructions: str | None = None,
    times_per_week: int | None = None,
    minutes_each: int | None = None,
    status: str | None = None,
) -> AideProgram:
    """Change the program and keep the version before the change. `version` is the one the
    change was made from: if someone saved a newer one meanwhile, it is refused (Stale)."""
    _require_serving(actor, program.student)
    change_note = change_note.strip()
    if not change_note:
        raise ValidationError({"change_note": "Say what changed and why."})
    claim(program, version)
    kept = ProgramVersion(
        program=program,
        number=program.version - 1,
        activities=program.activities,
        instructions=program.instructions,
        times_per_week=program.times_per_week,
        minutes_each=program.minutes_each,
        changed_by=actor,
        # A check-in's changes (up to a description long) head the version as its note.
        change_note=change_note[:300],
    )
    kept.full_clean()
    kept.save()
    if activities is not None:
        program.activities = activities.strip()
    if instructions is not None:
        program.instructions = instructions.strip()
    if times_per_week is not None:
        program.times_per_week = times_per_week
    if minutes_each is not None:
        program.minutes_each = minutes_each
    if status is not None:
        program.status = status
    program.full_clean()
    program.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        program,
        program.student_id,
        f"v{program.version}: {change_note}",
    )
    return program


@transaction.atomic
def assign_implementer(
    *, actor: User, program: AideProgram, person: User, start_date: dt.date
) -> ProgramAssignment:
    _require_serving(actor, program.student)
    if not carries_out_programs(person):
        raise ValidationError({"person": "Choose an aide, behaviorist or teacher."})
    if person.district_id != program.student.school.district_id:
        raise ValidationError({"person": "That person works in another district."})
    if abs((start_date - timezone.localdate()).days) > 366:
        raise ValidationError({"start_date": "Choose a start date within a year of today."})
    existing = ProgramAssignment.objects.filter(program=program, person=person).first()
    if existing is not None and existing.end_date is None:
        raise ValidationError(
            {"person": f"{person.display_name} already carries out this program."}
        )
    # Someone whose assignment ended is assigned again on the same row, from the new start.
    assignment = existing or ProgramAssignment(program=program, person=person)
    assignment.start_date = start_date
    assignment.end_date = None
    assignment.full_clean()
    assignment.save()
    _audit(actor, AuditEvent.Action.UPDATE, program, program.student_id, f"Assigned {person}")
    return assignment


@transaction.atomic
def record_training(
    *,
    actor: User,
    program: AideProgram,
    trainee: User,
    kind: str,
    date: dt.date,
    minutes: int,
    notes: str = "",
    signed_off: bool = False,
) -> TrainingEvent:
    _require_serving(actor, program.student)
    _not_future(date)
    if not is_implementer(trainee, program):
        raise ValidationError(
            {"trainee": "Assign this person to the program before training them."}
        )
    event = TrainingEvent(
        program=program,
        trainee=trainee,
        trainer=actor,
        kind=kind,
        date=date,
        minutes=minutes,
        notes=notes.strip(),
        signed_off=signed_off,
    )
    event.full_clean()
    event.save()
    _audit(actor, AuditEvent.Action.CREATE, event, program.student_id, str(event))
    return event


@transaction.atomic
def log_implementation(
    *,
    actor: User,
    program: AideProgram,
    date: dt.date,
    done: bool,
    minutes: int | None = None,
    response: str = "",
    note: str = "",
) -> ImplementationLog:
    if not (is_implementer(actor, program) or serves(actor, program.student)):
        raise ValidationError("Only the people who carry out this program log it.")
    _not_future(date)
    if program.status != AideProgram.Status.ACTIVE:
        raise ValidationError("This program is not active.")
    if not done and not note.strip():
        raise ValidationError({"note": "Say why it was not done today."})
    log = ImplementationLog(
        program=program,
        implementer=actor,
        date=date,
        done=done,
        minutes=minutes if done else None,
        response=response if done else "",
        note=note.strip(),
    )
    log.full_clean()
    log.save()
    _audit(actor, AuditEvent.Action.CREATE, log, program.student_id, str(log))
    return log


@transaction.atomic
def record_monitoring(
    *,
    actor: User,
    program: AideProgram,
    date: dt.date,
    minutes: int,
    observation: str,
    fidelity: int,
    changes: str = "",
    new_instructions: str = "",
    version: int | None = None,
) -> MonitoringCheck:
    """A check-in; when the instructions change, the program gets a new version. version:
    the program's when the check-in was opened: if someone changed the program since, a
    change of instructions is refused as stale (nothing of the check-in is kept), never
    laid over theirs."""
    _require_serving(actor, program.student)
    _not_future(date)
    if not observation.strip():
        raise ValidationError({"observation": "Write what you observed."})
    check = MonitoringCheck(
        program=program,
        therapist=actor,
        date=date,
        minutes=minutes,
        observation=observation.strip(),
        fidelity=fidelity,
        changes=changes.strip(),
    )
    check.full_clean()
    check.save()
    if new_instructions.strip() and new_instructions.strip() != program.instructions:
        revise_program(
            actor=actor,
            program=program,
            version=version,
            instructions=new_instructions,
            change_note=changes.strip() or f"Changed at the check-in of {nice_date(date)}",
        )
    _audit(actor, AuditEvent.Action.CREATE, check, program.student_id, str(check))
    return check


@transaction.atomic
def save_at_item(
    *,
    actor: User,
    item: AssistiveTechItem,
    trained: list[User],
) -> AssistiveTechItem:
    _require_serving(actor, item.student)
    if item.program is not None and item.program.student_id != item.student_id:
        raise ValidationError({"program": "That program is another student's."})
    if item.strategy is not None and item.strategy.student_id != item.student_id:
        raise ValidationError({"strategy": "That strategy is another student's."})
    item.full_clean()
    item.save()
    item.trained.set(trained)
    _audit(actor, AuditEvent.Action.UPDATE, item, item.student_id, str(item))
    return item
