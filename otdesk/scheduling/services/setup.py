"""Writes of the schedule set-up: bell and class blocks, the days a therapist is at each
school, travel times, meetings and protected time, students' unavailable times and the
group rules. Each runs in one transaction, checks the record (full_clean) and writes its
audit event; a student's unavailable time is audited on the student."""

import datetime as dt
from typing import Any

from django.db import transaction

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.core.times import day_name, hhmm, minutes_of
from otdesk.schools.models import BellBlock, School, SchoolAssignment, TravelTime
from otdesk.students.models import Student, UnavailableTime

from ..models import FixedTime, ScheduleSettings

Action = AuditEvent.Action


def _span(start: dt.time, end: dt.time) -> str:
    return f"{hhmm(minutes_of(start))}–{hhmm(minutes_of(end))}"


@transaction.atomic
def add_blocks(
    *, actor: User, school: School, data: dict[str, Any], days: list[int]
) -> list[BellBlock]:
    """One block on each day: 'Writing Mon–Thu 9:00–9:45' makes four rows."""
    blocks = []
    for weekday in days:
        block = BellBlock(
            school=school,
            weekday=weekday,
            name=data["name"],
            kind=data["kind"],
            start=data["start"],
            end=data["end"],
            classroom=data.get("classroom"),
            protected=data["protected"],
        )
        block.full_clean()
        block.save()
        record_event(
            user=actor,
            action=Action.CREATE,
            obj=block,
            student_id=None,
            summary=f"Bell block at {school.short_name}: {block}",
        )
        blocks.append(block)
    return blocks


@transaction.atomic
def change_block(*, actor: User, block: BellBlock, data: dict[str, Any]) -> BellBlock:
    for name in ("name", "kind", "weekday", "start", "end", "classroom", "protected"):
        setattr(block, name, data.get(name))
    block.full_clean()
    block.save()
    record_event(
        user=actor,
        action=Action.UPDATE,
        obj=block,
        student_id=None,
        summary=f"Bell block at {block.school.short_name}: {block}",
    )
    return block


@transaction.atomic
def remove_block(*, actor: User, block: BellBlock) -> None:
    # The audit event is written first, while the block still has its id.
    record_event(
        user=actor,
        action=Action.VOID,
        obj=block,
        student_id=None,
        summary=f"Removed bell block at {block.school.short_name}: {block}",
    )
    block.delete()


@transaction.atomic
def set_days(*, actor: User, changes: list[tuple[SchoolAssignment, str]]) -> int:
    changed = 0
    for assignment, days in changes:
        if assignment.days == days:
            continue
        assignment.days = days
        assignment.full_clean()
        assignment.save(update_fields=["days"])
        record_event(
            user=actor,
            action=Action.UPDATE,
            obj=assignment,
            student_id=None,
            summary=f"Days at {assignment.school.short_name}: {days}",
        )
        changed += 1
    return changed


@transaction.atomic
def set_travel_times(*, actor: User, minutes: dict[tuple[School, School], int | None]) -> int:
    """Store one row per pair (lower school id first); blank removes it (the default)."""
    changed = 0
    for (a, b), value in minutes.items():
        if a.pk >= b.pk:
            raise ValueError("A pair of schools is given lower id first.")
        row = TravelTime.objects.filter(school_a=a, school_b=b).first()
        if value is None:
            if row is not None:
                record_event(
                    user=actor,
                    action=Action.VOID,
                    obj=row,
                    student_id=None,
                    summary=f"Travel {a.short_name}–{b.short_name} back to the default",
                )
                row.delete()
                changed += 1
            continue
        if row is not None and row.minutes == value:
            continue
        action = Action.CREATE if row is None else Action.UPDATE
        row = row or TravelTime(school_a=a, school_b=b)
        row.minutes = value
        row.full_clean()
        row.save()
        record_event(
            user=actor,
            action=action,
            obj=row,
            student_id=None,
            summary=f"Travel {a.short_name}–{b.short_name}: {value} min",
        )
        changed += 1
    return changed


def _fill_fixed(fixed: FixedTime, data: dict[str, Any], weekday: int) -> None:
    fixed.title = data["title"]
    fixed.kind = data["kind"]
    fixed.weekday = weekday
    fixed.date = data.get("date")
    fixed.start = data["start"]
    fixed.end = data["end"]
    fixed.school = data.get("school")
    fixed.full_clean()
    fixed.save()


def fixed_time_words(fixed: FixedTime) -> str:
    """'Meeting: IEP meeting, every Monday 09:00–09:45': how a fixed time is named."""
    when = nice_date(fixed.date) if fixed.date else f"every {day_name(fixed.weekday)}"
    return f"{fixed.get_kind_display()}: {fixed.title}, {when} {_span(fixed.start, fixed.end)}"


@transaction.atomic
def add_fixed_times(*, actor: User, data: dict[str, Any]) -> list[FixedTime]:
    added = []
    for weekday in data["days"]:
        fixed = FixedTime(provider=actor)
        _fill_fixed(fixed, data, weekday)
        record_event(
            user=actor, action=Action.CREATE, obj=fixed, student_id=None,
            summary=fixed_time_words(fixed),
        )  # fmt: skip
        added.append(fixed)
    return added


@transaction.atomic
def change_fixed_time(*, actor: User, fixed: FixedTime, data: dict[str, Any]) -> FixedTime:
    _fill_fixed(fixed, data, data["days"][0])
    record_event(
        user=actor,
        action=Action.UPDATE,
        obj=fixed,
        student_id=None,
        summary=fixed_time_words(fixed),
    )
    return fixed


@transaction.atomic
def remove_fixed_time(*, actor: User, fixed: FixedTime) -> None:
    record_event(
        user=actor,
        action=Action.VOID,
        obj=fixed,
        student_id=None,
        summary=f"Removed {fixed_time_words(fixed)}",
    )
    fixed.delete()


@transaction.atomic
def add_unavailable_times(
    *, actor: User, student: Student, data: dict[str, Any]
) -> list[UnavailableTime]:
    added = []
    for weekday in sorted(int(day) for day in data["weekdays"]):
        item = UnavailableTime(
            student=student,
            weekday=weekday,
            start=data["start"],
            end=data["end"],
            reason=data["reason"],
        )
        item.full_clean()
        item.save()
        record_event(
            user=actor,
            action=Action.CREATE,
            obj=item,
            student_id=student.pk,
            summary=f"Cannot be seen: {item}",
        )
        added.append(item)
    return added


@transaction.atomic
def remove_unavailable_time(*, actor: User, item: UnavailableTime) -> None:
    record_event(
        user=actor,
        action=Action.VOID,
        obj=item,
        student_id=item.student_id,
        summary=f"Removed cannot be seen: {item}",
    )
    item.delete()


@transaction.atomic
def save_schedule_settings(*, actor: User, settings: ScheduleSettings) -> ScheduleSettings:
    action = Action.UPDATE if settings.pk else Action.CREATE
    settings.provider = actor
    settings.full_clean()
    settings.save()
    weights = ", ".join(str(getattr(settings, name)) for name in ScheduleSettings.WEIGHTS)
    goal_area = "on" if settings.shared_goal_area else "off"
    record_event(
        user=actor,
        action=action,
        obj=settings,
        student_id=None,
        summary=f"Group rules: {settings.grade_band} grades apart, up to "
        f"{settings.max_group_size}, shared goal area {goal_area}; weights {weights}",
    )
    return settings
