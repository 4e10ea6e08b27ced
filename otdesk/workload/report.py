"""The workload report: the workload view's numbers (queries.py) as a bar chart of hours by
kind of work per therapist, a table, and a sheet for CSV/XLSX. Nothing is recomputed here:
every figure is a `Workload`'s own."""

from decimal import Decimal

from otdesk.core.charts_bar import BarChart, bar_chart
from otdesk.core.exports import Sheet

from .queries import BUCKETS, Workload

HEADER = ["Therapist", *[label for _, label in BUCKETS], "Total logged", "Still scheduled"]


def _name(workload: Workload) -> str:
    """A therapist's row (only the district's totals have no person)."""
    return workload.person.display_name if workload.person else "All therapists"


def _hours(value: float) -> str:
    return f"{value:g} h"


def summary(rows: list[Workload], totals: Workload | None) -> str:
    """The chart's words: each therapist's total, and the district's."""
    if not rows:
        return "No therapists to show."
    parts = [f"{_name(w)} {w.total_hours} hours" for w in rows]
    words = "Hours logged: " + ", ".join(parts) + "."
    if totals is not None:
        words += f" All therapists together: {totals.total_hours} hours."
    return words


def chart(rows: list[Workload], totals: Workload | None, *, title: str) -> BarChart:
    return bar_chart(
        [(_name(w), [float(b.hours) for b in w.buckets]) for w in rows],
        [label for _, label in BUCKETS],
        title=title,
        summary=summary(rows, totals),
        fmt=_hours,
    )


def sheet(rows: list[Workload], totals: Workload | None, *, name: str) -> Sheet:
    def line(label: str, w: Workload) -> list[str | Decimal]:
        return [label, *[b.hours for b in w.buckets], w.total_hours, w.scheduled_hours]

    body = [line(_name(w), w) for w in rows]
    if totals is not None:
        body.append(line("All therapists", totals))
    return Sheet(name, HEADER, body)
