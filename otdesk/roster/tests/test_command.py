"""`otdesk import_roster`: the dry run, --apply, and exit codes scripts can trust."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otdesk.accounts.models import Role
from otdesk.roster.synthetic import build_zip
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
    assert "the following arguments are required: ZIP, --as" in done.stderr
