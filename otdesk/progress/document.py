"""A report as the page, the family's page and the PDF show it: one context, one body
template (progress/_report_body.html), one PDF maker for a request and for the batch."""

from typing import Any

from django.template.loader import render_to_string

from . import queries
from .models import ProgressReport


def report_context(report: ProgressReport) -> dict[str, Any]:
    """What the report's body shows, the same for the page, the family's page and the PDF."""
    data = queries.content(report)
    return {
        "report": report,
        "student": report.student,
        "period": report.period,
        "goals": queries.goal_views(report, data),
        "minutes": data["minutes"],
        "addenda": list(report.addenda.select_related("author")),
        "comments": list(report.comments.select_related("author")),
    }


def pdf_bytes(report: ProgressReport, *, base_url: str) -> bytes:
    """The report as a PDF (the print template around the page's own body)."""
    # Imported here: WeasyPrint takes most of a second to import.
    from otdesk.activities.pdf import render_pdf

    context = {**report_context(report), "title": f"Progress report: {report.student}"}
    html = render_to_string("progress/report_print.html", context)
    return render_pdf(html, base_url=base_url)
