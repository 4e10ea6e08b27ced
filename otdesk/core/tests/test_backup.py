"""Backup and restore (otdesk/core/backup.py, `otdesk backup`, `otdesk restore`): a round
trip through an emptied database gives back identical records (every table's count and
checksum, the access log's chain and newest hash), on whichever database the suite runs
(make test: SQLite; .ci/run: SQLite, then PostgreSQL). A database with records is not
overwritten without --force; a damaged or foreign backup is refused in words."""

import json
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from otdesk.accounts.models import Role
from otdesk.core import backup
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.students.models import Student
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def some_records() -> None:
    district = f.make_district()
    school = f.make_school(district)
    ot = f.make_user(Role.OT, district, first_name="Zoë", last_name="O'Neil")
    for n in range(3):
        student = f.make_student(school, first_name=f"Kid{n}", last_name="Ñandú")
        f.make_line(f.make_iep(student), minutes=30 + n)
        f.add_to_team(student, ot, f.TeamRole.OT)
        record_event(
            user=ot, action="view", obj=student, student_id=student.pk, summary="Student page"
        )


def state() -> dict:
    with connection.cursor() as cursor:
        return {
            "tables": backup._checksums(
                cursor, connection.ops.quote_name, as_text=connection.vendor == "sqlite"
            ),
            "log": backup._newest_event(cursor, connection.ops.quote_name),
        }


def make_backup(tmp_path: Path) -> Path:
    target = tmp_path / "site.zip"
    out = StringIO()
    call_command("backup", "--output", str(target), stdout=out, stderr=StringIO())
    assert out.getvalue().startswith(f"Backed up to {target}: ")
    return target


def test_backup_wipe_restore_gives_back_identical_records(tmp_path):
    some_records()
    before = state()
    assert before["log"]["events"] == 3
    target = make_backup(tmp_path)
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert sorted(archive.namelist()) == sorted(
            ["manifest.json", backup.FILES[connection.vendor]]
        )
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == before["tables"]
    assert manifest["access_log"]["newest_hash"] == AuditEvent.objects.latest("pk").hash
    assert manifest["tables"]["students_student"]["rows"] == 3

    call_command("flush", interactive=False, verbosity=0)
    assert Student.objects.count() == 0 and AuditEvent.objects.count() == 0
    assert backup.records_held() == []

    out = StringIO()
    call_command("restore", str(target), stdout=out, stderr=StringIO())
    assert "and verified it" in out.getvalue()
    assert "The access log's chain holds." in out.getvalue()
    assert state() == before
    assert sorted(Student.objects.values_list("last_name", flat=True)) == ["Ñandú"] * 3
    assert backup.verify(manifest) == []


def test_a_database_with_records_is_replaced_only_with_force(tmp_path):
    some_records()
    target = make_backup(tmp_path)
    f.make_student(Student.objects.first().school, first_name="Late", last_name="Comer")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(target), stdout=StringIO(), stderr=StringIO())
    assert str(refused.value) == (
        "This database is not empty: it holds 1 people, 4 students, 3 access-log events. "
        "Restoring replaces them all. Add --force to do it anyway (make a backup of them "
        "first)."
    )
    assert Student.objects.count() == 4
    call_command("restore", str(target), "--force", stdout=StringIO(), stderr=StringIO())
    assert Student.objects.count() == 3
    assert not Student.objects.filter(first_name="Late").exists()


def rewrite_manifest(source: Path, target: Path, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            new.writestr(name, data)


def test_a_backup_that_does_not_match_its_manifest_is_named(tmp_path):
    some_records()
    target = make_backup(tmp_path)
    forged = tmp_path / "forged.zip"

    def change(manifest):
        manifest["access_log"]["newest_hash"] = "f" * 64
        manifest["tables"]["students_student"]["rows"] = 2

    rewrite_manifest(target, forged, change)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError) as failed:
        call_command("restore", str(forged), stdout=StringIO(), stderr=StringIO())
    message = str(failed.value)
    assert message.startswith(
        "The database was restored but does not match the backup's manifest: "
    )
    assert "the backup recorded #" in message and "f" * 64 in message
    assert "Table students_student has 3 rows (the backup: 2)." in message


def test_foreign_damaged_and_other_engine_backups_are_refused(tmp_path):
    some_records()
    target = make_backup(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    empty_zip = tmp_path / "empty.zip"
    zipfile.ZipFile(empty_zip, "w").close()
    other = tmp_path / "other.zip"
    vendor = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    rewrite_manifest(target, other, lambda m: m.update(engine=vendor))
    newer = tmp_path / "newer.zip"
    rewrite_manifest(
        target, newer, lambda m: m["migrations"].append(["students", "9999_from_the_future"])
    )
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    cases = {
        tmp_path / "missing.zip": f"There is no file {tmp_path / 'missing.zip'}.",
        text: "notes.txt is not an OT Desk backup (not a zip file).",
        empty_zip: "empty.zip is not an OT Desk backup: it has no manifest.json.",
        other: (
            f"other.zip is a backup of a {names[vendor]} database; this site runs on "
            f"{names[connection.vendor]}. Restore it into a site that runs on {names[vendor]}."
        ),
        newer: (
            "newer.zip was made by a newer OT Desk (it has migrations this one does not "
            "know: students.9999_from_the_future). Update OT Desk first."
        ),
    }
    for path, message in cases.items():
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path), "--force", stdout=StringIO(), stderr=StringIO())
        assert str(refused.value) == message
    assert Student.objects.count() == 3  # nothing was touched
    with pytest.raises(CommandError, match="already exists: choose a new file name"):
        call_command("backup", "--output", str(target), stdout=StringIO(), stderr=StringIO())


def test_exit_codes_scripts_can_trust(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**__import__("os").environ, "OTDESK_DATA_DIR": str(tmp_path)},
        )

    usage = run("restore")
    assert usage.returncode == 2
    assert "the following arguments are required: FILE" in usage.stderr
    helped = run("backup", "--help")
    assert helped.returncode == 0 and "--output" in helped.stdout
    refused = run("restore", str(tmp_path / "nope.zip"))
    assert refused.returncode == 1
    assert "There is no file" in refused.stderr
