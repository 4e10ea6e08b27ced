import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import Role
from otdesk.core.dates import nice_date
from otdesk.core.http import current_user
from otdesk.delivery.models import WEEK_WORDS

from .engine import Placement, Plan
from .feed import provider_calendar
from .models import CalendarFeed


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
    with transaction.atomic():
        CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(person=user)
    messages.success(
        request, "Here is your new calendar link. Any earlier link has stopped working."
    )
    return redirect("scheduling:feed")


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    user = _provider(request)
    CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
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


@login_required
def generate(request: HttpRequest) -> HttpResponse:
    """Build the week with CP-SAT and show it; 'Use this plan' replaces the weekly plan."""
    from .build import apply_plan, build_instance
    from .checker import violations
    from .cpsat import solve_cpsat
    from .runs import named_explanations

    user = _provider(request)
    today = timezone.localdate()
    started = time.perf_counter()
    built = build_instance(user, today=today)
    shown = None
    if request.method == "POST":
        # Use exactly the plan the therapist saw (signed into the form), if it still keeps
        # every rule; an old or altered form gets a fresh plan to look at instead.
        try:
            shown = signing.loads(
                request.POST.get("plan", ""), salt=PLAN_SALT, max_age=PLAN_MAX_AGE
            )
        except signing.BadSignature:
            messages.warning(
                request, "That proposal is too old to use. Here is a fresh one: check it again."
            )
    if shown is not None:
        plan = Plan(placements=[Placement(*row) for row in shown], unplaced={}, status="shown")
    else:
        plan = solve_cpsat(built.instance, seconds=SOLVE_SECONDS, seed=1, workers=2)
    problems = violations(built.instance, plan)
    if shown is not None and not problems:
        count = apply_plan(provider=user, built=built, plan=plan, today=today)
        messages.success(request, f"Your weekly plan now has {count} generated sessions.")
        return redirect("delivery:plan")
    if shown is not None:
        messages.warning(
            request,
            "Your caseload or schedule changed since that proposal, so it no longer fits. "
            "Here is a fresh one.",
        )
        plan = solve_cpsat(built.instance, seconds=SOLVE_SECONDS, seed=1, workers=2)
        problems = violations(built.instance, plan)
    token = signing.dumps(
        [[p.activity, p.day, p.start, p.minutes, p.school, p.reason] for p in plan.placements],
        salt=PLAN_SALT,
        compress=True,
    )
    names = {
        key: ", ".join(line.iep.student.full_name for line in unit)
        for key, unit in built.lines.items()
    }
    weeks = {a.key: a.weeks for a in built.instance.activities}
    rows = sorted(
        ((p.day, p.start, names.get(p.activity, p.activity), p) for p in plan.placements),
        key=lambda r: (r[0], r[1]),
    )
    total = sum(a.weekly_minutes for a in built.instance.activities)
    return render(
        request,
        "scheduling/generate.html",
        {
            "title": "Generate your weekly plan",
            "rows": [
                {
                    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][day],
                    "time": f"{start // 60:02d}:{start % 60:02d}",
                    "student": name,
                    "minutes": p.minutes,
                    "reason": p.reason,
                    "weeks": WEEK_WORDS.get(weeks.get(p.activity, "1234"), ""),
                }
                for day, start, name, p in rows
            ],
            "placed": plan.placed_minutes(),
            "total": total,
            "explanations": named_explanations(built, plan),
            "problems": problems,
            "status": STATUS_WORDS.get(plan.status.split(" ")[0], plan.status),
            "gap": round(100 * plan.gap, 1) if plan.bound else None,
            "token": token,
            "meetings": _meetings_in_the_way(user, built, plan, names, today),
            "seconds": f"{time.perf_counter() - started:.1f}",
            "limit": SOLVE_SECONDS,
        },
    )


SOLVE_SECONDS = 5
PLAN_SALT = "otdesk.scheduling.proposal"
PLAN_MAX_AGE = 3600  # seconds a proposal can wait before it must be made again
STATUS_WORDS = {
    "optimal": "the best plan possible",
    "feasible": "the best plan found in the time given",
    "greedy": "the first-fit plan, which placed more than the optimiser in the time given",
    "shown": "the plan you saw",
}


def _meetings_in_the_way(user, built, plan: Plan, names: dict[str, str], today):  # type: ignore[no-untyped-def]
    """The weekly plan is the same every week; a one-off meeting on a date may fall on one
    of its sessions. Say which, so the therapist can move that day's session."""
    from otdesk.delivery.models import cycle_week

    from .models import FixedTime

    district = user.district
    weeks = {a.key: a.weeks for a in built.instance.activities}
    found = []
    for meeting in FixedTime.objects.filter(provider=user, date__gte=today).order_by(
        "date", "start"
    ):
        if meeting.date is None:
            continue
        begins = meeting.start.hour * 60 + meeting.start.minute
        ends = meeting.end.hour * 60 + meeting.end.minute
        week = str(cycle_week(district.school_year_start, meeting.date)) if district else "1"
        for p in plan.placements:
            if (
                p.day == meeting.date.weekday()
                and p.start < ends
                and begins < p.end
                and week in weeks.get(p.activity, "1234")
            ):
                found.append(
                    f"{nice_date(meeting.date)}, {meeting.title} "
                    f"{meeting.start:%H:%M}–{meeting.end:%H:%M}: "
                    f"{names.get(p.activity, p.activity)} at {p.start // 60:02d}:"
                    f"{p.start % 60:02d} that day"
                )
    return found
