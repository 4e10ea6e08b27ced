"""Writes of the coordinator's district pages: schools, closed days and the district's
rules. Each runs in one transaction, checks the record (full_clean) and writes its audit
event with the values before and after. Team assignments are written by
students/team.py, bell schedules by scheduling/services/setup.py."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District, NonSchoolDay, School

Action = AuditEvent.Action

SCHOOL_FIELDS = ("name", "short_name", "address")
RULE_FIELDS = (
    "initial_evaluation_days",
    "initial_evaluation_day_kind",
    "cota_cosign_required",
    "supervision_every_days",
)


def _values(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _check_school_names(school: School) -> None:
    others = School.objects.filter(district_id=school.district_id).exclude(pk=school.pk)
    errors: dict[str, str] = {}
    if others.filter(name__iexact=school.name.strip()).exists():
        errors["name"] = f"{school.district.name} already has a school named {school.name}."
    if others.filter(short_name__iexact=school.short_name.strip()).exists():
        errors["short_name"] = (
            f"Another school already goes by {school.short_name}; calendars would mix them up."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_school(
    *,
    actor: User,
    district: District,
    data: dict[str, Any],
    school: School | None = None,
    request: HttpRequest | None = None,
) -> School:
    """Add a school to the district, or change a school's name, short name and address."""
    adding = school is None
    school = school or School(district=district)
    if school.district_id != district.pk:
        raise ValidationError("That school is in another district.")
    # The form may have filled the instance already: "before" is what is stored.
    before = None if adding else _values(School.objects.get(pk=school.pk), SCHOOL_FIELDS)
    for name in SCHOOL_FIELDS:
        setattr(school, name, str(data.get(name, "")).strip())
    if not adding and _values(school, SCHOOL_FIELDS) == before:
        raise ValidationError("Nothing changed.")
    school.full_clean()
    _check_school_names(school)
    school.save()
    record_event(
        user=actor,
        action=Action.CREATE if adding else Action.UPDATE,
        obj=school,
        student_id=None,
        summary=f"{'Added' if adding else 'Changed'} the school {school.name}",
        request=request,
        before=before,
        after=_values(school, SCHOOL_FIELDS),
    )
    return school


def school_days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The weekdays from first to last, both included."""
    count = (last - first).days + 1
    days = (first + dt.timedelta(days=n) for n in range(count))
    return [day for day in days if day.weekday() < 5]


@transaction.atomic
def add_closed_days(
    *,
    actor: User,
    district: District,
    first: dt.date,
    last: dt.date | None,
    name: str,
    request: HttpRequest | None = None,
) -> list[NonSchoolDay]:
    """Close the district's schools on a day, or on every weekday of a break. Days already
    closed are left as they are; weekends are never school days, so they are skipped."""
    last = last or first
    start, end = district.school_year_start, district.school_year_end
    if last < first:
        raise ValidationError({"last": "The last day must be on or after the first day."})
    if first < start or last > end:
        raise ValidationError(
            f"Closed days fall in the school year, {nice_date(start)} to {nice_date(end)}."
        )
    weekdays = school_days_between(first, last)
    if not weekdays:
        raise ValidationError(
            {"first": "That is a weekend; schools are closed then anyway. Choose a weekday."}
        )
    taken = set(
        NonSchoolDay.objects.filter(district=district, date__in=weekdays).values_list(
            "date", flat=True
        )
    )
    new_days = [day for day in weekdays if day not in taken]
    if not new_days:
        raise ValidationError(
            "Every weekday you chose is already a closed day."
            if len(weekdays) > 1
            else f"{nice_date(first)} is already a closed day."
        )
    added = []
    for day in new_days:
        closed = NonSchoolDay(district=district, date=day, name=name.strip())
        closed.full_clean()
        closed.save()
        record_event(
            user=actor,
            action=Action.CREATE,
            obj=closed,
            student_id=None,
            summary=f"Closed day: {closed}",
            request=request,
            after={"date": day.isoformat(), "name": closed.name},
        )
        added.append(closed)
    return added


@transaction.atomic
def remove_closed_day(
    *, actor: User, day: NonSchoolDay, request: HttpRequest | None = None
) -> None:
    """The schools are open on that day after all."""
    record_event(
        user=actor,
        action=Action.DELETE,
        obj=day,
        student_id=None,
        summary=f"Removed the closed day {day}",
        request=request,
        before={"date": day.date.isoformat(), "name": day.name},
    )
    day.delete()


@transaction.atomic
def set_district_rules(
    *,
    actor: User,
    district: District,
    initial_evaluation_days: int,
    initial_evaluation_day_kind: str,
    cota_cosign_required: bool,
    supervision_every_days: int,
    request: HttpRequest | None = None,
) -> District:
    """The district's own rules: days allowed for an initial evaluation (calendar or
    school days), whether a COTA's
    notes wait for a co-signature, and how often a COTA's supervision is due."""
    before = _values(district, RULE_FIELDS)
    district.initial_evaluation_days = initial_evaluation_days
    district.initial_evaluation_day_kind = initial_evaluation_day_kind
    district.cota_cosign_required = cota_cosign_required
    district.supervision_every_days = supervision_every_days
    after = _values(district, RULE_FIELDS)
    if after == before:
        raise ValidationError("Nothing changed: these are already the district's rules.")
    district.full_clean()
    district.save(update_fields=list(RULE_FIELDS))
    record_event(
        user=actor,
        action=Action.UPDATE,
        obj=district,
        student_id=None,
        summary=f"District rules of {district.name}",
        request=request,
        before=before,
        after=after,
    )
    return district
