"""The parent summary page and its one-page PDF, in the reader's language (the OT may
choose Spanish with ?lang=es when printing it for a Spanish-reading family)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from otdesk.activities.queries import localized
from otdesk.core.audit import record_access
from otdesk.core.http import current_user, parse_id
from otdesk.core.models import AuditEvent

from .summary import LANGUAGES, get_summary_student, summary


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else (translation.get_language() or "en")[:2]


def _context(request: HttpRequest, pk: int) -> dict[str, object]:
    user = current_user(request)
    student = get_summary_student(user, pk)
    period_id = parse_id(request.GET.get("period", "") or "")
    found = summary(student, timezone.localdate(), reader=user, period_id=period_id)
    return {"s": found, "child": student, "p": found.portal, "user_obj": user}


def _render(request: HttpRequest, pk: int, template: str) -> tuple[str, dict[str, object]]:
    language = _language(request)
    context = _context(request, pk)
    with translation.override(language):
        s = context["s"]
        hp = s.home_program  # type: ignore[attr-defined]
        context.update(
            language=language,
            title=_("OT summary for %(name)s") % {"name": s.student.known_as},  # type: ignore[attr-defined]
            home_items=[localized(a, language) for a in hp.activities.all()] if hp else [],
        )
        return render_to_string(template, context, request=request), context


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    html, context = _render(request, pk, "family/summary.html")
    child = context["child"]
    record_access(request, obj=child, student_id=child.pk, summary="Parent summary")  # type: ignore[attr-defined]
    return HttpResponse(html)


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # Imported here: WeasyPrint takes most of a second to import.
    from otdesk.activities.pdf import render_pdf

    html, context = _render(request, pk, "family/summary_print.html")
    child = context["child"]
    record_access(
        request,
        obj=child,
        student_id=child.pk,  # type: ignore[attr-defined]
        action=AuditEvent.Action.PRINT,
        summary="Parent summary PDF",
    )
    data = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"ot-summary-{child.pk}-{context['language']}.pdf"  # type: ignore[attr-defined]
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
