"""The workload report: the workload page's numbers as a chart, a table, CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from otdesk.testing.login import sign_in
from otdesk.workload import queries
from otdesk.workload.tests.test_workload import (  # noqa: F401 (fixtures)
    FRI,
    MON,
    TODAY,
    busy_week,
    on_a_wednesday_afternoon,
)

pytestmark = pytest.mark.django_db


def _table(workloads, totals):
    rows = [
        [w.person.display_name, *[b.hours for b in w.buckets], w.total_hours, w.scheduled_hours]
        for w in workloads
    ]
    if totals is not None:
        rows.append(
            [
                "All therapists",
                *[b.hours for b in totals.buckets],
                totals.total_hours,
                totals.scheduled_hours,
            ]
        )
    return rows


@pytest.mark.usefixtures("busy_week")
def test_therapist_report_has_the_workload_pages_numbers(client, world):
    workload = queries.provider_workload(world.therapist, MON, FRI, TODAY)
    sign_in(client, world.therapist)
    response = client.get(reverse("workload:report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Your workload report this week</h1>" in html
    name = world.therapist.display_name
    summary = f"Hours logged: {name} {workload.total_hours} hours."
    assert workload.total_hours == queries.hours(390)  # 6.5 h, as the workload page says
    assert f'<desc id="workload-chart-desc">{summary}</desc>' in html
    assert f'<figcaption class="chart-summary">{summary}</figcaption>' in html
    assert 'role="img"' in html and "style=" not in html
    for bucket in workload.buckets:
        assert f'data-label="{bucket.label}" class="num">{bucket.hours} h</td>' in html
    # CSV and XLSX read back the same numbers.
    expected = [[str(c) for c in row] for row in _table([workload], None)]
    body = client.get(reverse("workload:report"), {"format": "csv"}).content.decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(body)))
    assert got[0][0] == "Therapist" and got[0][-2:] == ["Total logged", "Still scheduled"]
    assert got[1:] == expected
    data = client.get(reverse("workload:report"), {"format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Workload"]
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [[name, *[float(c) for c in row[1:]]] for row in _table([workload], None)]
    assert client.get(reverse("workload:report"), {"format": "pdf"}).status_code == 404


@pytest.mark.usefixtures("busy_week")
def test_district_report_has_the_district_pages_numbers(client, world):
    rows = queries.district_workload(world.district, MON, FRI, TODAY)
    totals = queries.district_totals(rows, MON, FRI)
    sign_in(client, world.coordinator)
    url = reverse("workload:district_report")
    html = client.get(url).content.decode()
    assert "<h1>Therapists’ workload report this week</h1>" in html
    assert f"All therapists together: {totals.total_hours} hours." in html
    assert totals.total_hours == queries.hours(495)  # 8.3 h, as the district page says
    for w in rows:
        assert f"{w.person.display_name} {w.total_hours} hours" in html
    assert html.count('<rect class="bar"') == sum(1 for w in rows for b in w.buckets if b.minutes)
    body = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1:] == [
        [str(c) for c in row] for row in _table(rows, totals)
    ]
    data = client.get(url, {"format": "xlsx", "period": "month"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Workload"]
    month = queries.district_workload(
        world.district, MON.replace(day=1), MON.replace(day=31), TODAY
    )
    month_totals = queries.district_totals(month, MON.replace(day=1), MON.replace(day=31))
    assert [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        [row[0], *[float(c) for c in row[1:]]] for row in _table(month, month_totals)
    ]


def test_report_routes_are_404_for_everyone_else(client, world):
    for persona in ("teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("workload:report")).status_code == 404, persona
    for persona in ("therapist", "cota", "teacher", "aide", "parent"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("workload:district_report")).status_code == 404, persona
    client.logout()
    for name in ("workload:report", "workload:district_report"):
        assert client.get(reverse(name))["Location"].startswith("/login/")


def test_an_empty_period_draws_an_empty_chart(client, world):
    sign_in(client, world.therapist)
    html = client.get(reverse("workload:report"), {"date": "2026-09-23"}).content.decode()
    assert "<h1>Your workload report in the week of Mon 21 Sep 2026</h1>" in html
    assert '<rect class="bar"' not in html
    assert f"{world.therapist.display_name} 0.0 hours" in html
