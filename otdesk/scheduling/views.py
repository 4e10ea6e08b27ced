import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import Role, User
from otdesk.core.dates import nice_date
from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.core.http import current_user
from otdesk.delivery.models import WEEK_WORDS
from otdesk.students.forms import DateInput

from . import services
from .build import build_instance
from .checker import violations
from .engine import Plan
from .feed import provider_calendar
from .models import CalendarFeed, PlanProposal


def _provider(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = current_user(request)
    if user.role not in (Role.OT, Role.COTA):
        raise Http404("Calendar feeds are for therapists.")
    return user


@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    user = _provider(request)
    feed = CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).first()
    url = request.build_absolute_uri(f"/calendar/{feed.token}.ics") if feed else ""
    return render(
        request, "scheduling/feed.html", {"title": "Your calendar feed", "feed": feed, "url": url}
    )


@login_required
@require_POST
def new_feed(request: HttpRequest) -> HttpResponse:
    """Make a new secret URL; any earlier one stops working."""
    user = _provider(request)
    services.new_feed(actor=user)
    messages.success(
        request, "Here is your new calendar link. Any earlier link has stopped working."
    )
    return redirect("scheduling:feed")


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    user = _provider(request)
    services.revoke_feed(actor=user)
    messages.success(request, "Your calendar link no longer works.")
    return redirect("scheduling:feed")


def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar apps cannot), the secret token is the key."""
    feed = (
        CalendarFeed.objects.select_related("person__district")
        .filter(token=token, revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    body = provider_calendar(feed.person, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


# Using a plan (the generator's proposal or a district run's) ------------------------------


class UseForm(SaneDatesMixin, Form):
    """When a plan starts. The changes for that date are shown before it is used."""

    starts_on = forms.DateField(
        label="Starts on",
        widget=DateInput(),
        help_text="Your plan as it is runs until the day before, so today’s sessions stay "
        "as they are.",
        error_messages={
            "required": "Enter the date the new plan starts.",
            "invalid": "Enter the date the new plan starts, such as 2026-12-07.",
        },
    )
    previewed = forms.DateField(required=False, widget=forms.HiddenInput)
    made = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        district = user.district
        self.last = district.school_year_end if district is not None else None

    def clean_starts_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["starts_on"]
        if day <= self.today:
            raise ValidationError(
                f"Choose a date after today ({nice_date(self.today)}): today's sessions stay "
                "as they are."
            )
        if self.last is not None and day > self.last:
            raise ValidationError(
                f"Choose a date in this school year, which ends {nice_date(self.last)}."
            )
        return day


def use_form(user: User, today: dt.date, made: str, data: Any = None) -> UseForm:
    start = services.first_start(user, today=today)
    return UseForm(
        data,
        user=user,
        today=today,
        initial={"starts_on": start, "previewed": start, "made": made},
    )


def preview(
    user: User,
    rows: list[list],
    starts_on: dt.date,
    today: dt.date,  # type: ignore[type-arg]
) -> tuple[services.PlanUse | None, list[str]]:
    """What using the plan from starts_on would do (a dry run of the real thing), or the
    rules it now breaks."""
    try:
        use = services.use_plan(
            provider=user,
            placements=services.placements_of(rows),
            starts_on=starts_on,
            today=today,
            dry_run=True,
        )
    except services.PlanNoLongerFits as exc:
        return None, exc.problems
    return use, []


def announce_use(request: HttpRequest, use: services.PlanUse) -> None:
    """After 'Use this plan': what changed, in messages on the next page."""
    messages.success(
        request,
        f"Your weekly plan now has {use.created} generated sessions from "
        f"{nice_date(use.starts_on)}; your earlier plan runs until "
        f"{nice_date(use.last_old_day)}.",
    )
    if use.moved:
        messages.info(
            request,
            f"{len(use.moved)} date{'s' if len(use.moved) != 1 else ''} got "
            f"{'their' if len(use.moved) != 1 else 'its'} own time because of a one-off "
            "meeting or session: " + " ".join(change.words for change in use.moved),
        )
    for text in [c.words for c in use.unkept] + use.weekly_problems + use.not_started:
        messages.warning(request, text)


def starts_for(form: UseForm) -> dt.date | None:
    """The date the page previews: the one asked for, or the default."""
    if form.is_bound:
        return form.cleaned_data.get("starts_on") if form.is_valid() else None
    start: dt.date = form.initial["starts_on"]
    return start


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
    user = _provider(request)
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
    user = _provider(request)
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
    user = _provider(request)
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
                    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][p.day],
                    "time": f"{p.start // 60:02d}:{p.start % 60:02d}",
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
