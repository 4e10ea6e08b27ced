"""The report's PDF (WeasyPrint): it opens, has the right pages and text, and its first page
rendered to PNG is not blank; the same chart markup as the page."""

import io
from pathlib import Path

import pypdfium2
import pytest
import time_machine
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.progress import services
from otdesk.progress.models import ProgressCode
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .helpers import NOW, nine_sessions, period, writing_goal

SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def pdf_of(client, report):
    response = client.get(reverse("progress:pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdfium2.PdfDocument(io.BytesIO(response.content))


def test_the_pdf_opens_with_its_pages_text_and_chart(client, world):
    goal = writing_goal(world)
    nine_sessions(world, goal)
    report = services.start_report(
        actor=world.therapist, student=world.student, period=period(world)
    )
    making = ProgressCode.objects.get(label="Making progress")
    services.save_report(
        actor=world.therapist,
        report=report,
        narrative="Maya worked hard this quarter.",
        goals={e.pk: (making, "Steady gains.") for e in report.goals.all()},
    )
    services.finalize_report(actor=world.therapist, report=report)
    sign_in(client, world.therapist)
    pdf = pdf_of(client, report)
    assert len(pdf) == 2
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Progress report: Maya, Quarter 1" in text
    assert "Up from 40% to 70% over 9 sessions; target 80%." in text
    assert "Maya worked hard this quarter." in text
    assert "Making progress" in text
    assert "Target 80%" in text and "Baseline 40%" in text
    image = pdf[0].render(scale=1).to_pil()
    SCREENSHOTS.mkdir(exist_ok=True)
    image.save(SCREENSHOTS / "progress-report-pdf.png", format="PNG")
    assert sum(image.convert("L").histogram()[:200]) > 2000
    assert (
        AuditEvent.objects.filter(
            student_id=world.student.pk,
            action=AuditEvent.Action.PRINT,
            summary="Progress report PDF",
        ).count()
        == 1
    )


def test_a_report_of_one_goal_without_data_is_one_page(client, world):
    student = f.make_student(world.school, first_name="Ben", last_name="Ng")
    f.make_goal(f.make_iep(student))
    f.add_to_team(student, world.therapist, f.TeamRole.OT)
    report = services.start_report(actor=world.therapist, student=student, period=period(world))
    sign_in(client, world.therapist)
    pdf = pdf_of(client, report)
    assert len(pdf) == 1
    text = pdf[0].get_textpage().get_text_range()
    assert "No data in this period." in text
    assert "Draft" in text
