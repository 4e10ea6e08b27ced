"""Service fidelity: each service line's minutes over a date range, from the compliance
code (`delivery.ranges.range_compliance`, built on `line_period`), never a rule of
its own. The figures of ended periods come stored when nothing they came from has
changed (stored.py); a fixed number of queries per district, however many students."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from otdesk.core.memory import collector_paused, plain_instances
from otdesk.delivery.compliance import ComplianceSource, reason_words
from otdesk.delivery.queries import with_students
from otdesk.delivery.ranges import RangeCompliance, range_compliance
from otdesk.students.models import IEP, ServiceLine, Student

from .stored import district_ranges, read_stamps


@dataclass
class FidelityRow:
    """One service line of one student over the range."""

    student: Student
    line: ServiceLine
    minutes: RangeCompliance


@dataclass
class FidelityTotals:
    """The rows added up (the totals row of the report)."""

    lines: int = 0
    mandated: int = 0
    provided: int = 0
    not_provided: dict[str, int] = field(default_factory=dict)
    owed: int = 0
    made_up: int = 0
    outstanding: int = 0
    excused: int = 0
    remaining: int = 0

    @property
    def not_provided_total(self) -> int:
        return sum(self.not_provided.values())

    @property
    def not_provided_words(self) -> str:
        return reason_words(self.not_provided)


LINE_FIELDS = [field.attname for field in ServiceLine._meta.concrete_fields]
LINE_IEP = ServiceLine._meta.get_field("iep")


def lines_in_range(students: Iterable[Student], start: dt.date, end: dt.date) -> list[ServiceLine]:
    """The service lines of the students' IEPs in effect or ended (not drafts) that are in
    force on at least one day of the range, by student name. A district's lines come as
    plain objects (memory.plain_instances), each with its IEP (of it, only whose it is)."""
    chosen = list(students)
    rows = list(
        ServiceLine.objects.filter(
            iep__student_id__in=[student.pk for student in chosen],
            iep__status__in=[IEP.Status.ACTIVE, IEP.Status.ENDED],
            start_date__lte=end,
            end_date__gte=start,
        )
        .order_by(
            "iep__student__last_name",
            "iep__student__first_name",
            "iep__student_id",
            "kind",
            "start_date",
            "pk",
        )
        .values_list(*LINE_FIELDS, "iep__student_id")
    )
    db = ServiceLine.objects.db
    lines = plain_instances(ServiceLine, db, LINE_FIELDS, (row[:-1] for row in rows))
    ieps: dict[int, IEP] = {}
    for line, row in zip(lines, rows, strict=True):
        iep = ieps.get(line.iep_id)
        if iep is None:
            iep = ieps[line.iep_id] = plain_instances(
                IEP, db, ("id", "student_id"), [(line.iep_id, row[-1])]
            )[0]
        LINE_IEP.set_cached_value(line, iep)
    return with_students(lines, chosen)


def fidelity_rows(
    *,
    students: Iterable[Student],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    every_period: bool = False,
) -> list[FidelityRow]:
    """Every line of these students (already the viewer's to see) over start..end.
    every_period: each row lists its periods one by one (`RangeCompliance.periods`, what a
    student's report shows), all worked out from the records; else the ended ones may come
    added up from stored figures."""
    with collector_paused():
        return _fidelity_rows(
            students=students, start=start, end=end, today=today, every_period=every_period
        )


def _fidelity_rows(
    *,
    students: Iterable[Student],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    every_period: bool,
) -> list[FidelityRow]:
    chosen = list(students)
    # Before the lines: a line changed after its stamp was read is never trusted (stored.py).
    stamps = {} if every_period else read_stamps(chosen)
    lines = lines_in_range(chosen, start, end)
    by_district: dict[int, list[ServiceLine]] = defaultdict(list)
    for line in lines:
        by_district[line.iep.student.school.district_id].append(line)
    found: dict[int, RangeCompliance] = {}
    for district_lines in by_district.values():
        district = district_lines[0].iep.student.school.district
        if not every_period:
            found.update(
                district_ranges(
                    district, district_lines, start=start, end=end, today=today, stamps=stamps
                )
            )
            continue
        source = ComplianceSource(
            district=district, lines=district_lines, first=start, last=end, today=today
        )
        for line in district_lines:
            found[line.pk] = range_compliance(source, line, start=start, end=end)
    return [
        FidelityRow(student=line.iep.student, line=line, minutes=found[line.pk]) for line in lines
    ]


def fidelity_totals(rows: Iterable[FidelityRow]) -> FidelityTotals:
    total = FidelityTotals()
    for row in rows:
        m = row.minutes
        total.lines += 1
        total.mandated += m.mandated
        total.provided += m.provided
        for reason, minutes in m.not_provided.items():
            total.not_provided[reason] = total.not_provided.get(reason, 0) + minutes
        total.owed += m.owed
        total.made_up += m.made_up
        total.outstanding += m.outstanding
        total.excused += m.excused
        total.remaining += m.remaining
    return total
