"""The therapist's progress-report pages: the caseload per period (/progress/), a student's
reports (/progress/students/<id>/), the report (/progress/<id>/, its draft form, making it
final, addenda) and its PDF. Small views: a permission function, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access, record_access_many
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.core.models import AuditEvent
from otdesk.students.permissions import can_edit_iep

from . import batch, queries, services
from .document import pdf_bytes, report_context
from .forms import AddendumForm, ReportForm
from .permissions import (
    can_write,
    get_pdf_report,
    get_report,
    get_report_student,
    get_therapist_period,
    therapist_district,
)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """The reports of the therapist's caseload for one period (?period=, else the period
    today falls in)."""
    user = current_user(request)
    district = therapist_district(user)
    periods = queries.periods_of(district)
    wanted = parse_id(request.GET.get("period"))
    period = next((p for p in periods if p.pk == wanted), None)
    if request.GET.get("period") and period is None:
        raise Http404("No such reporting period in your district.")
    period = period or queries.current_period(periods, timezone.localdate())
    rows = queries.caseload_rows(user, period) if period else []
    if rows:
        record_access_many(
            request, students=[r.student for r in rows], summary="Progress reports of a period"
        )
    return render(
        request,
        "progress/caseload.html",
        {
            "title": f"Progress reports, {period.name}" if period else "Progress reports",
            "period": period,
            "periods": periods,
            "rows": rows,
            "done": sum(1 for r in rows if r.report and r.report.is_final),
            "job": batch.latest_batch(user, period) if period else None,
        },
    )


@login_required
@require_POST
def start_batch(request: HttpRequest, period: int) -> HttpResponse:
    """Make every report of the caseload for the period, on the task queue."""
    user = current_user(request)
    found = get_therapist_period(user, period)
    batch.start_batch(owner=user, period=found)
    messages.success(request, f"Making the reports for {found.name}. You can leave this page.")
    return redirect(f"{reverse('progress:caseload')}?period={found.pk}")


@login_required
def student_reports(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    found = get_report_student(user, student)
    record_access(request, obj=found, student_id=found.pk, summary="Progress reports")
    reports = queries.reports_for_student(found)
    have = {r.period_id for r in reports}
    periods = queries.periods_of(found.school.district)
    return render(
        request,
        "progress/student.html",
        {
            "title": f"Progress reports for {found.known_as}",
            "student": found,
            "reports": reports,
            "can_start": can_edit_iep(user, found),
            "to_start": [p for p in periods if p.pk not in have],
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    found = get_report_student(user, student, write=True)
    period_id = parse_id(request.POST.get("period"))
    period = next((p for p in queries.periods_of(found.school.district) if p.pk == period_id), None)
    if period is None:
        raise Http404("No such reporting period in the student's district.")
    report = services.start_report(actor=user, student=found, period=period, request=request)
    return redirect("progress:edit", report.pk)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_report(user, pk)
    record_access(request, obj=found, student_id=found.student_id, summary="Progress report")
    writer = can_write(user, found)
    return render(
        request,
        "progress/report.html",
        {
            **report_context(found),
            "title": f"Progress report: {found.student.known_as}, {found.period.name}",
            "can_write": writer,
            "addendum_form": AddendumForm() if writer and found.is_final else None,
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_report(user, pk, write=True)
    if found.is_final:
        messages.info(request, "This report is final: add an addendum to correct it.")
        return redirect("progress:report", found.pk)
    entries = list(found.goals.select_related("goal", "code"))
    codes = queries.codes_of(found.period.district)
    form = ReportForm(
        request.POST or None,
        entries=entries,
        codes=codes,
        initial={"narrative": found.narrative},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_report(
                actor=user,
                report=found,
                narrative=form.cleaned_data["narrative"],
                goals=form.goals(),
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved the draft.")
            return redirect("progress:report", found.pk)
    record_access(request, obj=found, student_id=found.student_id, summary="Progress report draft")
    return render(
        request,
        "progress/edit.html",
        {
            **report_context(found),
            "title": f"Draft progress report: {found.student.known_as}, {found.period.name}",
            "form": form,
        },
    )


@login_required
@require_POST
def finalize(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_report(user, pk, write=True)
    try:
        services.finalize_report(actor=user, report=found, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The report is final. Corrections from now on are addenda.")
    return redirect("progress:report", found.pk)


@login_required
@require_POST
def addendum(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_report(user, pk, write=True)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.add_addendum(
                actor=user, report=found, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Added the addendum.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors["text"]))
    return redirect("progress:report", found.pk)


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_pdf_report(user, pk)
    record_access(
        request,
        obj=found,
        student_id=found.student_id,
        action=AuditEvent.Action.PRINT,
        summary="Progress report PDF",
    )
    data = pdf_bytes(found, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"progress-{found.student_id}-{found.period.start_date.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
