"""District plan runs on the web: the coordinator starts and watches them; each therapist
reviews and uses the plan proposed for them.

Who may see what: a run belongs to its district. The district's coordinator starts and
watches runs; a therapist of the district may not (403); anyone else gets 404. A proposed
plan is seen only by the therapist it was made for (404 for everyone else).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_therapist
from otdesk.core.dates import nice_date
from otdesk.core.forms import Form
from otdesk.core.http import current_user
from otdesk.core.times import DAY_NAMES, span
from otdesk.delivery.models import WEEK_WORDS
from otdesk.students.models import ServiceLine
from otdesk.students.permissions import served_students

from . import services
from .build import line_ids, line_pattern
from .models import PlanRun, PlanRunItem
from .permissions import get_run_proposal, run_district
from .plan_use_forms import announce_use, preview, starts_for, use_form
from .services import therapists_of, unfinished_run

Status = PlanRunItem.Status
BADGES = {
    Status.QUEUED: "badge-risk",
    Status.RUNNING: "badge-risk",
    Status.DONE: "badge-ok",
    Status.FAILED: "badge-behind",
}
SHOWN_RUNS = 20


class RunForm(Form):
    seconds_per_plan = forms.IntegerField(
        label="Seconds per plan",
        min_value=5,
        max_value=60,
        initial=10,
        help_text="How long to search for each therapist's week, from 5 to 60 seconds. "
        "Longer can place more minutes. Two plans are made at a time.",
        error_messages={
            "required": "Enter how many seconds to spend on each plan, from 5 to 60.",
            "invalid": "Enter a whole number of seconds, from 5 to 60.",
            "min_value": "Give each plan at least 5 seconds.",
            "max_value": "Give each plan at most 60 seconds.",
        },
    )


def _seconds(delta: dt.timedelta) -> str:
    total = round(delta.total_seconds())
    if total < 20:  # a tenth of a second, so short times and their ratio agree
        return f"{delta.total_seconds():.1f} s"
    if total < 60:
        return f"{total} s"
    return f"{total // 60} min {total % 60:02d} s"


@login_required
def district_runs(request: HttpRequest) -> HttpResponse:
    """The district's plan runs, newest first, and the button that starts one."""
    user = current_user(request)
    district = run_district(user)
    today = timezone.localdate()
    therapists = therapists_of(district, today=today)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        working = unfinished_run(district)
        if not therapists:
            form.add_error(
                None,
                "No therapist in the district has students yet, so there is nothing to plan. "
                "Assign students to an OT or COTA first.",
            )
        elif working is not None:
            form.add_error(
                None,
                "The plans started at "
                f"{timezone.localtime(working.created_at):%H:%M} are still being made. "
                "Wait for them to finish; their page shows the progress.",
            )
        else:
            run = services.start_run(
                district=district,
                actor=user,
                seconds_per_plan=form.cleaned_data["seconds_per_plan"],
            )
            messages.success(
                request,
                f"Making weekly plans for {len(therapists)} therapist"
                f"{'s' if len(therapists) != 1 else ''}. You can leave this page and come back.",
            )
            return redirect("scheduling:district_run", run_id=run.pk)
    plan_runs = (
        PlanRun.objects.filter(district=district)
        .select_related("started_by")
        .annotate(
            plans=Count("items"),
            ready=Count("items", filter=Q(items__status=Status.DONE)),
            failed=Count("items", filter=Q(items__status=Status.FAILED)),
        )[:SHOWN_RUNS]
    )
    return render(
        request,
        "scheduling/runs/list.html",
        {
            "title": "Weekly plans for the district's therapists",
            "form": form,
            "therapists": therapists,
            "runs": [
                {
                    "run": run,
                    "when": f"{nice_date(timezone.localtime(run.created_at).date())} "
                    f"{timezone.localtime(run.created_at):%H:%M}",
                }
                for run in plan_runs
            ],
        },
    )


@dataclass
class Row:
    item: PlanRunItem
    name: str
    status: str
    badge: str
    percent: int
    took: str
    explanations: list[str] = field(default_factory=list)


