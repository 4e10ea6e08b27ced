"""The parent summary for the IEP meeting: one page (and a one-page PDF) about one child,
drawn from the portal's own reading (family.queries.portal: delivery's compliance code for
the minutes, never recomputed here; a chosen reporting period's minutes are the progress
report's, progress.minutes.period_minutes)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext

from otdesk.accounts.models import User
from otdesk.activities.models import HomeProgram
from otdesk.progress.minutes import period_minutes
from otdesk.schools.models import ReportingPeriod
from otdesk.students.models import Student
from otdesk.students.permissions import serves_or_is_parent_of

from . import queries

LANGUAGES = ("en", "es")


def get_summary_student(user: User, pk: int) -> Student:
    """The child for their guardian, the student for the OT or COTA who serves them (to
    print for the meeting); 404 for everyone else."""
    student = Student.objects.select_related("school__district").filter(pk=pk).first()
    if student is None or not serves_or_is_parent_of(user, student):
        raise Http404(gettext("No such child."))
    return student


@dataclass
class Summary:
    student: Student
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    year_start: dt.date
    portal: queries.Portal
    home_program: HomeProgram | None
    # The chosen period's minutes (progress.minutes.period_minutes, the progress report's
    # own); None without a period: the page shows the school year so far.
    minutes: dict[str, Any] | None


def periods_for(student: Student) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(district=student.school.district))


def choose_period(
    periods: list[ReportingPeriod], today: dt.date, wanted: int | None
) -> ReportingPeriod | None:
    """The chosen period, else the one today falls in; None: the school year to date."""
    for p in periods:
        if wanted is not None and p.pk == wanted:
            return p
    for p in periods:
        if p.start_date <= today <= p.end_date:
            return p
    return None


def summary(
    student: Student, today: dt.date, *, reader: User, period_id: int | None = None
) -> Summary:
    periods = periods_for(student)
    period = choose_period(periods, today, period_id)
    return Summary(
        student=student,
        period=period,
        periods=periods,
        year_start=student.school.district.school_year_start,
        portal=queries.portal(student, today, reader=reader),
        home_program=student.home_programs.prefetch_related("activities__texts").first(),
        minutes=period_minutes(student, period) if period else None,
    )
