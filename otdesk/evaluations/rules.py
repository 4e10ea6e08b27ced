"""The evaluation timelines, in one place (the dashboard, the caseload, the student page and
the evaluation page all ask here):

- an initial evaluation is due a number of days after the parent's consent, calendar days
  or school days as the district's state sets it (District.initial_evaluation_days and
  initial_evaluation_day_kind);
- a re-evaluation is due at least every three years after the last complete evaluation
  (the IEP's "triennial re-evaluation due" while OT Desk holds none): that rule is
  students.queries.reevaluation_due, since the caseload shows it too;
- a re-evaluation comes at most once a year unless the parent and the district agree.

School days are weekdays inside the school year that are not closed days. Only this year's
dates are known, so an earlier or later school year is taken to run on the same dates: a
count that reaches the summer break resumes on the first day of the next year."""

import datetime as dt

from otdesk.core.dates import nice_date, years_after
from otdesk.core.times import SCHOOL_DAYS
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.schools.models import District

from .models import Evaluation

# A count of school days stops looking this far ahead (a district with no school days).
LOOK_AHEAD_DAYS = 3 * 366


def in_session(district: District, day: dt.date) -> bool:
    """Is the day inside the school year (this year's dates, repeated in other years)?"""
    start, end = district.school_year_start, district.school_year_end
    for shift in {day.year - start.year, day.year - end.year}:
        if years_after(start, shift) <= day <= years_after(end, shift):
            return True
    return False


def is_school_day(calendar: SchoolCalendar, day: dt.date) -> bool:
    if calendar.year_start <= day <= calendar.year_end:
        return calendar.is_school_day(day)
    return (
        day.weekday() in SCHOOL_DAYS
        and in_session(calendar.district, day)
        and day not in calendar.closed
    )


def school_days_after(calendar: SchoolCalendar, start: dt.date, count: int) -> dt.date:
    """The count-th school day after start (start itself is not counted)."""
    day, counted = start, 0
    last = start + dt.timedelta(days=LOOK_AHEAD_DAYS)
    while counted < count and day < last:
        day += dt.timedelta(days=1)
        if is_school_day(calendar, day):
            counted += 1
    return day


def initial_due(
    district: District, consent: dt.date, calendar: SchoolCalendar | None = None
) -> dt.date:
    """When an initial evaluation is due, from the day the parent's consent came in."""
    days = district.initial_evaluation_days
    if district.initial_evaluation_day_kind == District.DayKind.SCHOOL:
        return school_days_after(calendar or SchoolCalendar.for_district(district), consent, days)
    return consent + dt.timedelta(days=days)


def initial_basis(district: District) -> str:
    """The district's rule in words: '60 calendar days after the parent's consent'."""
    kind = district.get_initial_evaluation_day_kind_display()
    return f"{district.initial_evaluation_days} {kind} after the parent's consent"


def earliest_reevaluation(last: dt.date) -> dt.date:
    return years_after(last, 1)


def once_a_year_problem(evaluation: Evaluation, last: dt.date | None) -> str:
    """Why this re-evaluation may not go ahead yet ('' when it may): less than a year after
    the last evaluation, and no agreement to an earlier one."""
    day = evaluation.evaluation_date or evaluation.consent_date
    if (
        evaluation.kind != Evaluation.Kind.REEVALUATION
        or last is None
        or day is None
        or evaluation.early_agreed
    ):
        return ""
    earliest = earliest_reevaluation(last)
    if day >= earliest:
        return ""
    return (
        f"The last evaluation was on {nice_date(last, year=True)}: a re-evaluation before "
        f"{nice_date(earliest, year=True)} needs the parent's and the district's agreement. "
        "Tick the agreement box if they agreed."
    )
