"""The fidelity numbers are the compliance engine's: a range of one period equals the
compliance view for it, a range of several periods their sum, a make-up done after its
period's end credits the miss's period, an excused miss is excused in both; a range that
cuts a period counts its part pro rata."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from otdesk.delivery import services
from otdesk.delivery.compliance import Compliance, ComplianceSource
from otdesk.delivery.queries import compliance_rows, student_compliance
from otdesk.delivery.ranges import range_compliance
from otdesk.delivery.services import AttendeeEntry
from otdesk.fidelity.queries import fidelity_rows, fidelity_totals
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import Student

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
WEEK1 = dt.date(2026, 10, 5)  # Monday
WEEK2 = dt.date(2026, 10, 12)
WEEK3 = dt.date(2026, 10, 19)  # its Monday is closed
TODAY = dt.date(2026, 10, 21)  # Wednesday of WEEK3
NINE = dt.time(9, 0)


def at(day: dt.date):  # type: ignore[no-untyped-def]
    return time_machine.travel(dt.datetime.combine(day, dt.time(15), tzinfo=CHICAGO), tick=False)


def numbers(c: Compliance) -> tuple:
    return (
        c.required,
        c.delivered,
        c.missed,
        c.owed,
        c.made_up,
        c.outstanding,
        c.excused,
        c.remaining,
    )


def range_numbers(r) -> tuple:  # type: ignore[no-untyped-def]
    return (
        r.mandated,
        r.provided,
        r.not_provided,
        r.owed,
        r.made_up,
        r.outstanding,
        r.excused,
        r.remaining,
    )


def log(world, day, *, makeup_for=None, minutes=30):  # type: ignore[no-untyped-def]
    return services.log_session(
        actor=world.therapist,
        date=day,
        start=NINE,
        minutes=minutes,
        session_type="push_in",
        location="general_ed",
        school=world.school,
        attendees=[AttendeeEntry(world.student, makeup_for=makeup_for)],
    )


def miss(world, day, reason):  # type: ignore[no-untyped-def]
    [found] = services.record_missed_session(
        actor=world.therapist, students=[world.student], date=day, minutes=30, reason=reason
    )
    return found


@pytest.fixture
def history(world):  # type: ignore[no-untyped-def]
    """Week 1: a provider-absent miss (owed) on Monday, made up on Tuesday of week 2.
    Week 2: the make-up and a student-absent miss (excused, not owed) on Wednesday.
    Week 3: Monday closed (24 of 30 required), 20 min on Tuesday."""
    NonSchoolDay.objects.create(district=world.district, date=WEEK3, name="Teacher day")
    with at(TODAY):
        owed = miss(world, WEEK1, "provider_absent")
        log(world, WEEK2 + dt.timedelta(days=1), makeup_for=owed)
        miss(world, WEEK2 + dt.timedelta(days=2), "student_absent")
        log(world, WEEK3 + dt.timedelta(days=1), minutes=20)
    return world


def source_for(world, start, end):  # type: ignore[no-untyped-def]
    lines = list(world.iep.service_lines.select_related("iep__student"))
    return ComplianceSource(
        district=world.district, lines=lines, first=start, last=end, today=TODAY
    )


def direct_line(world):  # type: ignore[no-untyped-def]
    return world.iep.service_lines.get(kind="direct")


def week_of(world, monday: dt.date) -> Compliance:
    item = next(c for c in student_compliance(world.student, TODAY) if c.line.kind == "direct")
    periods = ([item.current] if item.current else []) + item.history
    return next(c for c in periods if c.span.start == monday)


def test_a_range_of_one_week_equals_the_compliance_view_of_that_week(history):
    world = history
    line = direct_line(world)
    expected = {
        WEEK1: (30, 0, {"provider_absent": 30}, 30, 30, 0, 0, 0),
        WEEK2: (30, 0, {"student_absent": 30}, 0, 0, 0, 30, 0),
        WEEK3: (24, 20, {}, 0, 0, 0, 0, 4),
    }
    for monday, values in expected.items():
        sunday = monday + dt.timedelta(days=6)
        got = range_compliance(source_for(world, monday, sunday), line, start=monday, end=sunday)
        assert range_numbers(got) == numbers(week_of(world, monday)) == values
        assert [(w.start, w.end, p.span.start) for w, p in got.periods] == [
            (monday, sunday, monday)
        ]


def test_the_make_up_after_the_boundary_credits_the_earlier_week_only(history):
    world = history
    line = direct_line(world)
    week2 = range_compliance(
        source_for(world, WEEK2, WEEK2 + dt.timedelta(days=6)),
        line,
        start=WEEK2,
        end=WEEK2 + dt.timedelta(days=6),
    )
    # The make-up happened in week 2 but is neither provided nor made up there.
    assert (week2.provided, week2.made_up) == (0, 0)
    week1 = range_compliance(
        source_for(world, WEEK1, WEEK1 + dt.timedelta(days=6)),
        line,
        start=WEEK1,
        end=WEEK1 + dt.timedelta(days=6),
    )
    assert (week1.owed, week1.made_up, week1.outstanding, week1.remaining) == (30, 30, 0, 0)


def test_a_range_of_several_weeks_is_their_sum(history):
    world = history
    line = direct_line(world)
    end = WEEK3 + dt.timedelta(days=6)
    got = range_compliance(source_for(world, WEEK1, end), line, start=WEEK1, end=end)
    weeks = [week_of(world, monday) for monday in (WEEK1, WEEK2, WEEK3)]
    assert got.mandated == sum(w.required for w in weeks) == 84
    assert got.provided == sum(w.delivered for w in weeks) == 20
    assert got.not_provided == {"provider_absent": 30, "student_absent": 30}
    assert got.owed == sum(w.owed for w in weeks) == 30
    assert got.made_up == sum(w.made_up for w in weeks) == 30
    assert got.excused == sum(w.excused for w in weeks) == 30
    assert got.remaining == sum(w.remaining for w in weeks) == 4
    assert got.not_provided_total == 60


def test_the_current_week_equals_the_caseload_minutes_page(history):
    world = history
    students = Student.objects.filter(pk=world.student.pk)
    row = next(
        r
        for r in compliance_rows(district=world.district, students=students, today=TODAY)
        if r.compliance.line.kind == "direct"
    )
    end = WEEK3 + dt.timedelta(days=6)
    [fid] = [
        r
        for r in fidelity_rows(students=students, start=WEEK3, end=end, today=TODAY)
        if r.line.kind == "direct"
    ]
    assert range_numbers(fid.minutes) == numbers(row.compliance) == (24, 20, {}, 0, 0, 0, 0, 4)


def test_the_monthly_line_for_a_month_equals_its_compliance(history):
    world = history
    first, last = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    rows = fidelity_rows(students=[world.student], start=first, end=last, today=TODAY)
    [consult] = [r for r in rows if r.line.kind == "consultation"]
    item = next(c for c in student_compliance(world.student, TODAY) if c.line.kind != "direct")
    assert item.current is not None
    assert range_numbers(consult.minutes) == numbers(item.current)
    # October: 22 weekdays, 21 counted (the closed Monday): 60 × 21 ÷ 22 = 57.
    assert consult.minutes.mandated == 57


def test_a_range_cutting_a_week_counts_its_part_pro_rata(history):
    """Tuesday to Thursday of the week with a closed Monday: 3 of its 5 weekdays count,
    so 18 of 30 min are mandated; Tuesday's 20 minutes are inside."""
    world = history
    line = direct_line(world)
    start, end = WEEK3 + dt.timedelta(days=1), WEEK3 + dt.timedelta(days=3)
    got = range_compliance(source_for(world, start, end), line, start=start, end=end)
    assert (got.mandated, got.provided, got.remaining) == (18, 20, 0)
    # Wednesday to Sunday: 3 counted days (18 min), Tuesday's session outside.
    start, end = WEEK3 + dt.timedelta(days=2), WEEK3 + dt.timedelta(days=6)
    got = range_compliance(source_for(world, start, end), line, start=start, end=end)
    assert (got.mandated, got.provided, got.remaining) == (18, 0, 18)
    # A miss is counted where it happened: Monday of week 1 alone carries it and its make-up.
    got = range_compliance(source_for(world, WEEK1, WEEK1), line, start=WEEK1, end=WEEK1)
    assert (got.mandated, got.not_provided, got.made_up, got.remaining) == (
        6,
        {"provider_absent": 30},
        30,
        0,
    )


def test_totals_add_the_rows(history):
    world = history
    end = WEEK3 + dt.timedelta(days=6)
    rows = fidelity_rows(students=[world.student], start=WEEK1, end=end, today=TODAY)
    total = fidelity_totals(rows)
    assert total.lines == 2
    assert total.mandated == sum(r.minutes.mandated for r in rows)
    assert total.not_provided == {"provider_absent": 30, "student_absent": 30}


def test_a_source_not_covering_the_range_is_refused(history):
    line = direct_line(history)
    with pytest.raises(ValueError):
        range_compliance(source_for(history, WEEK2, WEEK3), line, start=WEEK1, end=WEEK3)
    with pytest.raises(ValueError):
        range_compliance(source_for(history, WEEK1, WEEK3), line, start=WEEK3, end=WEEK1)
