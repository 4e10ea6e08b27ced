"""`otdesk import_roster`: the dry run, --apply, and exit codes scripts can trust."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otdesk.accounts.models import Role
from otdesk.roster.synthetic import build_zip
from otdesk.schools.models import School
from otdesk.students.models import Student
from otdesk.testing import factories as f

from .test_oneroster import ENROLLMENTS, files

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def coordinator(db):  # type: ignore[no-untyped-def]
    return f.make_user(Role.COORDINATOR, f.make_district(), username="coord")


def test_import_roster_dry_run_then_apply(tmp_path, coordinator):  # type: ignore[no-untyped-def]
    path = tmp_path / "roster.zip"
    path.write_bytes(build_zip(files()))
    out, err = run(str(path), "--as", "coord")
    assert "Checked (nothing written; add --apply): 13 created, 1 updated." in out
    assert "student                          2           0           0           0" in out
    assert "[##############################] 2/2 Checked" in err
    assert Student.objects.count() == 0
    out, _ = run(str(path), "--as", "coord", "--apply", "--quiet")
    assert out.endswith("Imported: 13 created, 1 updated.\n")
    assert Student.objects.count() == 2
    out, _ = run(str(path), "--as", "coord", "--apply", "--quiet")
    assert out.endswith("Imported: nothing to change.\n")


def test_import_roster_refusals(tmp_path, coordinator):  # type: ignore[no-untyped-def]
    broken = [
        *ENROLLMENTS,
        {"sourcedId": "e-9", "classSourcedId": "c-404", "userSourcedId": "s-2", "role": "student"},
    ]
    path = tmp_path / "broken.zip"
    path.write_bytes(build_zip(files(enrollments=broken)))
    out = StringIO()
    with pytest.raises(CommandError, match=r"Refused: 1 problem; nothing was imported\."):
        call_command(
            "import_roster", str(path), "--as", "coord", "--apply", stdout=out, stderr=StringIO()
        )
    assert "problem: enrollments.csv, line 5: classSourcedId c-404 is not a class" in out.getvalue()
    assert Student.objects.count() == 0
    f.make_user(Role.OT, coordinator.district, username="olive")
    with pytest.raises(CommandError, match="olive is not a district coordinator"):
        run(str(path), "--as", "olive")
    with pytest.raises(CommandError, match="There is no file"):
        run(str(tmp_path / "missing.zip"), "--as", "coord")


def test_import_roster_usage_exit_code() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "import_roster"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "the following arguments are required: FILE, --as" in done.stderr


def test_import_roster_reads_a_spreadsheet_with_columns(tmp_path, coordinator):  # type: ignore[no-untyped-def]
    School.objects.create(district=coordinator.district, name="Alder Elementary")
    path = tmp_path / "pupils.csv"
    path.write_text(
        "Pupil No,First Name,Last Name,Born,Grade,School\n"
        "77,Lucia,Marsh,03/14/2018,2,Alder Elementary\n"
    )
    # "Pupil No" is not a heading OT Desk guesses: the dry run says which column is missing.
    with pytest.raises(CommandError, match=r"Refused: 1 problem; nothing was imported\."):
        run(str(path), "--as", "coord")
    with pytest.raises(CommandError, match="--column student=Pupil No: write FIELD=HEADING"):
        run(str(path), "--as", "coord", "--column", "student=Pupil No")
    out, _ = run(
        str(path),
        "--as",
        "coord",
        "--column",
        "student_id=Pupil No",
        "--column",
        "birth_date=Born",
        "--apply",
        "--quiet",
    )
    assert "column: student_id = Pupil No" in out and "column: preferred_name = (none)" in out
    assert "Imported: 1 created." in out
    lucia = Student.objects.get(sourced_id="77")
    assert (lucia.first_name, lucia.school.name) == ("Lucia", "Alder Elementary")
    with pytest.raises(CommandError, match="--column is for a spreadsheet"):
        zip_path = tmp_path / "roster.zip"
        zip_path.write_bytes(build_zip(files()))
        run(str(zip_path), "--as", "coord", "--column", "grade=Grade")
