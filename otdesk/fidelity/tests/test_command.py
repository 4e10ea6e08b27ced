"""`otdesk compliance_report`: the fidelity report from the command line, with the page's
numbers and access rules, and the access log written as for a download."""

import csv
import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otdesk.core.models import AuditEvent
from otdesk.fidelity.tests.test_range_rule import TODAY, WEEK1, at, history  # noqa: F401

pytestmark = pytest.mark.django_db
RANGE = ["--start", WEEK1.isoformat(), "--end", "2026-10-25"]


def run(*args: str) -> str:
    out = StringIO()
    with at(TODAY):
        call_command("compliance_report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_therapists_caseload_as_csv_has_the_pages_numbers(history):  # noqa: F811
    world = history
    table = list(csv.reader(io.StringIO(run("--as", world.therapist.username, *RANGE))))
    header = table[0]
    direct = next(r for r in table[1:] if "irect" in r[2])
    assert direct[0] == world.student.full_name
    assert [
        direct[header.index(name)]
        for name in ("Mandated (min)", "Provided (min)", "Made up (min)", "Remaining (min)")
    ] == ["84", "20", "30", "4"]
    event = AuditEvent.objects.get(summary="Service fidelity report (CSV, command line)")
    assert (event.user, event.student_id, event.action) == (
        world.therapist,
        world.student.pk,
        AuditEvent.Action.EXPORT,
    )


def test_a_coordinators_report_as_xlsx_by_school(history, tmp_path):  # noqa: F811
    world = history
    target = tmp_path / "district.xlsx"
    run("--as", world.coordinator.username, *RANGE, "--format", "xlsx", "-o", str(target))
    sheet = openpyxl.load_workbook(target).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert world.student.full_name in names
    other = str(world.school.pk + 1000)
    run("--as", world.coordinator.username, *RANGE, "--school", other, "-o", str(tmp_path / "x"))
    empty = (tmp_path / "x").read_bytes().decode("utf-8-sig")
    assert world.student.full_name not in empty


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "nobody"], "No active person has the username nobody."),
        (["--as", "parent"], "parent is neither a therapist nor a district coordinator"),
        (
            ["--as", "otr", "--start", "2026-10-20", "--end", "2026-10-01"],
            "--end: The last day must be on or after the first day.",
        ),
        (
            ["--as", "otr", "--start", "2026-07-01", "--end", "2026-07-31"],
            "These dates are outside the school year",
        ),
        (["--as", "otr", "--format", "xlsx"], "An XLSX report needs --output FILE."),
        (["--as", "otr", "--school", "1"], "--school is for a coordinator's district report."),
    ],
)
def test_refusals_say_why(history, args, message):  # noqa: F811
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert message in str(refused.value)
    assert not AuditEvent.objects.filter(summary__contains="command line").exists()
