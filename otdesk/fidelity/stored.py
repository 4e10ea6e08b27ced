"""A district's fidelity report without working out every period of every line on every
load: the figures of ended periods are stored, and trusted while nothing they came from
has changed.

A period that ended before today keeps its figures (and so does the part of it a range
counts, when the range begins or ends inside it) until one of the line's records changes,
or the district's calendar or policy does. So when a report works such a piece out, it
stores the figures (`PeriodFigures`) with
- the line's stamp, which the database's triggers move on at every write of the line or
  its records, in the writer's transaction (migration 0002); the report reads it before it
  reads the line or any record;
- the rules key: the district's school year, closures and policy versions, and the version
  of the arithmetic (`FIGURES_VERSION`).
A later report trusts a line's stored pieces only when every one of them is there with the
line's stamp of now and the rules of now; it adds them up in SQL. The other pieces (the
current period and later ones, and every piece of a line whose records changed) are worked
out by `range_compliance`'s arithmetic as before, and stored once their period has ended.

Why the stamp is read first: a record written after that moves the stamp on, so figures
stored with the stamp read are never trusted once anything changed; a record written before
is among the records read. Two reports storing the same piece at once can only leave
figures with an older stamp, which are then not trusted and worked out again.
"""

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Count, F, Q, Sum

from otdesk.delivery.calendar import ONE_DAY, SchoolCalendar, Span
from otdesk.delivery.compliance import MANY_LINES, ComplianceSource
from otdesk.delivery.ranges import RangeCompliance, range_compliance
from otdesk.schools.models import District
from otdesk.students.models import ServiceLine, Student

from .models import FIGURES, MISSED, LineStamp, PeriodFigures

# Change this when line_period's arithmetic changes: every stored figure is then worked out
# again (an old rules key is never trusted).
FIGURES_VERSION = 1

logger = logging.getLogger(__name__)