@login_required
def district_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run: each therapist's plan with its progress; refreshes itself while working."""
    user = current_user(request)
    if user.district_id is None:
        raise Http404("No such plan run in your district.")
    run = (
        PlanRun.objects.select_related("started_by", "job")
        .filter(pk=run_id, district_id=user.district_id)
        .first()
    )
    if run is None:
        raise Http404("No such plan run in your district.")
    run_district(user)
    now = timezone.now()
    items = list(run.items.select_related("provider"))
    rows = []
    plan_time = dt.timedelta()
    for item in items:
        took = ""
        if item.started_at:
            spent = (item.finished_at or now) - item.started_at
            plan_time += spent
            took = _seconds(spent)
        rows.append(
            Row(
                item=item,
                name=item.provider.display_name,
                status=item.get_status_display(),
                badge=BADGES[Status(item.status)],
                percent=round(100 * item.placed_minutes / item.total_minutes)
                if item.total_minutes
                else 0,
                took=took,
                explanations=list(item.explanations),
            )
        )
    working = any(item.status in (Status.QUEUED, Status.RUNNING) for item in items)
    elapsed = (run.finished_at or now) - run.created_at
    speedup = plan_time / elapsed if elapsed.total_seconds() >= 1 else 0.0
    started = timezone.localtime(run.created_at)
    context = {
        "title": f"Weekly plans of {nice_date(started.date())}",
        "run": run,
        "rows": rows,
        "working": working,
        "started": f"{nice_date(started.date())} {started:%H:%M}",
        "elapsed": _seconds(elapsed),
        "plan_time": _seconds(plan_time),
        "speedup": f"{speedup:.1f}" if speedup >= 1.05 and not working else "",
        "counts": {
            "ready": sum(1 for i in items if i.status == Status.DONE),
            "failed": sum(1 for i in items if i.status == Status.FAILED),
            "total": len(items),
        },
    }
    template = "scheduling/runs/run.html"
    if getattr(request, "htmx", False):
        template += "#progress"
    return render(request, template, context)


def _student_names(user: User, placements: list[list[Any]]) -> dict[str, str]:
    """Each placed activity's students, by name; only students still on the caseload."""
    keys = {str(row[0]) for row in placements}
    pks = {pk for key in keys for pk in line_ids(key)}
    lines = ServiceLine.objects.filter(
        pk__in=pks, iep__student__in=served_students(user)
    ).select_related("iep__student")
    by_pk = {line.pk: line.iep.student.full_name for line in lines}
    names = {}
    for key in keys:
        found = [by_pk[pk] for pk in line_ids(key) if pk in by_pk]
        names[key] = ", ".join(found) or "A student no longer on your caseload"
    return names


def _weeks_of(keys: list[str]) -> dict[str, str]:
    """Which weeks of the four-week cycle each proposed session runs, in words."""
    first = {key: ids[0] for key in keys if (ids := line_ids(key))}
    lines = ServiceLine.objects.in_bulk(set(first.values()))
    return {
        key: WEEK_WORDS.get(line_pattern(lines[pk])[2], "")
        for key, pk in first.items()
        if pk in lines
    }


@login_required
def proposal(request: HttpRequest, item_id: int) -> HttpResponse:
    """The week a district run proposed for this therapist; 'Use this plan' puts it into use
    from the date chosen (once its changes are shown) when it still keeps every rule with
    today's caseload."""
    user = current_user(request)
    item = get_run_proposal(user, item_id)
    today = timezone.localdate()
    made = timezone.localtime(item.run.created_at).date()
    form = use_form(user, today, "")
    status = 200
    if request.method == "POST":
        if item.applied_at is not None:
            messages.info(request, "You already use this plan.")
            return redirect("delivery:plan")
        form = use_form(user, today, "", request.POST)
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["previewed"] != form.cleaned_data["starts_on"]:
            starts = form.cleaned_data["starts_on"].isoformat()
            form = use_form(user, today, "", {"starts_on": starts, "previewed": starts})
        else:
            try:
                use = services.use_run_item(
                    provider=user,
                    item=item,
                    starts_on=form.cleaned_data["starts_on"],
                    today=today,
                )
                if use is None:
                    messages.info(request, "You already use this plan.")
                    return redirect("delivery:plan")
            except services.PlanNoLongerFits:
                status = 409
            else:
                announce_use(request, use)
                return redirect("delivery:plan")
    shown: services.PlanUse | None = None
    problems: list[str] = []
    starts_on = starts_for(form)
    if item.applied_at is None and starts_on is not None:
        shown, problems = preview(user, item.placements, starts_on, today)
    names = _student_names(user, item.placements)
    weeks = _weeks_of([str(row[0]) for row in item.placements])
    rows = [
        {
            "day": DAY_NAMES[day],
            "time": span(start, minutes),
            "students": names[str(activity)],
            "minutes": minutes,
            "reason": reason,
            "weeks": weeks.get(str(activity), ""),
        }
        for activity, day, start, minutes, _school, reason in sorted(
            item.placements, key=lambda r: (r[1], r[2])
        )
    ]
    return render(
        request,
        "scheduling/runs/proposal.html",
        {
            "title": f"The plan proposed for you on {nice_date(made)}",
            "item": item,
            "rows": rows,
            "stale": bool(problems),
            "problems": problems,
            "use": shown,
            "form": form,
            "use_action": request.path,
            "coordinator": item.run.started_by.display_name,
            "applied": nice_date(timezone.localtime(item.applied_at).date())
            if item.applied_at
            else "",
        },
        status=409 if problems and request.method == "POST" else status,
    )


def notice_for(user: User) -> dict[str, object] | None:
    """The newest plan a run made for this therapist, when they have not used it yet."""
    if not is_therapist(user):
        return None
    item = (
        PlanRunItem.objects.filter(provider=user, status=Status.DONE)
        .select_related("run")
        .order_by("-run__created_at")
        .first()
    )
    if item is None or item.applied_at is not None:
        return None
    return {"item": item, "date": nice_date(timezone.localtime(item.run.created_at).date())}
