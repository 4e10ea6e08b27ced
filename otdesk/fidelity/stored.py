"""A district's fidelity report without working out every period of every line on every
load: the figures of ended periods are stored, and trusted while nothing they came from
has changed.

A period that ended before today keeps its figures (and so does the part of it a range
counts, when the range begins or ends inside it) until one of the line's records changes,
or the district's calendar or policy does. So when a report works such a piece out, it
stores the figures (`PeriodFigures`) with
- the line's stamp, which the database's triggers move on at every write of the line's
  records, in the writer's transaction (migration 0002); the report reads it before it
  reads any record;
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
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Count, F, Q, Sum

from otdesk.delivery.calendar import ONE_DAY, SchoolCalendar, Span
from otdesk.delivery.compliance import MANY_LINES, ComplianceSource
from otdesk.delivery.ranges import RangeCompliance, range_compliance
from otdesk.schools.models import District
from otdesk.students.models import ServiceLine

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


def read_stamps(district: District, lines: list[ServiceLine]) -> dict[int, int]:
    """The lines' stamps now (a line never written to since the triggers came has none: 0).
    Read before any of the records the figures come from."""
    if _many(lines):
        found = LineStamp.objects.filter(line__iep__student__school__district=district)
    else:
        found = LineStamp.objects.filter(line_id__in=sorted(line.pk for line in lines))
    return dict(found.values_list("line_id", "stamp"))


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
    stamps: dict[int, int] | None = None,
) -> dict[int, RangeCompliance]:
    """range_compliance of each of these lines (of this district's students) from start to
    end, by line id, from stored figures where they can be trusted (see the module's note).
    stamps: the lines' stamps, if read already (before any record)."""
    if not lines:
        return {}
    if stamps is None:
        stamps = read_stamps(district, lines)
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
        )
        worked = [range_compliance(source, line, start=start, end=end) for line in again]
        _store(district, key, stamps, worked, today)
        ranges.update((result.line.pk, result) for result in worked)
    for kind, kind_lines in trusted.items():
        ranges.update(
            _the_rest(district, cal, kind, kind_lines, stored, start=start, end=end, today=today)
        )
    return ranges


def _the_rest(
    district: District,
    cal: SchoolCalendar,
    kind: str,
    lines: list[ServiceLine],
    stored: dict[int, StoredSums],
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> dict[int, RangeCompliance]:
    """Lines of one kind of period with their stored pieces trusted: those added up, and the
    other pieces (the current period and later ones) worked out from the records of those
    dates only."""
    pieces = [
        (span, _counted(span, start, end))
        for span in cal.spans(kind, start, end)
        if not storable(span, today)
    ]
    # The dates to read records of: the pieces, those that touch merged (a year's one
    # period lies over every other).
    windows: list[list[dt.date]] = []
    for _, counted in pieces:
        if windows and counted.start <= windows[-1][1] + ONE_DAY:
            windows[-1][1] = max(windows[-1][1], counted.end)
        else:
            windows.append([counted.start, counted.end])
    sources = [
        ComplianceSource(
            district=district,
            lines=lines,
            first=first,
            last=last,
            today=today,
            cal=cal,
            plans=False,
        )
        for first, last in windows
    ]
    where = [
        next(s for s in sources if s.first <= counted.start and counted.end <= s.last)
        for _, counted in pieces
    ]
    ranges = {}
    for line in lines:
        result = RangeCompliance(line=line, start=start, end=end)
        found = stored.get(line.pk)
        if found is not None:
            result.add_stored(found.periods, found.sums, found.missed)
        for (span, counted), source in zip(pieces, where, strict=True):
            (dated,) = source.by_period(line, [span])
            window = None if counted == span else counted
            result.add(counted, source.compute(line, span, window=window, dated=dated, shared=True))
        ranges[line.pk] = result
    return ranges


FIELDS = ["district", "span_start", "span_end", "stamp", "rules", *FIGURES, *MISSED.values()]


def _store(
    district: District,
    key: str,
    stamps: dict[int, int],
    worked: Iterable[RangeCompliance],
    today: dt.date,
) -> None:
    """Keep the pieces of ended periods just worked out. A report still shows its figures when
    this fails (another writer holding the database, say): the next one tries again."""
    rows = []
    for result in worked:
        for counted, piece in result.periods:
            if not storable(piece.span, today):
                continue
            rows.append(
                PeriodFigures(
                    line_id=result.line.pk,
                    district=district,
                    start=counted.start,
                    end=counted.end,
                    span_start=piece.span.start,
                    span_end=piece.span.end,
                    stamp=stamps.get(result.line.pk, 0),
                    rules=key,
                    required=piece.required,
                    delivered=piece.delivered,
                    owed=piece.owed,
                    made_up=piece.made_up,
                    outstanding=piece.outstanding,
                    excused=piece.excused,
                    remaining=piece.remaining,
                    **{MISSED[reason]: minutes for reason, minutes in piece.missed.items()},
                )
            )
    if not rows:
        return
    # In one order, so that two reports storing the same periods wait for each other
    # instead of deadlocking.
    rows.sort(key=lambda row: (row.line_id, row.start, row.end))
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            PeriodFigures.objects.using(DEFAULT_DB_ALIAS).bulk_create(
                rows,
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["line", "start", "end"],
                update_fields=FIELDS,
            )
    except DatabaseError:
        logger.warning("Stored period figures not saved this time", exc_info=True)
