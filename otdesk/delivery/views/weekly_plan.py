"""The weekly plan: the list of recurring sessions and the form to add or change one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otdesk.core.http import add_service_errors
from otdesk.students.permissions import served_students

from .. import services
from ..forms import PlannedSessionForm
from ..queries import weekly_plan
from .common import planned_for, therapist


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    week_days = weekly_plan(provider, timezone.localdate())
    return render(
        request,
        "delivery/plan_list.html",
        {
            "title": "Your weekly plan",
            "week_days": week_days,
            "count": sum(len(rows) for _, rows in week_days),
        },
    )


@login_required
def plan_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a planned session, or change one. The form builds the record from what was
    typed; save_planned_session checks, full_cleans and saves it."""
    provider = therapist(request)
    caseload = served_students(provider)
    if pk is None:
        form = PlannedSessionForm(
            request.POST or None,
            initial={"active_from": timezone.localdate()},
            caseload=caseload,
        )
        title, button = "Add to your weekly plan", "Add to plan"
    else:
        planned = planned_for(provider, pk)
        form = PlannedSessionForm(request.POST or None, instance=planned, caseload=caseload)
        title, button = "Change a planned session", "Save planned session"
    if request.method == "POST" and form.is_valid():
        try:
            services.save_planned_session(
                actor=provider, planned=form.instance, students=list(form.cleaned_data["students"])
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved: {form.instance}.")
            return redirect("delivery:plan")
    return render(
        request,
        "delivery/plan_form.html",
        {"title": title, "button": button, "form": form},
        status=400 if request.method == "POST" else 200,
    )
