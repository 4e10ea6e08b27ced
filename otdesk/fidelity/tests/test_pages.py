"""The fidelity pages: the caseload, student and district reports open with the compliance
engine's numbers, download as CSV with formula-safe cells, refuse outsiders (404) and
readers who do not answer for the minutes (403), and explain a bad range in plain words."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.fidelity.tests.test_range_rule import TODAY, WEEK1, WEEK3, at, history  # noqa: F401
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
RANGE = {"start": WEEK1.isoformat(), "end": "2026-10-25"}


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def test_the_caseload_report_shows_the_range_numbers_and_logs_access(history):  # noqa: F811
    world = history
    with at(TODAY):
        response = client_for(world.therapist).get(reverse("fidelity:caseload"), RANGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert world.student.full_name in page
    rows = response.context["rows"]
    direct = next(r for r in rows if r.line.kind == "direct")
    m = direct.minutes
    assert (m.mandated, m.provided, m.owed, m.made_up, m.excused, m.remaining) == (
        84,
        20,
        30,
        30,
        30,
        4,
    )
    assert AuditEvent.objects.filter(
        student_id=world.student.pk, summary__contains="fidelity"
    ).exists()


def test_the_csv_has_exact_numbers_and_safe_cells(history):  # noqa: F811
    world = history
    world.student.first_name = "=HYPERLINK(1)"
    world.student.save()
    with at(TODAY):
        response = client_for(world.therapist).get(
            reverse("fidelity:caseload"), {**RANGE, "download": "csv"}
        )
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header = table[0]
    direct = next(r for r in table[1:] if "irect" in r[2])
    assert direct[0].startswith("'=HYPERLINK")
    assert direct[header.index("Mandated (min)")] == "84"
    assert direct[header.index("Provided (min)")] == "20"
    assert direct[header.index("Made up (min)")] == "30"
    assert direct[header.index("Remaining (min)")] == "4"


def test_the_student_report_owner_outsider_and_reader(history):  # noqa: F811
    world = history
    url = reverse("fidelity:student", args=[world.student.pk])
    with at(TODAY):
        assert client_for(world.therapist).get(url, RANGE).status_code == 200
        assert client_for(world.coordinator).get(url, RANGE).status_code == 200
        assert client_for(world.outsider).get(url, RANGE).status_code == 404
        assert client_for(world.teacher).get(url, RANGE).status_code == 403


def test_the_district_report_opens_for_the_coordinator_only(history):  # noqa: F811
    world = history
    url = reverse("fidelity:district")
    with at(TODAY):
        response = client_for(world.coordinator).get(url, {**RANGE, "school": world.school.pk})
        assert response.status_code == 200
        assert world.student.full_name in response.content.decode()
        assert client_for(world.therapist).get(url).status_code == 404
        xlsx = client_for(world.coordinator).get(url, {**RANGE, "download": "xlsx"})
        assert xlsx.status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-10-20", "end": "2026-10-01"}, "The last day must be on or after"),
        ({"start": "not a date", "end": "2026-10-01"}, "date"),
    ],
)
def test_a_bad_range_is_explained(history, params, message):  # noqa: F811
    with at(TODAY):
        response = client_for(history.therapist).get(reverse("fidelity:caseload"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("name", ["+1", "-1", "@x", "\tTab", "\rCR"])
def test_the_xlsx_reads_back_with_exact_numbers_and_safe_names(history, name):  # noqa: F811
    import openpyxl

    world = history
    world.student.first_name = name
    world.student.save()
    with at(TODAY):
        response = client_for(world.coordinator).get(
            reverse("fidelity:district"), {**RANGE, "download": "xlsx"}
        )
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = table[0]
    direct = next(r for r in table[1:] if r[2] and "irect" in str(r[2]))
    assert str(direct[0]).startswith("'")
    assert sheet.cell(row=table.index(direct) + 1, column=1).data_type != "f"
    assert direct[header.index("Mandated (min)")] == 84
    assert direct[header.index("Provided (min)")] == 20
    assert direct[header.index("Excused (min)")] == 30
    assert direct[header.index("Remaining (min)")] == 4


def test_the_minutes_page_and_the_district_hub_link_to_the_report(history):  # noqa: F811
    world = history
    with at(TODAY):
        minutes = client_for(world.therapist).get(reverse("delivery:compliance"))
        hub = client_for(world.coordinator).get(reverse("district:hub"))
    assert reverse("fidelity:caseload") in minutes.content.decode()
    assert reverse("fidelity:district") in hub.content.decode()


def test_quick_dates_offer_the_periods_the_year_and_last_month(history):  # noqa: F811
    from otdesk.schools.models import ReportingPeriod

    world = history
    ReportingPeriod.objects.create(
        district=world.district,
        name="Quarter 1",
        start_date=world.district.school_year_start,
        end_date=TODAY,
    )
    with at(TODAY):
        response = client_for(world.coordinator).get(
            reverse("fidelity:district"), {"school": world.school.pk}
        )
    assert response.status_code == 200
    names = [preset.name for preset, _ in response.context["presets"]]
    last_month = (TODAY.replace(day=1) - __import__("datetime").timedelta(days=1)).strftime("%B")
    assert names == ["Quarter 1", "School year to date", last_month]
    quarter_query = response.context["presets"][0][1]
    assert f"school={world.school.pk}" in quarter_query  # the filters are kept
    assert f"start={world.district.school_year_start.isoformat()}" in quarter_query


def test_dates_outside_the_school_year_are_explained(history):  # noqa: F811
    with at(TODAY):
        response = client_for(history.therapist).get(
            reverse("fidelity:caseload"), {"start": "2026-07-01", "end": "2026-07-31"}
        )
    assert response.status_code == 400
    assert "These dates are outside the school year (" in response.content.decode()
    assert "no minutes are mandated then. Choose dates inside it." in response.content.decode()
