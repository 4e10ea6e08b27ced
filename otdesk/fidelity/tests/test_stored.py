"""Stored period figures (fidelity/stored.py, the triggers of migration 0002): the report
gives the numbers worked out from the records, before and after it stores them, for ranges
that begin and end inside periods; every kind of write moves its line's stamp (and only
its); a stored figure is used while trusted and never after a write, a closure, or a write
between the reader's stamp and its store; deleting a line or destroying a student leaves no
stored row behind."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.choices import DEFAULT_OWED
from otdesk.delivery.compliance import ComplianceSource
from otdesk.delivery.models import (
    Attendance,
    ConsultationLog,
    MissedSession,
    MissReason,
    PolicyVersion,
    Session,
    SessionStudent,
)
from otdesk.delivery.ranges import range_compliance
from otdesk.demo.scale import generate_district
from otdesk.fidelity.models import LineStamp, PeriodFigures
from otdesk.fidelity.queries import fidelity_rows, fidelity_totals, lines_in_range
from otdesk.fidelity.stored import district_ranges, read_stamps
from otdesk.retention import services as retention
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import IEP, ServiceKind
from otdesk.students.permissions import students_visible_to
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)  # a Wednesday


def numbers(r):  # type: ignore[no-untyped-def]
    return (
        r.mandated,
        r.provided,
        r.not_provided,
        r.not_provided_words,
        r.owed,
        r.made_up,
        r.outstanding,
        r.excused,
        r.remaining,
    )


def live(district, lines, start, end, today=TODAY):  # type: ignore[no-untyped-def]
    """Every period worked out from the records, as the report did before storing."""
    source = ComplianceSource(district=district, lines=lines, first=start, last=end, today=today)
    return {
        line.pk: numbers(range_compliance(source, line, start=start, end=end)) for line in lines
    }


def stored(district, lines, start, end, today=TODAY, stamps=None):  # type: ignore[no-untyped-def]
    if stamps is None:
        stamps = read_stamps(list({line.iep.student for line in lines}))
    found = district_ranges(district, lines, start=start, end=end, today=today, stamps=stamps)
    return {pk: numbers(r) for pk, r in found.items()}, found


@pytest.fixture
def scale():  # type: ignore[no-untyped-def]
    return generate_district(students=60, today=TODAY, prefix="stored")


def district_lines(scale, start, end):  # type: ignore[no-untyped-def]
    students = students_visible_to(scale.coordinator).filter(active=True)
    return lines_in_range(students, start, end)


def test_the_report_gives_the_records_numbers_before_and_after_storing(scale):
    district = scale.district
    # From a Wednesday (the range begins inside a week and a month) to today (inside both).
    start = district.school_year_start + dt.timedelta(days=9)
    assert start.weekday() == 2
    lines = district_lines(scale, start, TODAY)
    assert len(lines) > 60
    truth = live(district, lines, start, TODAY)
    assert sum(n[1] for n in truth.values()) > 10000  # minutes provided
    assert sum(n[4] for n in truth.values()) > 0  # owed

    first, ranges = stored(district, lines, start, TODAY)
    assert first == truth
    assert all(r.stored == 0 for r in ranges.values())
    # One row per line per period that has ended, the first one cut at the range's start.
    weeks = [s for s in SchoolCalendar.for_district(district).spans("week", start, TODAY)]
    assert weeks[-1].end > TODAY > weeks[-2].end
    weekly = [line for line in lines if line.period == "week"]
    assert PeriodFigures.objects.filter(line__in=weekly).count() == len(weekly) * (len(weeks) - 1)
    head = PeriodFigures.objects.get(line=weekly[0], start=start)
    monday, sunday = start - dt.timedelta(days=2), start + dt.timedelta(days=4)
    assert (head.span_start, head.end, head.span_end) == (monday, sunday, sunday)

    again, ranges = stored(district, lines, start, TODAY)
    assert again == truth
    # Only the current week (and month) worked out from the records.
    assert {len(r.periods) for r in ranges.values()} == {1}
    assert all(r.stored > 0 for r in ranges.values())


def test_ranges_that_share_a_start_count_only_their_own_pieces(scale):
    district = scale.district
    start = district.school_year_start + dt.timedelta(days=9)  # a Wednesday
    lines = district_lines(scale, start, TODAY)
    # Wednesday to Thursday, then Wednesday to a month later: pieces that start alike.
    for end in (start + dt.timedelta(days=1), start + dt.timedelta(days=31), TODAY):
        cut = [line for line in lines if line.start_date <= end]
        assert stored(district, cut, start, end)[0] == live(district, cut, start, end)
    for end in (start + dt.timedelta(days=1), start + dt.timedelta(days=31), TODAY):
        cut = [line for line in lines if line.start_date <= end]
        found, ranges = stored(district, cut, start, end)
        assert found == live(district, cut, start, end)
        assert all(r.stored for r in ranges.values())


def tamper(line):  # type: ignore[no-untyped-def]
    """Add 1,000 to the line's stored mandated minutes (no trigger watches stored rows)."""
    row = PeriodFigures.objects.filter(line=line).order_by("start").first()
    PeriodFigures.objects.filter(pk=row.pk).update(required=row.required + 1000)


