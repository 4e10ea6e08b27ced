"""The fidelity report as a spreadsheet (CSV and XLSX through core/exports.py, which makes
every text cell formula-safe): one row per service line, then the totals row."""

from typing import Protocol

from otdesk.core.exports import Cell, Sheet
from otdesk.delivery.models import MissReason

from .queries import FidelityRow, FidelityTotals
from .ranges import ReportRange

HEADER = [
    "Student",
    "School",
    "Service line",
    "Line starts",
    "Line ends",
    "From",
    "To",
    "Mandated (min)",
    "Provided (min)",
    "Not provided (min)",
    *[f"Not provided: {reason.label} (min)" for reason in MissReason],
    "Owed a make-up (min)",
    "Made up (min)",
    "Owed, not made up yet (min)",
    "Excused (min)",
    "Remaining (min)",
]


class Minutes(Protocol):
    """A line's minutes (RangeCompliance) or the totals (FidelityTotals)."""

    mandated: int
    provided: int
    not_provided: dict[str, int]
    owed: int
    made_up: int
    outstanding: int
    excused: int
    remaining: int


def _numbers(m: Minutes) -> list[Cell]:
    return [
        m.mandated,
        m.provided,
        sum(m.not_provided.values()),
        *[m.not_provided.get(reason.value, 0) for reason in MissReason],
        m.owed,
        m.made_up,
        m.outstanding,
        m.excused,
        m.remaining,
    ]


def fidelity_sheet(rows: list[FidelityRow], totals: FidelityTotals, span: ReportRange) -> Sheet:
    body: list[list[Cell]] = []
    for row in rows:
        body.append(
            [
                row.student.full_name,
                row.student.school.name,
                row.line.summary,
                row.line.start_date,
                row.line.end_date,
                span.start,
                span.end,
                *_numbers(row.minutes),
            ]
        )
    body.append(
        [
            f"Total: {totals.lines} line{'' if totals.lines == 1 else 's'}",
            "",
            "",
            None,
            None,
            span.start,
            span.end,
            *_numbers(totals),
        ]
    )
    return Sheet(name="Service fidelity", header=HEADER, rows=body)
