"""The batch of a period's reports on the task queue: one PDF per student, a zip, the
students without a report named with the reason, each print logged."""

import io
import zipfile

import pypdfium2
import pytest
import time_machine
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.progress import batch, services
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .helpers import NOW, period


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_batch_makes_a_pdf_per_report_and_names_who_is_missing(client, world):
    q1 = period(world)
    ana = f.make_student(world.school, first_name="Ana", last_name="Díaz")
    f.make_goal(f.make_iep(ana))
    ben = f.make_student(world.school, first_name="Ben", last_name="Ng")
    for kid in (ana, ben):
        f.add_to_team(kid, world.therapist, f.TeamRole.OT)
    for kid in (ana, world.student):
        services.start_report(actor=world.therapist, student=kid, period=q1)
    sign_in(client, world.therapist)
    response = client.post(reverse("progress:batch", args=[q1.pk]))
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.kind, job.total, job.status, job.label) == (
        "progress.batch",
        3,
        "queued",
        "Progress reports, Quarter 1",
    )
    page = client.get(reverse("progress:caseload") + f"?period={q1.pk}").content.decode()
    assert f'id="job-bar-{job.pk}"' in page and "Make all reports for this period" in page
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == "done"
    assert job.result == {
        "made": 2,
        "failed": [{"student": "Ben Ng", "reason": "No report started for Quarter 1."}],
    }
    assert job.message == "2 made. Not made: Ben Ng (No report started for Quarter 1.)"
    names = sorted(job.files.values_list("name", flat=True))
    assert names == [
        f"progress-Diaz-Ana-{ana.pk}-Quarter-1.pdf",
        f"progress-Lopez-Maya-{world.student.pk}-Quarter-1.pdf",
        "progress-reports-Quarter-1.zip",
    ]
    archive = zipfile.ZipFile(io.BytesIO(bytes(job.files.get(name=names[2]).data)))
    assert sorted(archive.namelist()) == names[:2]
    pdf = pypdfium2.PdfDocument(io.BytesIO(archive.read(names[0])))
    assert "Progress report: Ana, Quarter 1" in pdf[0].get_textpage().get_text_range()
    assert AuditEvent.objects.filter(summary="Progress report PDF (batch)").count() == 2
    page = client.get(reverse("progress:caseload") + f"?period={q1.pk}").content.decode()
    assert "<strong>Ben Ng</strong>: No report started for Quarter 1." in page
    assert reverse("jobs:file", args=[job.pk, names[2]]) in page


def test_only_the_districts_therapists_start_a_batch(client, world):
    q1 = period(world)
    for person in (world.teacher, world.coordinator, world.parent):
        sign_in(client, person)
        assert client.post(reverse("progress:batch", args=[q1.pk])).status_code == 404
    elsewhere = f.make_user(f.Role.OT, f.make_district(name="Far"))
    sign_in(client, elsewhere)
    assert client.post(reverse("progress:batch", args=[q1.pk])).status_code == 404
    assert not Job.objects.exists()


def test_file_stems_are_plain_ascii():
    assert batch.file_stem("Ana Díaz") == "Ana-Diaz"
    assert batch.file_stem("O'Brien-Núñez") == "O-Brien-Nunez"
    assert batch.file_stem("李") == "report"
