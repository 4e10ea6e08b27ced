"""Planning the next session: pick goals, get activities that fit the delivery model, save
the plan; and the saved plan's page (a session is logged from it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from otdesk.activities.queries import SETTING_FOR_SESSION, find_activities
from otdesk.core.http import add_service_errors
from otdesk.students.permissions import served_students

from .. import services
from ..forms import PlanForm
from ..models import SessionPlan, SessionType
from ..queries import goals_in_force
from .common import id_list, refreshable, saving, therapist


@login_required
def plan_session(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    caseload = served_students(provider)
    source = request.POST if request.method == "POST" else request.GET
    chosen = list(caseload.filter(pk__in=id_list(source, "students", "student")))
    goals = goals_in_force(chosen)
    picked = set(id_list(source, "goals"))
    picked_goals = [goal for goal in goals if goal.pk in picked] or list(goals)
    session_type = source.get("session_type") or SessionType.PUSH_IN
    setting = SETTING_FOR_SESSION.get(session_type, "class")
    suggestions = (
        find_activities(provider, setting=setting, goals=picked_goals) if picked_goals else []
    )
    form = refreshable(
        request,
        PlanForm,
        initial={"students": chosen, "goals": picked_goals, "session_type": session_type},
        caseload=caseload,
        goals=goals,
        suggestions=suggestions,
    )
    if saving(request) and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.save_session_plan(
                actor=provider,
                students=list(data["students"]),
                goals=list(data["goals"]),
                session_type=data["session_type"],
                activities=list(data["activities"]),
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Plan saved. Log the session from it when it is done.")
            return redirect("delivery:plan_detail", pk=plan.pk)
    return render(
        request,
        "delivery/plan_session.html",
        {"title": "Plan the next session", "form": form, "suggestions": suggestions},
        status=400 if saving(request) else 200,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = therapist(request)
    plan = get_object_or_404(
        SessionPlan.objects.prefetch_related("students", "goals", "activities"),
        pk=pk,
        provider=provider,
    )
    return render(request, "delivery/plan_detail.html", {"title": str(plan), "plan": plan})
