"""The line chart's arithmetic and words (core/charts.py), and the SVG template's markup."""

import datetime as dt

from django.template.loader import render_to_string

from otdesk.core.charts import line_chart, trend_words
from otdesk.progress.queries import percent_in

D = dt.date(2026, 9, 1)


def test_trend_words_up_down_steady_and_the_target():
    up = [40, 40, 40, 50, 60, 55, 70, 70, 70]
    assert trend_words(up, target=80) == "Up from 40% to 70% over 9 sessions; target 80%."
    assert trend_words([80, 60, 60, 20]) == "Down from 70% to 40% over 4 sessions."
    assert trend_words([60, 62, 58, 61]) == "Steady at about 60% over 4 sessions."
    assert trend_words([50], target=80) == "One session: 50%; target 80%."
    assert trend_words([], target=80) == "No data in this period; target 80%."
    # A difference of 4 points reads as steady, 5 as up.
    assert trend_words([40, 44]) == "Steady at about 44% over 2 sessions."
    assert trend_words([40, 45]) == "Up from 40% to 45% over 2 sessions."


def test_line_chart_places_points_by_date_and_value():
    points = [(D, 0.0), (D + dt.timedelta(days=10), 50.0), (D + dt.timedelta(days=20), 100.0)]
    chart = line_chart(points, title="Fine motor", baseline=40, target=80)
    # The plot runs from y=220 (0%) to y=16 (100%); x from 54 to 578 (48 + 6, 584 - 6).
    assert [(d.x, d.y) for d in chart.dots] == [(54.0, 220.0), (316.0, 118.0), (578.0, 16.0)]
    assert chart.line == "54.0,220.0 316.0,118.0 578.0,16.0"
    assert [t.label for t in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [t.at for t in chart.y_ticks] == [220.0, 169.0, 118.0, 67.0, 16.0]
    assert [(r.kind, r.y, r.label) for r in chart.references] == [
        ("baseline", 138.4, "Baseline 40%"),
        ("target", 56.8, "Target 80%"),
    ]
    assert [t.label for t in chart.x_ticks] == ["Tue 1 Sep", "Mon 21 Sep"]
    assert chart.dots[1].label == "Fri 11 Sep 2026: 50%"
    assert chart.summary == "Up from 0% to 100% over 3 sessions; target 80%."


def test_one_point_sits_in_the_middle_and_no_points_draw_no_line():
    chart = line_chart([(D, 75.0)], title="t")
    assert [(d.x, d.y) for d in chart.dots] == [(316.0, 67.0)]
    assert len(chart.x_ticks) == 1
    empty = line_chart([], title="t", target=80)
    assert empty.dots == [] and empty.line == ""
    assert empty.references[0].label == "Target 80%"


def test_the_template_is_an_accessible_image_without_style_attributes():
    chart = line_chart([(D, 20.0), (D + dt.timedelta(days=7), 60.0)], title="Writing", target=80)
    html = render_to_string("core/charts/line.html", {"chart": chart, "id": "g1"})
    assert 'role="img"' in html
    assert '<title id="g1-title">Writing</title>' in html
    assert '<desc id="g1-desc">Up from 20% to 60% over 2 sessions; target 80%.</desc>' in html
    assert 'aria-labelledby="g1-title"' in html and 'aria-describedby="g1-desc"' in html
    assert "style=" not in html and "<script" not in html
    assert '<polyline class="series" points="54.0,179.2 578.0,97.6"' in html
    assert html.count("<circle") == 2
    assert (
        '<figcaption class="chart-summary">Up from 20% to 60% over 2 sessions; target 80%.' in html
    )


def test_levels_read_from_a_goals_words():
    assert percent_in("copies 3-word phrases with 40% of letters on the line") == 40
    assert percent_in("cuts curved lines in 4 of 5 trials") == 80
    assert percent_in("opens 1 of 4 lunch containers") == 25
    assert percent_in("Cuts straight lines.") is None
    assert percent_in("150% effort") is None
    assert percent_in("5 of 4 days") is None
