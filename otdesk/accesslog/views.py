"""The coordinator's search of the access log (who read or changed which student's
record, when, from where), scoped to their district; and a student's complete record as a
zip (accesslog/record.py), which the access log is part of; and the district export
(accesslog/district_export.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from otdesk.accounts.permissions import coordinated_district
from otdesk.core.audit import record_access
from otdesk.core.http import current_user
from otdesk.core.models import AuditEvent
from otdesk.students.permissions import get_record_student

from .district_export import recent_exports, start_export, tables
from .forms import SearchForm
from .queries import rows, search
from .record import record_zip

PAGE_SIZE = 50
SHOWN_EXPORTS = 5


@login_required
def audit_search(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = coordinated_district(user, "Only a district coordinator searches the access log.")
    form = SearchForm(request.GET or None, district=district)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        events = search(district, **filters)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = rows(list(page.object_list)) if page else []
    student = form.cleaned_data.get("student") if form.is_bound and form.is_valid() else None
    if student is not None:  # after reading, so the page does not list its own event
        record_access(request, obj=student, student_id=student.pk, summary="Read the access log")
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "accesslog/search.html",
        {
            "title": "Access log",
            "form": form,
            "page": page,
            "rows": shown,
            "kept": kept.urlencode(),
        },
    )


@login_required
def record_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything OT Desk holds about the student: record.pdf, a CSV per kind of record,
    record.json and the data dictionary. The export is logged first, so it is in the file."""
    student = get_record_student(current_user(request), pk)
    record_access(
        request,
        obj=student,
        student_id=student.pk,
        action=AuditEvent.Action.EXPORT,
        summary="Complete record (zip)",
    )
    data = record_zip(student, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="record-{student.pk}.zip"'
    return response


@login_required
def district_export(request: HttpRequest) -> HttpResponse:
    """Everything the district holds, as a zip of CSV files and a data dictionary, made on
    the task queue; the page lists the last exports with their progress and their file."""
    user = current_user(request)
    district = coordinated_district(user, "Only a district coordinator exports the district.")
    if request.method == "POST":
        start_export(actor=user, district=district)
        return redirect("accesslog:district_export")
    return render(
        request,
        "accesslog/district_export.html",
        {
            "title": "District export",
            "district": district,
            "exports": list(recent_exports(district)[:SHOWN_EXPORTS]),
            "tables": len(tables()),
        },
    )