def test_a_write_moves_the_stamp_and_the_line_is_worked_out_again(scale):
    district = scale.district
    start = district.school_year_start
    lines = district_lines(scale, start, TODAY)
    stored(district, lines, start, TODAY)
    record = (
        SessionStudent.objects.filter(
            service_line__in=lines,
            attendance=Attendance.PRESENT,
            session__date__lt=start + dt.timedelta(days=40),
        )
        .select_related("service_line")
        .first()
    )
    line = record.service_line
    other = next(x for x in lines if x.iep.student_id != record.student_id)
    tamper(line)
    tamper(other)
    found, _ = stored(district, lines, start, TODAY)
    truth = live(district, lines, start, TODAY)
    assert found[line.pk][0] == truth[line.pk][0] + 1000  # the stored figure is what is used
    assert found[other.pk][0] == truth[other.pk][0] + 1000

    record.attendance = Attendance.ABSENT
    record.save()

    found, ranges = stored(district, lines, start, TODAY)
    truth = live(district, lines, start, TODAY)
    assert found[line.pk] == truth[line.pk]  # worked out again: the absence, no tampering
    assert ranges[line.pk].stored == 0
    assert found[other.pk][0] == truth[other.pk][0] + 1000  # untouched, still stored


@pytest.mark.parametrize("write", ["attendance", "line"])
def test_a_write_after_the_stamp_is_read_leaves_nothing_trusted(scale, write):
    """The race: the report reads the stamps, a therapist changes a record (or the line
    itself, after the report read it), then the report reads the records and stores. What
    it stored must not be trusted later."""
    district = scale.district
    start = district.school_year_start
    students = list(students_visible_to(scale.coordinator).filter(active=True))
    stamps = read_stamps(students)
    lines = lines_in_range(students, start, TODAY)
    record = (
        SessionStudent.objects.filter(service_line__in=lines, attendance=Attendance.PRESENT)
        .select_related("service_line")
        .first()
    )
    line = record.service_line
    if write == "attendance":
        record.attendance = Attendance.ABSENT
        record.save()
    else:
        line.minutes += 15  # the report's own copy of the line keeps the old minutes
        line.save()
    found, _ = stored(district, lines, start, TODAY, stamps=stamps)
    if write == "attendance":
        assert found == live(district, lines, start, TODAY)  # the records as they are
    assert set(PeriodFigures.objects.filter(line=line).values_list("stamp", flat=True)) == {
        stamps.get(line.pk, 0)
    }
    assert LineStamp.objects.get(line=line).stamp == stamps.get(line.pk, 0) + 1
    tamper(line)
    lines = lines_in_range(students, start, TODAY)
    found, ranges = stored(district, lines, start, TODAY)
    assert found[line.pk] == live(district, lines, start, TODAY)[line.pk]
    assert ranges[line.pk].stored == 0


