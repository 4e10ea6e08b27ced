"""Charts drawn as our own SVG by Django templates (templates/core/charts/): no library,
no script, no inline style (the strict CSP), the same markup in the page and in a
WeasyPrint PDF. This module does the arithmetic (where each point, tick and reference line
goes) and says the trend in words; the template draws it with role="img", a <title> and a
<desc>, and the words are shown beside the chart for everyone.

- `line_chart(points, ...)`: values over dates (percent correct per session on a goal),
  with a baseline and a target drawn as labelled dashed lines.
- `trend_words(values, target=...)`: "Up from 40% to 70% over 9 sessions; target 80%."
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from otdesk.core.dates import nice_date

# The drawing's own units (the SVG's viewBox); the CSS scales it to the page's width.
WIDTH = 600
HEIGHT = 260
LEFT = 48  # room for the value axis' labels
RIGHT = 16
TOP = 16
BOTTOM = 40  # room for the date labels

# A change smaller than this (in the chart's unit) reads as "steady".
STEADY_WITHIN = 5


@dataclass(frozen=True)
class Tick:
    at: float  # x or y in the drawing
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str  # "Mon 14 Sep 2026: 60%" (the dot's <title>)


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the plot: the baseline or the target."""

    y: float
    label: str  # "Target 80%"
    kind: str  # "baseline" or "target" (the CSS class)

    @property
    def label_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass
class LineChart:
    title: str
    summary: str  # the trend in words (the <desc>, and shown beside the chart)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM
    dots: list[Dot] = field(default_factory=list)
    line: str = ""  # the polyline's points, "x,y x,y ..."
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def label_x(self) -> int:
        return self.left - 6

    @property
    def date_y(self) -> int:
        return self.bottom_edge + 18


def percent(value: float) -> str:
    return f"{round(value)}%"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def trend_words(
    values: Sequence[float], *, target: float | None = None, fmt: object = percent
) -> str:
    """The trend in words: the first sessions against the last (the mean of up to three at
    each end, so one good or bad day does not decide it), the number of sessions, and the
    target."""
    show = fmt if callable(fmt) else percent
    n = len(values)
    if n == 0:
        words = _("No data in this period.")
    elif n == 1:
        words = _("One session: %(value)s.") % {"value": show(values[0])}
    else:
        ends = min(3, n // 2)
        first, last = _mean(values[:ends]), _mean(values[-ends:])
        numbers = {"first": show(first), "last": show(last), "n": n}
        if round(last) - round(first) >= STEADY_WITHIN:
            words = ngettext(
                "Up from %(first)s to %(last)s over %(n)d session.",
                "Up from %(first)s to %(last)s over %(n)d sessions.",
                n,
            )
        elif round(first) - round(last) >= STEADY_WITHIN:
            words = ngettext(
                "Down from %(first)s to %(last)s over %(n)d session.",
                "Down from %(first)s to %(last)s over %(n)d sessions.",
                n,
            )
        else:
            words = ngettext(
                "Steady at about %(last)s over %(n)d session.",
                "Steady at about %(last)s over %(n)d sessions.",
                n,
            )
        words = words % numbers
    if target is not None:
        words = words.rstrip(".") + "; " + _("target %(target)s.") % {"target": show(target)}
    return words


def line_chart(
    points: Sequence[tuple[dt.date, float]],
    *,
    title: str,
    baseline: float | None = None,
    target: float | None = None,
    low: float = 0,
    high: float = 100,
) -> LineChart:
    """Values over dates (in date order) on a fixed scale from `low` to `high`; dates are
    spaced by time, so a gap in the sessions shows as a gap."""
    chart = LineChart(title=title, summary=trend_words([v for _, v in points], target=target))
    span_y = (high - low) or 1

    def y_of(value: float) -> float:
        clipped = min(max(value, low), high)
        return round(chart.bottom_edge - (clipped - low) / span_y * (chart.bottom_edge - TOP), 1)

    chart.y_ticks = [
        Tick(y_of(low + span_y * k / 4), percent(low + span_y * k / 4)) for k in range(5)
    ]
    for value, kind, words in (
        (baseline, "baseline", _("Baseline %(value)s")),
        (target, "target", _("Target %(value)s")),
    ):
        if value is not None:
            chart.references.append(Reference(y_of(value), words % {"value": percent(value)}, kind))
    if not points:
        return chart
    first, last = points[0][0], points[-1][0]
    days = max(1, (last - first).days)
    inner = chart.right_edge - chart.left - 12

    def x_of(day: dt.date) -> float:
        if first == last:
            return round(chart.left + 6 + inner / 2, 1)
        return round(chart.left + 6 + (day - first).days / days * inner, 1)

    chart.dots = [
        Dot(x_of(day), y_of(value), f"{nice_date(day)}: {percent(value)}") for day, value in points
    ]
    chart.line = " ".join(f"{d.x},{d.y}" for d in chart.dots)
    chart.x_ticks = [Tick(x_of(first), nice_date(first, year=False))]
    if last != first:
        chart.x_ticks.append(Tick(x_of(last), nice_date(last, year=False)))
    return chart
