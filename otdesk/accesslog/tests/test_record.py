"""The complete record of one student (accesslog/record.py): every record tied to the
student, the sessions they were in, the access log (its own export included), as a PDF,
CSVs, JSON and a data dictionary; nothing of another student's, no secret; the student's
OT and the coordinator export it, others who see the student get 403, the rest 404."""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from django.urls import reverse

from otdesk.accesslog.record import exported_fields, kinds
from otdesk.accounts.models import Invitation
from otdesk.delivery.models import GoalData, Session, SessionStudent
from otdesk.students.models import ServiceLine
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"


def test_the_kinds_are_found_from_the_models_and_secrets_are_left_out():
    paths = {k.model: k.paths for k in kinds()}
    assert "iep__student" in paths[ServiceLine]
    assert paths[SessionStudent] == ("student",)
    assert paths[GoalData] == ("record__student",)
    # A session through its attendances, never through the plan's list of students.
    assert "attendees__student" in paths[Session]
    assert not any("planned" in path for path in paths[Session])
    assert "token_hash" not in {field.name for field in exported_fields(Invitation)}


def test_the_ot_downloads_everything_about_the_student_and_nothing_else(client, world):
    other = f.make_student(world.school, first_name="Otto", last_name="Elsewhere")
    f.add_to_team(other, world.therapist, f.TeamRole.OT)
    goal = world.iep.goals.first()
    group = f.make_session(
        world.therapist, world.school, [world.student, other], date=dt.date(2026, 10, 5)
    )
    mine = group.attendees.get(student=world.student)
    GoalData.objects.create(record=mine, goal=goal, trials=10, correct=7)
    sign_in(client, world.therapist)
    client.get(reverse("students:detail", args=[world.student.pk]))  # an access to list
    response = client.get(reverse("accesslog:record", args=[world.student.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for name in (
        "record.pdf",
        "record.json",
        "data-dictionary.csv",
        "students_student.csv",
        "students_iep.csv",
        "students_serviceline.csv",
        "students_goal.csv",
        "delivery_session.csv",
        "delivery_sessionstudent.csv",
        "delivery_goaldata.csv",
        "core_auditevent.csv",
    ):
        assert name in names, name
    data = json.loads(archive.read("record.json"))
    assert [s["first_name"] for s in data["students_student"]] == ["Maya"]
    assert {r["student_id"] for r in data["delivery_sessionstudent"]} == {world.student.pk}
    assert [r["id"] for r in data["delivery_session"]] == [group.pk]
    assert [(r["trials"], r["correct"]) for r in data["delivery_goaldata"]] == [(10, 7)]
    assert "Otto" not in json.dumps(data) and "Elsewhere" not in json.dumps(data)
    summaries = [e["summary"] for e in data["core_auditevent"]]
    assert "Complete record (zip)" in summaries
    assert all(e["student_id"] == world.student.pk for e in data["core_auditevent"])
    dictionary = archive.read("data-dictionary.csv").decode("utf-8-sig")
    assert "students_serviceline.csv,minutes," in dictionary
    pdf = pypdfium2.PdfDocument(archive.read("record.pdf"))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Record of Maya Lopez" in text
    assert "Service lines (2)" in " ".join(text.split())
    assert "Otto" not in text
    image = pdf[0].render(scale=1).to_pil()
    SCREENSHOTS.mkdir(exist_ok=True)
    image.save(SCREENSHOTS / "record-pdf.png", format="PNG")
    assert sum(image.convert("L").histogram()[:200]) > 2000


def test_who_may_export_the_record(client, world):
    url = reverse("accesslog:record", args=[world.student.pk])
    for person, status in [
        (world.coordinator, 200),
        (world.cota, 403),
        (world.teacher, 403),
        (world.outsider, 404),
        (world.parent, 404),
        (world.aide, 404),
    ]:
        sign_in(client, person)
        assert client.get(url).status_code == status, person
    sign_in(client, world.therapist)
    page = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert f'href="{url}"' in page
    sign_in(client, world.cota)
    page = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert f'href="{url}"' not in page