def test_a_closure_or_a_policy_change_is_worked_out_again(scale):
    district = scale.district
    start = district.school_year_start
    lines = district_lines(scale, start, TODAY)
    stored(district, lines, start, TODAY)
    for line in lines[:5]:
        tamper(line)
    closed = set(NonSchoolDay.objects.filter(district=district).values_list("date", flat=True))
    day = next(
        d
        for d in (dt.date(2026, 10, 5) + dt.timedelta(days=n) for n in range(20))
        if d.weekday() < 5 and d not in closed
    )
    NonSchoolDay.objects.create(district=district, date=day, name="Flood")
    found, ranges = stored(district, lines, start, TODAY)
    assert found == live(district, lines, start, TODAY)
    assert all(r.stored == 0 for r in ranges.values())  # every line worked out again
    found, ranges = stored(district, lines, start, TODAY)
    assert found == live(district, lines, start, TODAY)
    assert all(r.stored for r in ranges.values())
    # From October, a student's absence is owed a make-up.
    for line in lines[:5]:
        tamper(line)
    owed_before = sum(n[4] for n in found.values())
    PolicyVersion.objects.create(
        district=district,
        effective_from=dt.date(2026, 10, 1),
        owed={**{str(r): v for r, v in DEFAULT_OWED.items()}, "student_absent": True},
        prorate_short_weeks=True,
    )
    found, ranges = stored(district, lines, start, TODAY)
    assert found == live(district, lines, start, TODAY)
    assert sum(n[4] for n in found.values()) > owed_before
    assert all(r.stored == 0 for r in ranges.values())


def stamp(line) -> int:  # type: ignore[no-untyped-def]
    found = LineStamp.objects.filter(line=line).first()
    return found.stamp if found else 0


def test_every_kind_of_write_moves_its_lines_stamp_by_one_and_no_other(world):
    lines = world.student.ieps.get().service_lines
    direct, consult = lines.get(kind=ServiceKind.DIRECT), lines.get(kind=ServiceKind.CONSULTATION)

    def moved(write):  # type: ignore[no-untyped-def]
        before = (stamp(direct), stamp(consult))
        write()
        return (stamp(direct) - before[0], stamp(consult) - before[1])

    logged = []
    assert moved(
        lambda: logged.append(f.make_session(world.therapist, world.school, [world.student]))
    ) == (1, 0)
    session = logged[0]
    record = session.attendees.get()
    assert record.service_line == direct

    def absent():  # type: ignore[no-untyped-def]
        record.attendance = Attendance.ABSENT
        record.save()

    def void():  # type: ignore[no-untyped-def]
        Session.objects.filter(pk=session.pk).update(
            status=Session.Status.VOIDED, voided_at=timezone.now()
        )

    assert moved(absent) == (1, 0)
    assert moved(void) == (1, 0)
    miss = MissedSession(
        student=world.student,
        service_line=direct,
        provider=world.therapist,
        date=dt.date(2026, 9, 15),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    assert moved(miss.save) == (1, 0)
    makeup = f.make_session(world.therapist, world.school, [], date=dt.date(2026, 9, 17))

    def make_up():  # type: ignore[no-untyped-def]
        # Credited to no line of its own: only the miss's line can know of it.
        SessionStudent.objects.create(
            session=makeup, student=world.student, service_line=None, makeup_for=miss
        )

    assert moved(make_up) == (1, 0)
    consultation = ConsultationLog.objects.create(
        provider=world.therapist, date=dt.date(2026, 9, 16), minutes=15, method="phone"
    )

    def consulted():  # type: ignore[no-untyped-def]
        consultation.students.create(student=world.student, service_line=consult)

    def void_consultation():  # type: ignore[no-untyped-def]
        ConsultationLog.objects.filter(pk=consultation.pk).update(voided_at=timezone.now())

    def longer():  # type: ignore[no-untyped-def]
        consult.minutes = 90
        consult.save()

    assert moved(consulted) == (0, 1)
    assert moved(void_consultation) == (0, 1)
    assert moved(longer) == (0, 1)
    assert moved(lambda: SessionStudent.objects.filter(pk=record.pk).delete()) == (1, 0)
    assert moved(lambda: MissedSession.objects.filter(pk=miss.pk).update(minutes=20)) == (1, 0)


def test_deleting_a_line_or_destroying_a_student_leaves_no_stored_row(world):
    student = f.make_student(world.school, first_name="Ada", last_name="Lovelace")
    iep = f.make_iep(
        student,
        status=IEP.Status.ENDED,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 6, 1),
    )
    line = f.make_line(iep, start_date=dt.date(2025, 9, 1), end_date=dt.date(2026, 6, 1))
    spare = f.make_line(
        iep, start_date=dt.date(2025, 9, 1), end_date=dt.date(2026, 6, 1), minutes=20
    )
    f.make_session(
        world.therapist, world.school, [student], date=dt.date(2026, 3, 3), service_line=line
    )
    spare.minutes = 25
    spare.save()
    rows = fidelity_rows(
        students=[student], start=dt.date(2026, 1, 5), end=dt.date(2026, 5, 29), today=TODAY
    )
    assert fidelity_totals(rows).provided == 30
    assert PeriodFigures.objects.filter(line=spare).exists() and stamp(spare) == 1

    spare.delete()
    connection.check_constraints()
    assert not PeriodFigures.objects.filter(line_id=spare.pk).exists()
    assert not LineStamp.objects.filter(line_id=spare.pk).exists()

    assert PeriodFigures.objects.filter(line=line).exists() and stamp(line) >= 1
    retention.destroy(
        actor=world.coordinator,
        student=student,
        requested_on=dt.date(2026, 12, 1),
        request="Mother, in writing",
        confirm_name="Ada Lovelace",
    )
    connection.check_constraints()
    assert not PeriodFigures.objects.filter(line_id=line.pk).exists()
    assert not LineStamp.objects.filter(line_id=line.pk).exists()


