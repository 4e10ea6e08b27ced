"""Reading the access log for a district's coordinator: the events about the district's
students, and those without a student by the district's people (the log itself is
core.models.AuditEvent, written only through core/audit.py)."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet

from otdesk.accounts.models import User
from otdesk.core.dates import district_zone
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District
from otdesk.students.models import Student


def district_people(district: District) -> QuerySet[User]:
    return User.objects.filter(district=district).order_by("last_name", "first_name", "username")


def district_students(district: District) -> QuerySet[Student]:
    return Student.objects.filter(school__district=district).order_by("last_name", "first_name")


def district_events(district: District) -> QuerySet[AuditEvent]:
    about_ours = Q(student_id__in=district_students(district).values("pk"))
    by_ours = Q(student_id__isnull=True, user__district=district)
    return AuditEvent.objects.filter(about_ours | by_ours)


def search(
    district: District,
    *,
    person: User | None = None,
    student: Student | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    action: str = "",
) -> QuerySet[AuditEvent]:
    """Newest first. Dates are the district's days (from midnight to midnight there)."""
    events = district_events(district)
    if person is not None:
        events = events.filter(user=person)
    if student is not None:
        events = events.filter(student_id=student.pk)
    zone = district_zone(district)
    if start is not None:
        events = events.filter(at__gte=dt.datetime.combine(start, dt.time(), tzinfo=zone))
    if end is not None:
        after = end + dt.timedelta(days=1)
        events = events.filter(at__lt=dt.datetime.combine(after, dt.time(), tzinfo=zone))
    if action:
        events = events.filter(action=action)
    return events.select_related("user").order_by("-pk")


@dataclass
class Row:
    event: AuditEvent
    what: str
    student: Student | None


def rows(events: list[AuditEvent]) -> list[Row]:
    """The page's events with the student's name and the kind of record in words; one
    query for the students whatever the number of events."""
    ids = {e.student_id for e in events if e.student_id is not None}
    students = Student.objects.in_bulk(ids) if ids else {}
    return [Row(e, kind_in_words(e.object_type), students.get(e.student_id or 0)) for e in events]


def kind_in_words(label: str) -> str:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name)
