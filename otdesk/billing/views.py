"""The coordinator's Medicaid billing pages: the month's export and what cannot be billed,
the code table, students' billing records and providers' credentials."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access, record_access_many
from otdesk.core.exports import csv_response
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District
from otdesk.students.permissions import students_visible_to

from . import services
from .exports import billing_sheet, problems_sheet
from .forms import CodeForm, CredentialForm, ProfileForm, RangeForm, month_of
from .models import BillingCode, BillingExport, BillingProfile, ProviderCredential
from .permissions import billed_line, billing_district, billing_student, therapist_district
from .queries import BillingRun, billing_run, needs_correction

SUMMARY = "Medicaid billing"
SHOWN_LINES = 200


def _range(request: HttpRequest) -> tuple[RangeForm, dt.date, dt.date]:
    start, end = month_of(timezone.localdate())
    data = request.POST if request.method == "POST" else request.GET
    form = RangeForm(data if "start" in data else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def _run(request: HttpRequest) -> tuple[District, RangeForm, BillingRun]:
    district = billing_district(current_user(request))
    services.ensure_default_codes(district=district)
    form, start, end = _range(request)
    return district, form, billing_run(district=district, start=start, end=end)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    district, form, run = _run(request)
    corrections = needs_correction(district)
    record_access_many(
        request,
        students=[*run.students, *(c.line.student for c in corrections)],
        summary=SUMMARY,
    )
    billed = run.billed
    return render(
        request,
        "billing/home.html",
        {
            "title": "Medicaid billing",
            "district": district,
            "form": form,
            "run": run,
            "billed": billed[:SHOWN_LINES],
            "billed_count": len(billed),
            "units": sum(line.units for line in billed),
            "more": max(0, len(billed) - SHOWN_LINES),
            "corrections": corrections,
            "exports": BillingExport.objects.filter(district=district)[:10],
            "overlapping": BillingExport.objects.filter(
                district=district, start__lte=run.end, end__gte=run.start
            ).order_by("-created_at")[:3],
            "query": f"start={run.start.isoformat()}&end={run.end.isoformat()}",
        },
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The vendor's CSV; what it says is kept (BilledLine) to flag later changes."""
    _, form, run = _run(request)
    if not form.is_valid():
        messages.error(request, "Choose the dates to export: " + form.errors.as_text())
        return redirect("billing:home")
    services.record_export(actor=current_user(request), run=run)
    record_access_many(
        request, students=run.students, summary=SUMMARY, action=AuditEvent.Action.EXPORT
    )
    return csv_response(billing_sheet(run), f"medicaid-{run.start}-{run.end}.csv")


@login_required
def problems_csv(request: HttpRequest) -> HttpResponse:
    _, _, run = _run(request)
    record_access_many(
        request,
        students=[p.student for p in run.problems],
        summary="Medicaid billing: not billed",
        action=AuditEvent.Action.EXPORT,
    )
    return csv_response(problems_sheet(run), f"not-billed-{run.start}-{run.end}.csv")


@login_required
@require_POST
def corrected(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    billing_district(user)
    pk = parse_id(request.POST.get("line"))
    if pk is None:
        messages.error(request, "Choose the billed line you corrected.")
        return redirect("billing:home")
    line = billed_line(user, pk)
    services.mark_corrected(actor=user, line=line)
    messages.success(request, f"Marked corrected: {line.code} for {line.student} on {line.date}.")
    return redirect("billing:home")


@login_required
def codes(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = billing_district(user)
    services.ensure_default_codes(district=district)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.save_code(actor=user, district=district, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {code.code}.")
            return redirect("billing:codes")
    return render(
        request,
        "billing/codes.html",
        {
            "title": "Billing codes",
            "form": form,
            "codes": BillingCode.objects.filter(district=district),
        },
    )


@login_required
def students(request: HttpRequest) -> HttpResponse:
    coordinator = current_user(request)
    district = billing_district(coordinator)
    query = request.GET.get("q", "").strip()[:80]
    found = students_visible_to(coordinator).filter(school__district=district, active=True)
    found = found.select_related("billing_profile", "school")
    if query:
        found = found.filter(last_name__icontains=query) | found.filter(first_name__icontains=query)
    shown = list(found.order_by("last_name", "first_name")[:100])
    record_access_many(request, students=shown, summary="Billing records")
    return render(
        request,
        "billing/students.html",
        {"title": "Students' billing records", "students": shown, "query": query},
    )


@login_required
def student(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    record = billing_student(user, student)
    profile = BillingProfile.objects.filter(student=record).first()
    initial = (
        {
            "medicaid_id": profile.medicaid_id,
            "consent_received": profile.consent_received,
            "consent_withdrawn": profile.consent_withdrawn,
            "prescription_date": profile.prescription_date,
        }
        if profile
        else {}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(actor=user, student=record, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the billing record of {record}.")
            return redirect("billing:students")
    record_access(request, obj=record, student_id=record.pk, summary="Billing record")
    return render(
        request,
        "billing/student.html",
        {"title": f"Billing record of {record}", "student": record, "form": form},
    )


@login_required
def providers(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = billing_district(user)
    form = CredentialForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_credential(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the credential of {saved.provider}.")
            return redirect("billing:providers")
    return render(
        request,
        "billing/providers.html",
        {
            "title": "Therapists' credentials",
            "form": form,
            "credentials": ProviderCredential.objects.filter(
                provider__district=district
            ).select_related("provider"),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A therapist's own sessions in the dates that cannot be billed, and why."""
    user = current_user(request)
    district = therapist_district(user)
    form, start, end = _range(request)
    services.ensure_default_codes(district=district)
    run = billing_run(district=district, start=start, end=end)
    problems = [p for p in run.problems if p.provider is not None and p.provider.pk == user.pk]
    record_access_many(
        request, students=[p.student for p in problems], summary="Sessions not billed"
    )
    return render(
        request,
        "billing/mine.html",
        {
            "title": "Your sessions that cannot be billed",
            "form": form,
            "run": run,
            "problems": problems,
        },
    )
