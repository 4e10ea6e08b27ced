"""The bar chart's arithmetic (core/charts_bar.py) and the SVG template's markup."""

from django.template.loader import render_to_string

from otdesk.core.charts_bar import bar_chart, nice_ticks

SERIES = ["Direct service", "Consultation", "Professional time"]


def test_ticks_are_round_numbers_up_to_the_largest_value():
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(23) == [0, 5, 10, 15, 20, 25]
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0.4) == [0, 0.1, 0.2, 0.3, 0.4]
    # Nothing to draw still gives an axis.
    assert nice_ticks(0) == [0, 1]


def test_two_stacked_bars_placed_exactly():
    chart = bar_chart(
        [("Ana Ruiz", [6, 2, 0]), ("Ben Cole", [1, 0, 3])],
        SERIES,
        title="Time by category",
        summary="Ana Ruiz 8 hours, Ben Cole 4 hours.",
        most_ticks=5,
    )
    # The plot runs from x=150 (0) to x=344 (8): 24.25 a unit; each band is 32 high.
    assert [(t.at, t.label) for t in chart.x_ticks] == [
        (150.0, "0"),
        (198.5, "2"),
        (247.0, "4"),
        (295.5, "6"),
        (344.0, "8"),
    ]
    ana, ben = chart.rows
    assert [(s.x, s.y, s.width, s.height, s.fill) for s in ana.segments] == [
        (150.0, 13.0, 145.5, 22, "#1f5f8b"),
        (295.5, 13.0, 48.5, 22, "#2e8b57"),
    ]
    # A zero part draws nothing; the next part starts where the last one ended.
    assert [(s.x, s.y, s.width) for s in ben.segments] == [
        (150.0, 45.0, 24.2),
        (174.2, 45.0, 72.8),
    ]
    assert ben.segments[1].label == "Ben Cole, Professional time: 3"
    assert (ana.label_y, ana.total, ana.total_x) == (24.0, "8", 348.0)
    assert (ben.label_y, ben.total, ben.total_x) == (56.0, "4", 251.0)
    assert chart.bottom_edge == 72
    # Legend in two columns under the axis: 3 series take two rows.
    assert [(i.x, i.y, i.label) for i in chart.legend] == [
        (8.0, 112, "Direct service"),
        (200.0, 112, "Consultation"),
        (8.0, 136, "Professional time"),
    ]
    assert chart.height == 160
    assert chart.view_box == "0 0 400 160"


def test_one_bar_fills_the_plot():
    chart = bar_chart([("Ana Ruiz", [5, 5, 0])], SERIES, title="t", summary="s", most_ticks=5)
    assert [t.label for t in chart.x_ticks] == ["0", "2", "4", "6", "8", "10"]
    (row,) = chart.rows
    assert [(s.x, s.width) for s in row.segments] == [(150.0, 97.0), (247.0, 97.0)]
    assert chart.bottom_edge == 40
    # By default at most three steps, so the labels fit a phone.
    chart = bar_chart([("Ana Ruiz", [5, 5, 0])], SERIES, title="t", summary="s")
    assert [(t.at, t.label) for t in chart.x_ticks] == [(150.0, "0"), (247.0, "5"), (344.0, "10")]


def test_all_zero_and_no_rows_draw_an_empty_axis():
    chart = bar_chart([("Ana Ruiz", [0, 0, 0])], SERIES, title="t", summary="No time logged.")
    assert [(t.at, t.label) for t in chart.x_ticks] == [(150.0, "0"), (344.0, "1")]
    assert chart.rows[0].segments == []
    assert chart.rows[0].total == "0"
    empty = bar_chart([], SERIES, title="t", summary="No one.")
    assert empty.rows == [] and empty.bottom_edge == 40


def test_template_draws_an_accessible_svg_without_style():
    chart = bar_chart(
        [("Ana Ruiz", [6, 2, 0])], SERIES, title="Time by category", summary="Ana Ruiz 8 hours."
    )
    html = render_to_string("core/charts/bar.html", {"chart": chart, "id": "w1"})
    assert 'role="img"' in html
    assert 'aria-labelledby="w1-title"' in html and 'aria-describedby="w1-desc"' in html
    assert '<title id="w1-title">Time by category</title>' in html
    assert '<desc id="w1-desc">Ana Ruiz 8 hours.</desc>' in html
    assert '<figcaption class="chart-summary">Ana Ruiz 8 hours.</figcaption>' in html
    assert 'style="' not in html and "<script" not in html
    assert html.count('<rect class="bar"') == 2
    assert '<rect class="bar" x="150.0" y="13.0" width="116.4" height="22" fill="#1f5f8b">' in html
    assert "<title>Ana Ruiz, Direct service: 6</title>" in html
