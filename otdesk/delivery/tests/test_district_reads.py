"""The district-size reads give the numbers the plain reads give: a source that reads the
whole district's records keeps exactly its lines'; periods alike share their figures yet
each keeps its own line; the session count is the count of the sessions listed; the
lines come with their students and schools; the collector comes back after a table."""

import datetime as dt
import gc

import pytest

from otdesk.core.memory import collector_paused
from otdesk.delivery.compliance import ComplianceSource
from otdesk.delivery.permissions import count_sessions_visible_to, sessions_visible_to
from otdesk.delivery.queries import compliance_rows, lines_in_force
from otdesk.delivery.ranges import range_compliance
from otdesk.demo.scale import generate_district
from otdesk.fidelity.queries import lines_in_range
from otdesk.students.models import ServiceLine, Student
from otdesk.students.permissions import students_visible_to

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def scale():  # type: ignore[no-untyped-def]
    return generate_district(students=120, today=TODAY, prefix="reads")


def figures(c):  # type: ignore[no-untyped-def]
    return (
        c.span,
        c.required,
        c.delivered,
        c.missed,
        c.owed,
        c.made_up,
        c.outstanding,
        c.excused,
        c.remaining,
        c.status,
        c.reason,
        c.planned_left,
        sorted(c.made_up_on),
    )


def district_students(scale):  # type: ignore[no-untyped-def]
    return students_visible_to(scale.coordinator).filter(active=True)


def test_a_source_of_the_whole_district_keeps_exactly_its_lines(scale):
    students = district_students(scale)
    # Half the district's lines, so the district's other records are there to leave out.
    lines = lines_in_force(students, TODAY)[::2]
    assert len(lines) > 100
    start = scale.district.school_year_start
    sources = [
        ComplianceSource(
            district=scale.district,
            lines=lines,
            first=start,
            last=TODAY,
            today=TODAY,
            whole_district=whole,
        )
        for whole in (False, True)
    ]
    by_list, by_district = sources
    assert by_district.credits == by_list.credits
    assert by_district.misses == by_list.misses
    assert by_district.makeups == by_list.makeups
    assert sum(len(c) for c in by_list.credits.values()) > 1000
    assert sum(len(m) for m in by_list.misses.values()) > 20
    assert by_list.makeups
    for line in lines:
        assert figures(by_district.current(line)) == figures(by_list.current(line))
        assert [figures(c) for c in by_district.history(line)] == [
            figures(c) for c in by_list.history(line)
        ]


def test_periods_alike_share_their_figures_and_keep_their_own_line(scale):
    students = list(district_students(scale))
    start = scale.district.school_year_start
    lines = lines_in_range(students, start, TODAY)
    source = ComplianceSource(
        district=scale.district, lines=lines, first=start, last=TODAY, today=TODAY
    )
    shared = 0
    for line in lines:
        found = range_compliance(source, line, start=start, end=TODAY)
        # Each period again, worked out from all of the line's records (never shared).
        alone = [
            source.compute(line, span, window=None if counted == span else counted)
            for counted, span in ((c, p.span) for c, p in found.periods)
        ]
        assert [figures(p) for _, p in found.periods] == [figures(c) for c in alone]
        assert found.line is line
        assert found.mandated == sum(c.required for c in alone)
        assert found.remaining == sum(c.remaining for c in alone)
        shared += len(found.periods)
    assert len(source._alike) < shared / 2  # most periods were alike


def test_the_session_count_is_the_count_of_the_sessions_listed(scale):
    therapist = scale.caseloads[0].therapist
    for since, until in [
        (None, None),
        (dt.date(2026, 10, 1), None),
        (None, dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 2), dt.date(2026, 11, 6)),
    ]:
        listed = sessions_visible_to(therapist)
        if since:
            listed = listed.filter(date__gte=since)
        if until:
            listed = listed.filter(date__lte=until)
        ids = list(listed.values_list("pk", flat=True))
        assert len(ids) == len(set(ids))
        assert count_sessions_visible_to(therapist, since=since, until=until) == len(ids)
    assert count_sessions_visible_to(therapist) > 100
    assert count_sessions_visible_to(scale.coordinator) == 0


def test_lines_come_with_their_students_and_schools(scale, django_assert_num_queries):
    rows = compliance_rows(
        district=scale.district,
        students=district_students(scale),
        today=TODAY,
        with_providers=True,
    )
    assert len(rows) > 200
    with django_assert_num_queries(0):
        for row in rows:
            assert row.student.school.district == scale.district
            assert row.compliance.line.iep.student is row.student
    by_name = {s.pk: s.full_name for s in Student.objects.filter(school__district=scale.district)}
    assert {row.student.pk: row.student.full_name for row in rows}.items() <= by_name.items()
    assert all(row.providers for row in rows)


def test_the_fidelity_reports_plain_lines_are_the_querysets(scale, django_assert_num_queries):
    students = list(district_students(scale))
    start = scale.district.school_year_start
    lines = lines_in_range(students, start, TODAY)
    assert len(lines) > 200
    read = ServiceLine.objects.select_related("iep").in_bulk([line.pk for line in lines])
    names = [f.attname for f in ServiceLine._meta.concrete_fields]
    with django_assert_num_queries(0):
        for line in lines:
            assert [getattr(line, n) for n in names] == [getattr(read[line.pk], n) for n in names]
            assert line.summary == read[line.pk].summary
            assert line.iep.student_id == read[line.pk].iep.student_id
            assert line.iep.student.school.district == scale.district
            assert (line._state.adding, line._state.db) == (False, "default")
    # Their IEP is shared by the IEP's lines, and reads the rest of itself when asked.
    assert lines[0].iep.status == read[lines[0].pk].iep.status
    line = lines[0]
    line.notes = "Seen in the hallway"
    line.save()
    assert ServiceLine.objects.get(pk=line.pk).notes == "Seen in the hallway"


def test_the_collector_comes_back_after_a_table():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a table that failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
