"""A line's minutes over any date range, as the sum of its periods' (`line_period` in
compliance.py): the service fidelity report and the progress reports' minutes."""

import datetime as dt
from dataclasses import dataclass, field

from otdesk.students.models import ServiceLine

from .calendar import Span
from .compliance import Compliance, ComplianceSource, reason_words


@dataclass
class RangeCompliance:
    """A line's minutes over any date range, as the sum of its periods (`line_period`).

    The range meets the line's periods (weeks, months or the school year) like this: a
    period wholly inside the range counts whole, exactly as the compliance pages count it;
    a period the range cuts counts only its part inside the range: required pro rata over
    the counted days inside (the whole period's days stay the denominator, as in
    `required_minutes`), sessions and misses dated inside. A make-up counts where its miss
    is, wherever the make-up happened. Every figure is the sum over the periods, so a range
    of whole periods gives the sum of the compliance pages' numbers for them; `remaining`
    is summed per period too (extra minutes in one week do not pay another week's
    shortfall), like the year's `Position.short`.
    """

    line: ServiceLine
    start: dt.date
    end: dt.date
    mandated: int = 0
    provided: int = 0
    not_provided: dict[str, int] = field(default_factory=dict)  # missed minutes by reason
    owed: int = 0  # missed minutes the policy says are owed a make-up
    made_up: int = 0
    outstanding: int = 0  # owed and not made up yet
    excused: int = 0  # missed, not owed and not made up
    remaining: int = 0  # per period: mandated - excused - provided - made up, at least 0
    # Each period met, with the part of it counted (the period itself when whole) and its
    # figures; periods alike share them (ComplianceSource.compute), so read a period's
    # figures and span here, never its `line` (that is `self.line`).
    periods: list[tuple[Span, Compliance]] = field(default_factory=list)
    # Whole ended periods added up from stored figures (fidelity/stored.py) instead, and
    # so not in `periods`.
    stored: int = 0

    @property
    def not_provided_total(self) -> int:
        return sum(self.not_provided.values())

    @property
    def not_provided_words(self) -> str:
        return reason_words(self.not_provided)

    def add_stored(self, periods: int, sums: dict[str, int], missed: dict[str, int]) -> None:
        """Add periods' figures already added up: sums by the names of this class's
        figures (mandated is `required`, provided `delivered`), missed minutes by reason."""
        self.stored += periods
        self.mandated += sums["required"]
        self.provided += sums["delivered"]
        for reason, minutes in missed.items():
            if minutes:
                self.not_provided[reason] = self.not_provided.get(reason, 0) + minutes
        self.owed += sums["owed"]
        self.made_up += sums["made_up"]
        self.outstanding += sums["outstanding"]
        self.excused += sums["excused"]
        self.remaining += sums["remaining"]

    def add(self, counted: Span, piece: Compliance) -> None:
        self.periods.append((counted, piece))
        self.mandated += piece.required
        self.provided += piece.delivered
        for reason, minutes in piece.missed.items():
            self.not_provided[reason] = self.not_provided.get(reason, 0) + minutes
        self.owed += piece.owed
        self.made_up += piece.made_up
        self.outstanding += piece.outstanding
        self.excused += piece.excused
        self.remaining += piece.remaining


def range_compliance(
    source: ComplianceSource, line: ServiceLine, *, start: dt.date, end: dt.date
) -> RangeCompliance:
    """The line's minutes from start to end inclusive (see `RangeCompliance`). The source
    must have been fetched for at least start..end."""
    if end < start:
        raise ValueError("A date range must end on or after its start.")
    if start < source.first or end > source.last:
        raise ValueError("The compliance source does not cover this date range.")
    result = RangeCompliance(line=line, start=start, end=end)
    spans = source.cal.spans(line.period, start, end)
    for span, dated in zip(spans, source.by_period(line, spans), strict=True):
        if start <= span.start and span.end <= end:
            clipped, window = span, None
        else:
            clipped = window = Span(span.kind, max(start, span.start), min(end, span.end))
        result.add(clipped, source.compute(line, span, window=window, dated=dated, shared=True))
    return result
