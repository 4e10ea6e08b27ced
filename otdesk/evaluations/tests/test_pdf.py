"""The evaluation report PDF (WeasyPrint): it opens, has the right pages and text (the
scores included), and its first page rendered to PNG is not blank."""

import datetime as dt
import io
from pathlib import Path

import pypdfium2
from django.urls import reverse

from otdesk.assessments.models import AssessmentTool
from otdesk.core.models import AuditEvent
from otdesk.evaluations import services
from otdesk.testing.login import sign_in

from .test_pages import frozen, start  # noqa: F401 (the frozen clock)

SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"


def test_the_report_pdf_carries_the_dates_scores_and_findings(client, world):
    evaluation = start(world)
    services.save_evaluation(
        actor=world.therapist,
        evaluation=evaluation,
        values={
            "evaluation_date": dt.date(2026, 10, 20),
            "report_date": dt.date(2026, 10, 27),
            "summary": "Visual-motor integration is below age level.",
        },
    )
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    given = services.add_test(
        actor=world.therapist, evaluation=evaluation, tool=beery, test_date=dt.date(2026, 10, 20)
    )
    vmi = beery.parts.get(name="Visual-Motor Integration")
    services.save_scores(
        actor=world.therapist,
        administration=given,
        scores={vmi.pk: {"standard_score": 78, "percentile": 7, "scaled_score": 6}},
    )
    pdms = AssessmentTool.objects.get(short_name="PDMS-3")
    services.add_test(
        actor=world.therapist, evaluation=evaluation, tool=pdms, test_date=dt.date(2026, 10, 21)
    )
    sign_in(client, world.cota)  # a reader prints it too
    response = client.get(reverse("evaluations:pdf", args=[evaluation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    assert len(pdf) == 1
    text = pdf[0].get_textpage().get_text_range()
    assert "Initial evaluation report: Maya" in text
    assert "Visual-Motor Integration" in text
    # Standard score, scaled score, percentile; no raw score or category.
    assert "(subtest) 78 6 7 – –" in " ".join(text.split())
    assert "Visual-motor integration is below age level." in text
    assert "range ending at 5:11" in " ".join(text.split())
    # The office's timing stays on the page: the report gives the dates.
    assert "Evaluated on time" not in text and "Where it stands" not in text
    assert "Mon 30 Nov 2026" in text  # the due date
    image = pdf[0].render(scale=1).to_pil()
    SCREENSHOTS.mkdir(exist_ok=True)
    image.save(SCREENSHOTS / "evaluation-report-pdf.png", format="PNG")
    assert sum(image.convert("L").histogram()[:200]) > 2000
    assert (
        AuditEvent.objects.filter(
            student_id=world.student.pk,
            action=AuditEvent.Action.PRINT,
            summary="Evaluation report PDF",
        ).count()
        == 1
    )
