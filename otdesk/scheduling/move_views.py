"""Moving, checking and locking a session of the therapist's weekly plan from the week
calendar. The rules are checked here (scheduling.rules); delivery.services stores it."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from otdesk.core.dates import nice_date
from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.core.http import current_user
from otdesk.core.times import DAY_NAMES, DAY_PLURALS, minutes_of
from otdesk.delivery import services as delivery
from otdesk.delivery.models import PlannedSession
from otdesk.schools.models import Weekday
from otdesk.students.forms import DateInput

from . import rules
from .permissions import get_planned_for_user


def _is_one_off(plan: PlannedSession) -> bool:
    return plan.active_until is not None and plan.active_from == plan.active_until


def _parse_day(text: str, plan: PlannedSession) -> tuple[int, dt.date | None]:
    """'0'..'4' (a weekday) or a date: the weekday, and for a one-off session its date."""
    text = text.strip()
    if text in {"0", "1", "2", "3", "4"}:
        weekday = int(text)
        if _is_one_off(plan):
            return weekday, plan.active_from + dt.timedelta(
                days=weekday - plan.active_from.weekday()
            )
        return weekday, None
    day = dt.date.fromisoformat(text)
    if day.weekday() > 4:
        raise ValueError("weekend")
    return day.weekday(), day if _is_one_off(plan) else None


def _parse_start(text: str) -> dt.time:
    return dt.datetime.strptime(text.strip(), "%H:%M").time()


@login_required
@require_GET
def check_move(request: HttpRequest, pk: int) -> JsonResponse:
    """Whether the session would keep every rule at another day and time (for dragging)."""
    user = current_user(request)
    plan = get_planned_for_user(user, pk, write=True)
    try:
        weekday, on_date = _parse_day(request.GET.get("day", ""), plan)
        start = _parse_start(request.GET.get("start", ""))
    except ValueError:
        return JsonResponse(
            {"ok": False, "problems": ["Give a school day and a start time such as 09:30."]},
            status=400,
        )
    found = rules.problems(
        rules.planned_proposal(plan, weekday, start, on_date), today=timezone.localdate()
    )
    return JsonResponse({"ok": not found, "problems": found})


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


EARLIEST, LATEST = 6 * 60, 18 * 60  # no session outside 06:00-18:00, whatever the rules say


class MoveForm(SaneDatesMixin, Form):
    day = forms.TypedChoiceField(
        label="Day",
        choices=Weekday.choices,
        coerce=int,
        help_text="Every week from today on.",
        error_messages={"required": "Choose the day.", "invalid_choice": "Choose a school day."},
    )
    date = forms.DateField(
        label="Date",
        widget=DateInput(),
        help_text="This make-up happens once, on this date.",
        error_messages={"required": "Enter the date.", "invalid": "Enter a date."},
    )
    start = forms.TimeField(
        label="Start",
        widget=TimeInput(),
        error_messages={"required": "Enter the start.", "invalid": "Enter a time such as 09:30."},
    )

    def __init__(self, *args: Any, plan: PlannedSession, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if _is_one_off(plan):
            del self.fields["day"]
        else:
            del self.fields["date"]
        self.fields["start"].help_text = f"The session keeps its {plan.minutes} minutes."
        self.minutes = plan.minutes

    def clean_start(self) -> dt.time:
        start: dt.time = self.cleaned_data["start"]
        begins = minutes_of(start)
        if start.second or start.microsecond or begins % 5:
            raise ValidationError("Start on a whole five minutes, such as 09:30 or 09:35.")
        if begins < EARLIEST or begins + self.minutes > LATEST:
            raise ValidationError(
                f"A {self.minutes}-minute session fits between 06:00 and 18:00; "
                "choose a start in the school day."
            )
        return start

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day.weekday() > 4:
            raise ValidationError("Choose a school day, Monday to Friday.")
        if day < self.today:
            raise ValidationError(f"Choose today ({nice_date(self.today)}) or a later date.")
        return day

    def placement(self) -> tuple[int, dt.time, dt.date | None]:
        data = self.cleaned_data
        if "date" in data:
            return data["date"].weekday(), data["start"], data["date"]
        return data["day"], data["start"], None


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def move_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a new day and time; any rule it breaks is shown first, saved only on 'Move
    anyway'; a move that keeps every rule is saved at once."""
    user = current_user(request)
    plan = get_planned_for_user(user, pk, write=True)
    today = timezone.localdate()
    back = _safe_next(request, reverse("scheduling:my_week"))
    one_off = _is_one_off(plan)
    initial: dict[str, Any] = {"start": plan.start.strftime("%H:%M")}
    if one_off:
        initial["date"] = plan.active_from
    else:
        initial["day"] = plan.weekday
    asked = request.method == "GET" and "start" in request.GET
    if asked:
        try:
            weekday, on_date = _parse_day(request.GET.get("day", str(plan.weekday)), plan)
            initial["start"] = _parse_start(request.GET["start"]).strftime("%H:%M")
            initial["day"] = weekday
            if on_date is not None:
                initial["date"] = on_date
        except ValueError:
            asked = False
    if request.method == "POST":
        form = MoveForm(request.POST, plan=plan, today=today)
    elif asked:
        # Arriving from a drop: check the dropped place at once.
        form = MoveForm(
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in initial.items()},
            plan=plan,
            today=today,
        )
    else:
        form = MoveForm(initial=initial, plan=plan, today=today)
    found: list[str] | None = None
    checked = ""
    if form.is_bound and form.is_valid():
        weekday, start, on_date = form.placement()
        checked = f"{weekday}|{start:%H:%M}|{on_date.isoformat() if on_date else ''}"
        found = rules.problems(rules.planned_proposal(plan, weekday, start, on_date), today=today)
        confirmed = request.POST.get("confirm") == checked
        if request.method == "POST" and (not found or confirmed):
            try:
                moved = delivery.move_planned_session(
                    actor=user,
                    planned=plan,
                    weekday=weekday,
                    start=start,
                    on_date=on_date,
                    today=today,
                )
            except ValidationError as exc:
                form.add_error(None, "; ".join(exc.messages))
                found = None
            else:
                when = DAY_PLURALS[moved.weekday] if on_date is None else nice_date(on_date)
                messages.success(
                    request,
                    f"Moved to {when} at {moved.start:%H:%M} and locked there, so a new "
                    "generated plan keeps it.",
                )
                return redirect(back)
    students = ", ".join(s.full_name for s in plan.students.all())
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "scheduling/calendar/move.html",
        {
            "title": "Move a session",
            "plan": plan,
            "students": students,
            "form": form,
            "problems": found,
            "checked": checked,
            "back": back,
            "one_off": one_off,
            "now": f"{DAY_NAMES[plan.weekday]} {plan.start:%H:%M}–{plan.end:%H:%M}",
        },
        status=status,
    )


@login_required
@require_POST
def lock_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock (kept where it is by the next generated plan) or unlock a session."""
    user = current_user(request)
    plan = get_planned_for_user(user, pk, write=True)
    locked = request.POST.get("locked") == "1"
    delivery.set_planned_lock(actor=user, planned=plan, locked=locked)
    messages.success(
        request,
        f"Locked: {plan}. A new generated plan keeps it where it is."
        if locked
        else f"Unlocked: {plan}. A new generated plan may move it.",
    )
    return redirect(_safe_next(request, reverse("scheduling:my_week")))
