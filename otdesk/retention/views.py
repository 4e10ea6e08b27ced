"""The coordinator's pages for retention: a student's Destroy page (the legal hold, what
destruction would remove, the confirmation), the certificate it ends on, and the
district's list of destructions, each with a check of a family's certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.permissions import coordinated_district
from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors, current_user

from . import services
from .forms import CheckForm, DestroyForm, HoldForm
from .models import Destruction, in_words
from .permissions import get_destroyable_student


@login_required
def destroy(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    student = get_destroyable_student(user, pk)
    form = DestroyForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = services.destroy(
                actor=user,
                student=student,
                requested_on=data["requested_on"],
                request=data["request"],
                confirm_name=data["confirm_name"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "retention/certificate.html",
                {
                    "title": "Certificate of destruction",
                    "certificate": certificate,
                    "destruction": certificate.destruction,
                },
            )
    record_access(request, obj=student, student_id=student.pk, summary="Opened Destroy record")
    today = timezone.localdate()
    found, removed = services.preview(student)
    context = {
        "title": "Destroy the record",
        "student": student,
        "form": form,
        "hold": services.active_hold(student),
        "hold_form": HoldForm(),
        "blocked": services.why_not(student, today),
        "removed": in_words(removed),
        "shared": in_words(found.shared_counts()),
        "events": len(found.events),
        "files": found.files,
    }
    return render(request, "retention/destroy.html", context, status=status)


@login_required
@require_POST
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    student = get_destroyable_student(user, pk)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.place_hold(actor=user, student=student, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Legal hold placed: the record cannot be destroyed.")
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("retention:destroy", pk=student.pk)


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    student = get_destroyable_student(user, pk)
    try:
        services.lift_hold(actor=user, student=student)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Legal hold lifted.")
    return redirect("retention:destroy", pk=student.pk)


@login_required
def destructions(request: HttpRequest) -> HttpResponse:
    district = coordinated_district(current_user(request))
    rows = Destruction.objects.filter(district=district).select_related("destroyed_by")
    return render(
        request,
        "retention/destructions.html",
        {"title": "Records destroyed on request", "district": district, "rows": rows},
    )


@login_required
def destruction(request: HttpRequest, reference: str) -> HttpResponse:
    """One tombstone, and a check of a certificate against it (the name is not kept: the
    family's copy, with its code, is what matches the fingerprint)."""
    district = coordinated_district(current_user(request))
    found = get_object_or_404(Destruction, district=district, reference=reference)
    form = CheckForm(request.POST or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = services.fingerprint(
            data["code"].strip().lower(), " ".join(data["full_name"].split()), data["date_of_birth"]
        )
        verdict = sent == found.fingerprint
    return render(
        request,
        "retention/destruction.html",
        {
            "title": f"Destruction {found.reference}",
            "destruction": found,
            "form": form,
            "verdict": verdict,
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