def rules_key(cal: SchoolCalendar) -> str:
    """What a district's figures depend on besides the line's records, as a short key."""
    policy = [
        (r.effective_from, sorted(r.owed.items()), r.prorate_short_weeks, r.makeup_within_days)
        for r in cal.policy.versions
    ]
    text = repr(
        (FIGURES_VERSION, cal.district.pk, cal.year_start, cal.year_end, sorted(cal.closed), policy)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def storable(span: Span, today: dt.date) -> bool:
    """A period that has ended: its figures (or its part's a range counts) can be kept."""
    return span.end < today


def _counted(span: Span, start: dt.date, end: dt.date) -> Span:
    """The part of the period the range start..end counts (the period when whole)."""
    return Span(span.kind, max(start, span.start), min(end, span.end))


def _many(lines: list[ServiceLine]) -> bool:
    return len(lines) > MANY_LINES  # then read the district's rows, as ComplianceSource does


def read_stamps(students: Sequence[Student]) -> dict[int, int]:
    """The stamps of the students' lines now (a line never written to since the triggers
    came has none: 0). Read before the lines themselves and before any of the records the
    figures come from (a line's minutes and dates are among them)."""
    if len(students) > MANY_LINES // 2:  # many: by their schools, as for their records
        scope = Q(line__iep__student__school_id__in={s.school_id for s in students})
    else:
        scope = Q(line__iep__student_id__in=sorted(s.pk for s in students))
    return dict(LineStamp.objects.filter(scope).values_list("line_id", "stamp"))


@dataclass
class StoredSums:
    periods: int
    sums: dict[str, int]
    missed: dict[str, int]


def stored_sums(
    district: District,
    lines: list[ServiceLine],
    *,
    key: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    stamps: dict[int, int],
) -> dict[int, StoredSums]:
    """Each line's trusted stored pieces of the range, added up in the database: its whole
    periods inside the range, and the parts of the periods it begins and ends in."""
    scope = (
        Q(district=district) if _many(lines) else Q(line_id__in=sorted(line.pk for line in lines))
    )
    sums = {f"sum_{name}": Sum(name) for name in (*FIGURES, *MISSED.values())}
    chosen = (
        PeriodFigures.objects.filter(
            scope,
            Q(start=F("span_start")) | Q(start=start),
            Q(end=F("span_end")) | Q(end=end),
            rules=key,
            start__gte=start,
            end__lte=end,
            span_end__lt=today,
        )
        .order_by()
        .values_list("line_id", "stamp")
        .annotate(periods=Count("pk"), **sums)
    )
    # Plain integers: read by the cursor, without a converter call per value.
    sql, params = chosen.query.sql_with_params()
    with connections[chosen.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}
    for line_id, stamp, periods, *added in rows:
        if stamp != stamps.get(line_id, 0):
            continue
        found[line_id] = StoredSums(
            periods=periods,
            sums=dict(zip(FIGURES, added[: len(FIGURES)], strict=True)),
            missed=dict(zip(MISSED, added[len(FIGURES) :], strict=True)),
        )
    return found


def district_ranges(
    district: District,
    lines: list[ServiceLine],
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    stamps: dict[int, int],
) -> dict[int, RangeCompliance]:
    """range_compliance of each of these lines (of this district's students) from start to
    end, by line id, from stored figures where they can be trusted (see the module's note).
    stamps: the students' `read_stamps`, read before the lines were."""
    if not lines:
        return {}
    cal = SchoolCalendar.for_district(district)
    key = rules_key(cal)
    stored = stored_sums(district, lines, key=key, start=start, end=end, today=today, stamps=stamps)
    # Every line of a kind of period meets the same periods of the range.
    wanted = {
        kind: sum(1 for span in cal.spans(kind, start, end) if storable(span, today))
        for kind in {line.period for line in lines}
    }
    trusted: dict[str, list[ServiceLine]] = defaultdict(list)
    again = []
    for line in lines:
        found = stored.get(line.pk)
        if wanted[line.period] == (found.periods if found is not None else 0):
            trusted[line.period].append(line)
        else:
            again.append(line)
    ranges: dict[int, RangeCompliance] = {}
    if again:
        source = ComplianceSource(
            district=district,
            lines=again,
            first=start,
            last=end,
            today=today,
            cal=cal,
            plans=False,
            # The lines' own records (by their ids) unless they are many and most of the
            # lines: at 5,000 students, 1,400 lines changed took 0.8 s this way and 1.4 s
            # reading the district's whole range.
            whole_district=_many(again) and len(again) > len(lines) // 2,
        )
        worked = [range_compliance(source, line, start=start, end=end) for line in again]
        _store(district, key, stamps, worked, today)
        ranges.update((result.line.pk, result) for result in worked)
    if trusted:
        ranges.update(_the_rest(district, cal, trusted, stored, start=start, end=end, today=today))
    return ranges


def _the_rest(
    district: District,
    cal: SchoolCalendar,
    lines: dict[str, list[ServiceLine]],
    stored: dict[int, StoredSums],
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> dict[int, RangeCompliance]:
    """Lines (by kind of period) with their stored pieces trusted: those added up, and the
    other pieces (the current period and later ones) worked out from the records of those
    dates only."""
    pieces = {
        kind: [
            (span, _counted(span, start, end))
            for span in cal.spans(kind, start, end)
            if not storable(span, today)
        ]
        for kind in lines
    }
    # The dates to read records of: the pieces, those that meet merged (this week lies
    # inside this month; a year's one period over every other).
    windows: list[list[dt.date]] = []
    counted_pieces = {c for found in pieces.values() for _, c in found}
    for counted in sorted(counted_pieces, key=lambda c: (c.start, c.end)):
        if windows and counted.start <= windows[-1][1] + ONE_DAY:
            windows[-1][1] = max(windows[-1][1], counted.end)
        else:
            windows.append([counted.start, counted.end])
    sources = [
        ComplianceSource(
            district=district,
            lines=[line for kind_lines in lines.values() for line in kind_lines],
            first=first,
            last=last,
            today=today,
            cal=cal,
            plans=False,
        )
        for first, last in windows
    ]
    ranges = {}
    for kind, kind_lines in lines.items():
        where = [
            next(s for s in sources if s.first <= counted.start and counted.end <= s.last)
            for _, counted in pieces[kind]
        ]
        for line in kind_lines:
            result = RangeCompliance(line=line, start=start, end=end)
            found = stored.get(line.pk)
            if found is not None:
                result.add_stored(found.periods, found.sums, found.missed)
            for (span, counted), source in zip(pieces[kind], where, strict=True):
                (dated,) = source.by_period(line, [span])
                window = None if counted == span else counted
                piece = source.compute(line, span, window=window, dated=dated, shared=True)
                result.add(counted, piece)
            ranges[line.pk] = result
    return ranges


KEY = ("line_id", "start", "end")
COLUMNS = (
    *KEY,
    *("district_id", "span_start", "span_end", "stamp", "rules"),
    *FIGURES,
    *MISSED.values(),
)
CHUNK = 1000  # rows per statement (22,000 values: within SQLite's limit of 32,766)


def _upsert_sql(rows: int) -> str:
    """Insert these many rows, or update those of a line's piece stored already (the same
    words on SQLite and PostgreSQL)."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    table = quote(PeriodFigures._meta.db_table)
    names = ", ".join(map(quote, COLUMNS))
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    values = ", ".join([one] * rows)
    key = ", ".join(map(quote, KEY))
    update = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in COLUMNS if c not in KEY)
    return (
        f"INSERT INTO {table} ({names}) VALUES {values} ON CONFLICT ({key}) DO UPDATE SET {update}"  # nosec B608 # names from the model
    )


def _copy_in(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: the rows copied into a scratch table, then inserted or updated from it in
    one statement (statements of a thousand rows spent most of their time being parsed)."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    table = quote(PeriodFigures._meta.db_table)
    names = ", ".join(map(quote, COLUMNS))
    key = ", ".join(map(quote, KEY))
    update = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in COLUMNS if c not in KEY)
    cursor.execute(
        f"CREATE TEMPORARY TABLE figures_in ON COMMIT DROP AS "  # nosec B608 # names from the model
        f"SELECT {names} FROM {table} WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY figures_in ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM figures_in "  # nosec B608 # names from the model
        f"ORDER BY {key} ON CONFLICT ({key}) DO UPDATE SET {update}"
    )
    # Dropped now: inside a caller's transaction, ON COMMIT would be too late for the next.
    cursor.execute("DROP TABLE figures_in")


def _store(
    district: District,
    key: str,
    stamps: dict[int, int],
    worked: Iterable[RangeCompliance],
    today: dt.date,
) -> None:
    """Keep the pieces of ended periods just worked out. A report still shows its figures when
    this fails (another writer holding the database, say): the next one tries again.
    Plain rows through the cursor: a district's first report stores some 150,000, which
    as model objects took ten times as long."""
    reasons = list(MISSED)
    rows: list[tuple[Any, ...]] = []
    for result in worked:
        line_id, stamp = result.line.pk, stamps.get(result.line.pk, 0)
        for counted, piece in result.periods:
            if not storable(piece.span, today):
                continue
            rows.append(
                (
                    line_id,
                    counted.start,
                    counted.end,
                    district.pk,
                    piece.span.start,
                    piece.span.end,
                    stamp,
                    key,
                    piece.required,
                    piece.delivered,
                    piece.owed,
                    piece.made_up,
                    piece.outstanding,
                    piece.excused,
                    piece.remaining,
                    *(piece.missed.get(reason, 0) for reason in reasons),
                )
            )
    if not rows:
        return
    # In one order, so that two reports storing the same pieces wait for each other
    # instead of deadlocking.
    rows.sort(key=lambda row: row[:3])
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _copy_in(cursor, rows)
                return
            for at in range(0, len(rows), CHUNK):
                chunk = rows[at : at + CHUNK]
                cursor.execute(_upsert_sql(len(chunk)), [v for row in chunk for v in row])
    except DatabaseError:
        logger.warning("Stored period figures not saved this time", exc_info=True)
