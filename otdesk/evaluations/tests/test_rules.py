"""The evaluation timelines (evaluations/rules.py): calendar and school days, the summer
break, leap years, and the once-a-year limit on re-evaluations."""

import datetime as dt

import pytest

from otdesk.delivery.calendar import SchoolCalendar
from otdesk.evaluations import rules
from otdesk.evaluations.models import Evaluation
from otdesk.schools.models import District, NonSchoolDay
from otdesk.students.queries import reevaluation_due
from otdesk.testing.factories import make_district

pytestmark = pytest.mark.django_db


def test_calendar_days_count_every_day_from_consent() -> None:
    district = make_district(initial_evaluation_days=60)
    # Consent on Mon 2 Nov 2026: 60 calendar days later is Fri 1 Jan 2027.
    assert rules.initial_due(district, dt.date(2026, 11, 2)) == dt.date(2027, 1, 1)
    assert rules.initial_basis(district) == "60 calendar days after the parent's consent"


def test_school_days_leave_out_weekends_and_closed_days() -> None:
    district = make_district(initial_evaluation_days=5, initial_evaluation_day_kind="school")
    # Consent Thu 5 Nov 2026: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12 -> Thu 12 Nov.
    assert rules.initial_due(district, dt.date(2026, 11, 5)) == dt.date(2026, 11, 12)
    NonSchoolDay.objects.create(district=district, date=dt.date(2026, 11, 11), name="Veterans Day")
    assert rules.initial_due(district, dt.date(2026, 11, 5)) == dt.date(2026, 11, 13)
    assert rules.initial_basis(district) == "5 school days after the parent's consent"


def test_a_count_that_reaches_the_summer_break_resumes_in_august() -> None:
    # The year runs Mon 17 Aug 2026 to Fri 4 Jun 2027.
    district = make_district(initial_evaluation_days=10, initial_evaluation_day_kind="school")
    # Consent Mon 24 May 2027: Tue 25 .. Fri 28 (4), Mon 31 May .. Fri 4 Jun (5) = 9 days;
    # the 10th is the first school day of the next year, which starts on the same date:
    # Tue 17 Aug 2027.
    assert rules.initial_due(district, dt.date(2027, 5, 24)) == dt.date(2027, 8, 17)
    # In calendar days the same consent is due over the summer.
    district.initial_evaluation_day_kind = District.DayKind.CALENDAR
    assert rules.initial_due(district, dt.date(2027, 5, 24)) == dt.date(2027, 6, 3)


def test_in_session_repeats_the_year_in_earlier_and_later_years() -> None:
    district = make_district()
    assert rules.in_session(district, dt.date(2026, 8, 17))
    assert not rules.in_session(district, dt.date(2026, 8, 16))
    assert rules.in_session(district, dt.date(2027, 6, 4))
    assert not rules.in_session(district, dt.date(2027, 7, 1))
    assert rules.in_session(district, dt.date(2028, 1, 10))
    assert not rules.in_session(district, dt.date(2025, 7, 15))
    calendar = SchoolCalendar.for_district(district)
    assert not rules.is_school_day(calendar, dt.date(2027, 8, 21))  # a Saturday
    assert rules.is_school_day(calendar, dt.date(2027, 8, 23))


def test_a_re_evaluation_is_due_three_years_on_and_29_february_falls_on_the_28th() -> None:
    assert reevaluation_due(dt.date(2024, 2, 29), dt.date(2026, 9, 1)) == dt.date(2027, 2, 28)
    assert reevaluation_due(dt.date(2025, 3, 10), None) == dt.date(2028, 3, 10)
    # With no evaluation in OT Desk, the IEP's own date.
    assert reevaluation_due(None, dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    assert reevaluation_due(None, None) is None
    assert rules.earliest_reevaluation(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_a_re_evaluation_comes_at_most_once_a_year_unless_agreed() -> None:
    last = dt.date(2026, 3, 2)
    evaluation = Evaluation(kind=Evaluation.Kind.REEVALUATION, consent_date=dt.date(2027, 3, 1))
    assert rules.once_a_year_problem(evaluation, last) == (
        "The last evaluation was on Mon 2 Mar 2026: a re-evaluation before Tue 2 Mar 2027 "
        "needs the parent's and the district's agreement. Tick the agreement box if they "
        "agreed."
    )
    evaluation.consent_date = dt.date(2027, 3, 2)
    assert rules.once_a_year_problem(evaluation, last) == ""
    evaluation.consent_date = dt.date(2026, 9, 1)
    evaluation.early_agreed = True
    assert rules.once_a_year_problem(evaluation, last) == ""
    # An initial evaluation, or no earlier one: no limit.
    initial = Evaluation(kind=Evaluation.Kind.INITIAL, consent_date=dt.date(2026, 4, 1))
    assert rules.once_a_year_problem(initial, last) == ""
    assert rules.once_a_year_problem(evaluation, None) == ""
