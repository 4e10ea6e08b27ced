"""The parent summary page and its one-page PDF, in the reader's language (the OT may
choose Spanish with ?lang=es when printing it for a Spanish-reading family)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from otdesk.activities.queries import localized
from otdesk.core.audit import record_access
from otdesk.core.http import current_user, parse_id
from otdesk.core.models import AuditEvent

from .summary import LANGUAGES, Summary, get_summary_student, summary


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else (translation.get_language() or "en")[:2]


def _render(request: HttpRequest, pk: int, template: str) -> tuple[str, Summary, str]:
    """The permission check (get_summary_student), then the summary in the language asked."""
    user = current_user(request)
    student = get_summary_student(user, pk)
    period_id = parse_id(request.GET.get("period"))
    found = summary(student, timezone.localdate(), reader=user, period_id=period_id)
    language = _language(request)
    hp = found.home_program
    with translation.override(language):
        context = {
            "s": found,
            "child": student,
            "p": found.portal,
            "language": language,
            "title": _("OT summary for %(name)s") % {"name": student.known_as},
            "home_items": [localized(a, language) for a in hp.activities.all()] if hp else [],
        }
        return render_to_string(template, context, request=request), found, language


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    html, found, _language_used = _render(request, pk, "family/summary.html")
    record_access(request, obj=found.student, student_id=found.student.pk, summary="Parent summary")
    return HttpResponse(html)


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # Imported here: WeasyPrint takes most of a second to import.
    from otdesk.activities.pdf import render_pdf

    html, found, language = _render(request, pk, "family/summary_print.html")
    record_access(
        request,
        obj=found.student,
        student_id=found.student.pk,
        action=AuditEvent.Action.PRINT,
        summary="Parent summary PDF",
    )
    data = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ot-summary-{found.student.pk}-{language}.pdf"'
    )
    return response