def test_forget_stored_figures_deletes_them_and_the_report_works_them_out_again(world):
    start, end = dt.date(2026, 9, 7), dt.date(2026, 11, 27)
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 9, 14))
    before = fidelity_totals(
        fidelity_rows(students=[world.student], start=start, end=end, today=TODAY)
    )
    assert PeriodFigures.objects.count() == 12 + 3  # 12 weeks and 3 months
    out = io.StringIO()
    call_command("forget_stored_figures", stdout=out)
    assert (
        out.getvalue()
        == "Deleted 15 stored period figures; the next reports work them out again.\n"
    )
    assert PeriodFigures.objects.count() == 0
    again = fidelity_totals(
        fidelity_rows(students=[world.student], start=start, end=end, today=TODAY)
    )
    assert (
        (again.mandated, again.provided)
        == (before.mandated, before.provided)
        == (
            360 + 49 + 60 + 57,  # 12 weeks; 18 of September's 22 weekdays, October, 20 of 21
            30,
        )
    )
    assert PeriodFigures.objects.count() == 15


def test_a_make_up_counts_for_its_misss_line_whichever_lines_are_read(world):
    """A make-up logged against another line (an import, an edit) still makes up its miss,
    whether or not the source reads that other line: a changed line is worked out alone."""
    lines = world.student.ieps.get().service_lines
    direct, consult = lines.get(kind=ServiceKind.DIRECT), lines.get(kind=ServiceKind.CONSULTATION)
    miss = MissedSession.objects.create(
        student=world.student,
        service_line=direct,
        provider=world.therapist,
        date=dt.date(2026, 9, 15),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    makeup = f.make_session(
        world.therapist,
        world.school,
        [world.student],
        date=dt.date(2026, 10, 6),
        service_line=consult,
    )
    SessionStudent.objects.filter(session=makeup).update(makeup_for=miss)
    start, end = dt.date(2026, 9, 14), dt.date(2026, 9, 20)
    for chosen in ([direct], [direct, consult]):
        source = ComplianceSource(
            district=world.district, lines=chosen, first=start, last=end, today=TODAY
        )
        week = range_compliance(source, direct, start=start, end=end)
        assert (week.owed, week.made_up, week.outstanding) == (30, 30, 0)
