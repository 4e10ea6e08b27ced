"""An evaluation as its page and its report PDF show it: one context, one body template
(evaluations/_report_body.html), one PDF maker."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from . import queries
from .models import Evaluation


def report_context(evaluation: Evaluation) -> dict[str, Any]:
    due = queries.due_of(evaluation)
    return {
        "evaluation": evaluation,
        "student": evaluation.student,
        "due": due,
        "standing": queries.status_words(evaluation, due, timezone.localdate()),
        "basis": queries.basis(evaluation),
        "tests": queries.test_views(evaluation),
    }


def pdf_bytes(evaluation: Evaluation, *, base_url: str) -> bytes:
    """The evaluation report as a PDF (the print template around the page's own body)."""
    # Imported here: WeasyPrint takes most of a second to import.
    from otdesk.activities.pdf import render_pdf

    context = {
        **report_context(evaluation),
        "title": f"{evaluation.get_kind_display()} report: {evaluation.student}",
        # The report goes to the team and the family: the dates, not the office's timing.
        "for_print": True,
    }
    html = render_to_string("evaluations/report_print.html", context)
    return render_pdf(html, base_url=base_url)
