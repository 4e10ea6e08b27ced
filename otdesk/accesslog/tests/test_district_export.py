"""The district export (accesslog/district_export.py): every table of one district as CSV,
many-to-many lists included, with a data dictionary and a manifest whose counts match the
files; nothing of another district, no secret, no uploaded bytes; made on the task queue
from the District export page, or by `otdesk export` with exit codes scripts can trust."""

import csv
import datetime as dt
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from otdesk.accesslog.district_export import tables, write_export
from otdesk.accounts.models import Role
from otdesk.activities.models import Activity
from otdesk.core.models import AuditEvent
from otdesk.jobs.models import Job
from otdesk.jobs.services import run_pending
from otdesk.roster.models import RosterImport
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db


def read(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def two_districts(world):  # type: ignore[no-untyped-def]
    """The world's district with a session, and a second district with its own."""
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 10, 5))
    other = f.make_district(name="Far Away USD")
    school = f.make_school(other)
    ot = f.make_user(Role.OT, other, username="far.ot")
    child = f.make_student(school, first_name="Faraway", last_name="Child")
    f.make_session(ot, school, [child], date=dt.date(2026, 10, 6))
    AuditEvent.objects.create(
        user=ot, action="read", student_id=child.pk, object_type="student", object_id=child.pk
    )
    RosterImport.objects.create(
        district=world.district, uploaded_by=world.coordinator, file_name="r.zip", data=b"PK.."
    )
    return world, other, child


def export(world) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    write_export(world.district, buffer, made_by=world.coordinator)
    return zipfile.ZipFile(buffer)


def test_the_export_holds_the_district_and_nothing_of_another(two_districts):  # type: ignore[no-untyped-def]
    world, _other, child = two_districts
    archive = export(world)
    students = read(archive, "students_student.csv")
    assert [s["first_name"] for s in students] == [world.student.first_name]
    sessions = read(archive, "delivery_session.csv")
    assert {s["provider_id"] for s in sessions} == {str(world.therapist.pk)}
    attendances = read(archive, "delivery_sessionstudent.csv")
    assert [a["student_id"] for a in attendances] == [str(world.student.pk)]
    people = read(archive, "accounts_user.csv")
    assert "far.ot" not in {p["username"] for p in people}
    assert world.therapist.username in {p["username"] for p in people}
    assert "password" not in people[0]
    log = read(archive, "core_auditevent.csv")
    assert str(child.pk) not in {e["student_id"] for e in log}
    # The shared catalogs come whole: every activity with no district.
    assert (
        len(read(archive, "activities_activity.csv"))
        == Activity.objects.filter(district=None).count()
    )
    uploads = read(archive, "roster_rosterimport.csv")
    assert [u["file_name"] for u in uploads] == ["r.zip"] and "data" not in uploads[0]
    assert "jobs_jobfile.csv" not in archive.namelist()


def test_the_manifest_and_the_dictionary_describe_every_file(two_districts):  # type: ignore[no-untyped-def]
    world, _, _ = two_districts
    archive = export(world)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["district"] == {"id": world.district.pk, "name": world.district.name}
    assert manifest["made_by"] == world.coordinator.username
    files = [t.label for t in tables()]
    assert list(manifest["files"]) == files
    assert sorted(archive.namelist()) == sorted(
        [f"{label}.csv" for label in files] + ["data-dictionary.csv", "manifest.json"]
    )
    for label, count in manifest["files"].items():
        assert len(read(archive, f"{label}.csv")) == count, label
    assert manifest["files"]["students_student"] == 1
    assert manifest["files"]["delivery_session"] == 1
    dictionary = read(archive, "data-dictionary.csv")
    described = {(d["File"], d["Column"]) for d in dictionary}
    for label in files:
        header = archive.read(f"{label}.csv").decode("utf-8-sig").splitlines()[0].split(",")
        assert {(f"{label}.csv", column) for column in header} <= described, label
    grade = next(
        d for d in dictionary if (d["File"], d["Column"]) == ("students_student.csv", "grade")
    )
    assert grade["Allowed values"].startswith("Pre-K, Kindergarten, Grade 1")
    # A many-to-many list is its own file: a session plan's students.
    assert "delivery_sessionplan_students.csv" in archive.namelist()


def test_the_coordinator_makes_the_export_on_the_page(client, two_districts):  # type: ignore[no-untyped-def]
    world, _, _ = two_districts
    sign_in(client, world.coordinator)
    page = client.get(reverse("accesslog:district_export"))
    assert page.status_code == 200 and b"No export has been made yet." in page.content
    response = client.post(reverse("accesslog:district_export"))
    assert response["Location"] == reverse("accesslog:district_export")
    assert run_pending() == 1
    job = Job.objects.get(kind="accesslog.district_export")
    assert job.status == Job.Status.DONE and job.district_id == world.district.pk
    file = job.files.get()
    assert file.name.startswith("otdesk-test-district-") and file.name.endswith(".zip")
    page = client.get(reverse("accesslog:district_export")).content.decode()
    assert f'href="{reverse("jobs:file", args=[job.pk, file.name])}"' in page
    assert f"{len(tables())} tables, " in page
    download = client.get(reverse("jobs:file", args=[job.pk, file.name]))
    assert zipfile.ZipFile(io.BytesIO(download.content)).read("manifest.json")
    assert AuditEvent.objects.filter(
        user=world.coordinator, action="export", summary__startswith=f"Downloaded {file.name}"
    ).exists()


def test_only_the_coordinator_opens_the_page(client, world):  # type: ignore[no-untyped-def]
    for person in (world.therapist, world.teacher, world.parent):
        client.force_login(person)
        assert client.get(reverse("accesslog:district_export")).status_code == 404
        assert client.post(reverse("accesslog:district_export")).status_code == 404
    assert not Job.objects.exists()


# The command line ------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("export", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_export_command_writes_the_district_and_a_record(tmp_path, two_districts):  # type: ignore[no-untyped-def]
    world, _, child = two_districts
    out = run("--as", world.coordinator.username, "--district", "--output", str(tmp_path))
    written = list(tmp_path.glob("otdesk-test-district-*.zip"))
    assert len(written) == 1
    assert out.startswith(f"Wrote {written[0]}: {len(tables())} tables, ")
    assert AuditEvent.objects.filter(
        action="export", summary=f"District export (command line): {written[0].name}"
    ).exists()
    with pytest.raises(CommandError, match="exists already"):
        run("--as", world.coordinator.username, "--district", "--output", str(written[0]))
    with pytest.raises(CommandError, match="is not a district coordinator"):
        run("--as", world.therapist.username, "--district", "--output", str(tmp_path))

    record = tmp_path / "maya.zip"
    run(
        "--as",
        world.therapist.username,
        "--student",
        str(world.student.pk),
        "--output",
        str(record),
    )
    archive = zipfile.ZipFile(record)
    assert "record.pdf" in archive.namelist()
    log = read(archive, "core_auditevent.csv")
    assert log[-1]["summary"] == "Complete record (zip, command line)"
    # Another district's child is not found; a teacher who sees the student may not export.
    with pytest.raises(CommandError, match=f"has no student {child.pk}"):
        run("--as", world.therapist.username, "--student", str(child.pk), "--output", str(tmp_path))
    with pytest.raises(CommandError, match="exported by the student's OT or the district"):
        run("--as", world.teacher.username, "--student", str(world.student.pk))
