"""Horizontal stacked bar charts drawn as our own SVG (templates/core/charts/bar.html), in
the style of charts.py: this module does the arithmetic, the template draws it with
role="img", a <title> and a <desc>, and the same words are shown beside the chart.

- `nice_ticks(high)`: axis ticks at round numbers (1, 2 or 5 times a power of ten).
- `bar_chart(rows, series, ...)`: one bar per row (a therapist), split into the series (the
  workload buckets), scaled to the largest total. All-zero data and a single bar draw a
  sensible chart (an axis from 0, bars of no width, the summary saying so).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from otdesk.core.charts import Tick

WIDTH = 400  # small, so 14-unit text stays readable when a phone scales it down
LEFT = 150  # room for the row labels (therapists' names)
RIGHT = 56  # room for the total at the end of the longest bar
TOP = 8
ROW = 32  # one bar's band
BAR = 22  # the bar's thickness inside its band
AXIS = 28  # room for the tick labels under the plot
LEGEND_ROW = 24

# Fills for the series, in order (presentation attributes: the CSP allows no style).
FILLS = ["#1f5f8b", "#2e8b57", "#b8860b", "#7b4f9e", "#b03a2e", "#4d6a7a", "#6b6b2e"]


def _number(value: float) -> str:
    return f"{value:g}"


def nice_ticks(high: float, *, most: int = 5) -> list[float]:
    """0 up to the first round number at or above `high`, in at most `most` steps of 1, 2
    or 5 times a power of ten. `high` of 0 (or less) gives [0, 1]: an axis to draw."""
    if high <= 0:
        return [0, 1]
    raw = high / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(high / step - 1e-9)
    return [round(step * k, 10) for k in range(count + 1)]


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # "Ana Ruiz, Direct service: 12.5" (the segment's <title>)


@dataclass(frozen=True)
class BarRow:
    label: str
    label_y: float  # the middle of the bar
    total: str
    total_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    fill: str
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 18

    @property
    def text_y(self) -> float:
        return self.y + 6


@dataclass
class BarChart:
    title: str
    summary: str
    width: int = WIDTH
    height: int = 0
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = 0
    rows: list[BarRow] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def label_x(self) -> int:
        return self.left - 8

    @property
    def tick_y(self) -> int:
        return self.bottom_edge + 20


def bar_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    *,
    title: str,
    summary: str,
    fmt: Callable[[float], str] = _number,
    most_ticks: int = 3,
) -> BarChart:
    """`rows` are (label, one value per series); `series` names the parts of each bar.
    Bars are stacked left to right in series order; a zero part draws nothing. The axis
    has at most `most_ticks` steps, so its labels do not run together on a phone."""
    chart = BarChart(title=title, summary=summary)
    chart.bottom_edge = TOP + ROW * max(1, len(rows))
    totals = [sum(values) for _, values in rows]
    ticks = nice_ticks(max(totals, default=0), most=most_ticks)
    high = ticks[-1]
    span = chart.right_edge - chart.left

    def x_of(value: float) -> float:
        return round(chart.left + value / high * span, 1)

    chart.x_ticks = [Tick(x_of(t), fmt(t)) for t in ticks]
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = TOP + ROW * index + (ROW - BAR) / 2
        segments = []
        start = 0.0
        for k, value in enumerate(values):
            if value > 0:
                x0, x1 = x_of(start), x_of(start + value)
                segments.append(
                    Segment(
                        x0,
                        y,
                        round(x1 - x0, 1),
                        BAR,
                        FILLS[k % len(FILLS)],
                        _("%(row)s, %(part)s: %(value)s")
                        % {"row": label, "part": series[k], "value": fmt(value)},
                    )
                )
            start += value
        chart.rows.append(
            BarRow(label, y + BAR / 2, fmt(total), round(x_of(total) + 4, 1), segments)
        )
    # The legend: two columns under the axis, so it fits a phone's width.
    legend_top = chart.bottom_edge + AXIS + 12
    half = (chart.width - 16) / 2
    for k, name in enumerate(series):
        chart.legend.append(
            LegendItem(
                round(8 + half * (k % 2), 1),
                legend_top + LEGEND_ROW * (k // 2),
                FILLS[k % len(FILLS)],
                name,
            )
        )
    chart.height = legend_top + LEGEND_ROW * math.ceil(len(series) / 2)
    return chart
