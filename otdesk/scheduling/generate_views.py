"""The generator: a therapist's proposed week, solved on POST ('Make a plan') and kept until
used or dropped; a GET only shows the stored proposal and what using it would change."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.http import current_user
from otdesk.core.times import DAY_NAMES, hhmm
from otdesk.delivery.models import WEEK_WORDS

from . import services
from .build import build_instance
from .checker import violations
from .engine import Plan
from .models import PlanProposal
from .permissions import feed_owner
from .plan_use_forms import UseForm, announce_use, preview, starts_for, use_form

# The generator ------------------------------------------------------------------------

STATUS_WORDS = {
    "optimal": "the best plan possible",
    "feasible": "the best plan found in the time given",
    "greedy": "the first-fit plan, which placed more than the optimiser in the time given",
}


def _made(proposal: PlanProposal) -> str:
    return proposal.created_at.isoformat()


@login_required
def generate(request: HttpRequest) -> HttpResponse:
    """The therapist's proposed week, kept until used or dropped; 'Make a plan' (POST)
    solves it again from what is entered today."""
    user = feed_owner(current_user(request))
    today = timezone.localdate()
    if request.method == "POST":
        before = PlanProposal.objects.filter(provider=user).first()
        proposal = services.make_proposal(provider=user, today=today)
        if (
            before is not None
            and before.fingerprint == proposal.fingerprint
            and before.placements == proposal.placements
        ):
            messages.info(
                request,
                "Nothing the plan is made from has changed since the last proposal, so "
                "the plan is the same.",
            )
        else:
            messages.success(
                request,
                f"Here is your proposed plan: {proposal.placed_minutes} of "
                f"{proposal.total_minutes} minutes a week placed. Nothing changes until you "
                "use it.",
            )
        return redirect("scheduling:generate")
    kept = PlanProposal.objects.filter(provider=user).first()
    form = use_form(user, today, _made(kept) if kept else "")
    return _generator_page(request, user, kept, form, today)


@login_required
@require_POST
def use_proposal(request: HttpRequest) -> HttpResponse:
    """'Use this plan': from the date chosen, once its changes have been shown."""
    user = feed_owner(current_user(request))
    today = timezone.localdate()
    proposal = PlanProposal.objects.filter(provider=user).first()
    if proposal is None:
        return _gone(request)
    form = use_form(user, today, _made(proposal), request.POST)
    if not form.is_valid():
        return _generator_page(request, user, proposal, form, today, status=400)
    if form.cleaned_data["made"] != _made(proposal):
        messages.warning(
            request, "A newer plan was made since that page was opened: check it, then use it."
        )
        return _generator_page(
            request, user, proposal, use_form(user, today, _made(proposal)), today
        )
    starts_on = form.cleaned_data["starts_on"]
    if form.cleaned_data["previewed"] != starts_on:
        # Show what this start date changes before anything is changed.
        shown = use_form(
            user,
            today,
            _made(proposal),
            {
                "starts_on": starts_on.isoformat(),
                "previewed": starts_on.isoformat(),
                "made": _made(proposal),
            },
        )
        return _generator_page(request, user, proposal, shown, today)
    try:
        use = services.use_proposal(
            provider=user, proposal=proposal, starts_on=starts_on, today=today
        )
    except services.PlanNoLongerFits:
        return _generator_page(request, user, proposal, form, today, status=409)
    except services.ProposalGone:
        return _gone(request)
    announce_use(request, use)
    return redirect("delivery:plan")


def _gone(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request, "That proposal was already used or dropped. Make a plan to see a new one."
    )
    return redirect("scheduling:generate")


@login_required
@require_POST
def drop_proposal(request: HttpRequest) -> HttpResponse:
    user = feed_owner(current_user(request))
    if services.drop_proposal(provider=user):
        messages.success(request, "Dropped the proposal. Your weekly plan is as it was.")
    return redirect("scheduling:generate")


def _generator_page(
    request: HttpRequest,
    user: User,
    proposal: PlanProposal | None,
    form: UseForm,
    today: dt.date,
    *,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"title": "Generate your weekly plan", "proposal": proposal}
    if proposal is not None:
        built = build_instance(user, today=today)
        rows = proposal.placements
        placements = services.placements_of(rows)
        names = {
            key: ", ".join(line.iep.student.full_name for line in unit)
            for key, unit in built.lines.items()
        }
        weeks = {a.key: a.weeks for a in built.instance.activities}
        starts_on = starts_for(form)
        use: services.PlanUse | None = None
        problems: list[str] = []
        if starts_on is not None:
            use, problems = preview(user, rows, starts_on, today)
        else:
            problems = violations(
                built.instance, Plan(placements=placements, unplaced={}, status="shown")
            )
        made = timezone.localtime(proposal.created_at)
        context |= {
            "rows": [
                {
                    "day": DAY_NAMES[p.day],
                    "time": hhmm(p.start),
                    "student": names.get(p.activity, "A student no longer on your caseload"),
                    "minutes": p.minutes,
                    "reason": p.reason,
                    "weeks": WEEK_WORDS.get(weeks.get(p.activity, "1234"), ""),
                }
                for p in sorted(placements, key=lambda p: (p.day, p.start, p.activity))
            ],
            "status": STATUS_WORDS.get(proposal.status.split(" ")[0], proposal.status),
            "gap": round(100 * proposal.gap, 1) if proposal.gap is not None else None,
            "made": f"{nice_date(made.date())} at {made:%H:%M}",
            "seconds": f"{proposal.seconds:.1f}",
            "changed": proposal.fingerprint != services.inputs_fingerprint(built),
            "problems": problems,
            "use": use,
            "form": form,
            "use_url": "scheduling:use_proposal",
        }
    return render(request, "scheduling/generate.html", context, status=status)
