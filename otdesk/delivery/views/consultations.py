"""Consultations with the team: the list, one consultation, logging and voiding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.permissions import is_therapist
from otdesk.core import idempotency
from otdesk.core.audit import record_access_many
from otdesk.core.dates import nice_date
from otdesk.core.http import add_service_errors, current_user
from otdesk.students.permissions import served_students

from .. import services
from ..forms import ConsultationForm, VoidForm
from ..models import ConsultationLog
from ..permissions import get_consultation_for_user, shown_consultation_students
from ..queries import recent_consultations
from .common import form_problems, id_list, refreshable, saving, therapist


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    logs = recent_consultations(provider)
    shown = (entry.student for log in logs for entry in log.students.all())
    record_access_many(request, students=shown, summary="Listed your consultations")
    return render(
        request,
        "delivery/consultations.html",
        {
            "title": "Your consultations",
            "logs": logs,
            "void_form": VoidForm(),
        },
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation, for its provider and the OTs and COTAs of its students (the Team
    page links a concern it raised here)."""
    user = current_user(request)
    log = get_consultation_for_user(user, pk)
    shown = shown_consultation_students(
        user, log, log.students.select_related("student", "service_line")
    )
    record_access_many(
        request,
        obj=log,
        students=(entry.student for entry in shown.rows),
        summary="Read the consultation",
    )
    return render(
        request,
        "delivery/consultation_detail.html",
        {
            "title": f"Consultation on {nice_date(log.date)}",
            "log": log,
            "about": shown.rows,
            "others": shown.hidden,
            "withheld": not shown.whole,
            "team_link": is_therapist(user),
            "can_void": log.provider_id == user.pk,
            "void_form": VoidForm(),
        },
    )


@login_required
def log_consultation(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    caseload = served_students(provider)
    source = request.POST if request.method == "POST" else request.GET
    chosen = list(caseload.filter(pk__in=id_list(source, "students", "student")))
    form = refreshable(
        request,
        ConsultationForm,
        initial={"date": timezone.localdate(), "students": chosen, "method": "in_person"},
        caseload=caseload,
        chosen=chosen,
    )
    if saving(request) and form.is_valid():
        data = form.cleaned_data
        try:
            done = idempotency.once(
                user=provider,
                key=request.POST.get(idempotency.FIELD),
                scope="delivery.consultation",
                sent=idempotency.fingerprint(request.POST),
                run=lambda: services.log_consultation(
                    actor=provider,
                    date=data["date"],
                    minutes=data["minutes"],
                    with_whom=data["with_whom"],
                    method=data["method"],
                    students=list(data["students"]),
                    strategies=list(data["strategies"]),
                    discussed=data["discussed"],
                    new_concerns=data["new_concerns"],
                    follow_up=data["follow_up"],
                ),
                keep=lambda log: {"consultation": log.pk},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            log = ConsultationLog.objects.get(pk=done.result["consultation"], provider=provider)
            if done.repeated:
                messages.info(request, f"Already logged: {log}. The form was sent twice.")
            else:
                messages.success(request, f"Logged: {log}.")
            return redirect("delivery:consultations")
    return render(
        request,
        "delivery/consultation_form.html",
        {"title": "Log a consultation", "form": form},
        status=400 if saving(request) else 200,
    )


@login_required
@require_POST
def void_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    provider = therapist(request)
    log = get_object_or_404(ConsultationLog, pk=pk, provider=provider)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_consultation(actor=provider, log=log, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Voided. The entry stays listed but no longer counts.")
    else:
        messages.error(request, form_problems(form))
    return redirect("delivery:consultations")
