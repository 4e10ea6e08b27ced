"""Pages of the make-up planner: open times for an owed miss, book one, cancel a booking."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.http import current_user
from otdesk.delivery import services as delivery
from otdesk.delivery.models import MissedSession

from . import makeup
from .permissions import get_booked_makeup, get_miss_to_make_up


def _render(
    request: HttpRequest, user: User, miss: MissedSession, *, error: str = ""
) -> HttpResponse:
    now = timezone.localtime()
    options = makeup.options_for(miss, provider=user, today=now.date(), now=now.time())
    return render(
        request,
        "scheduling/makeup/plan.html",
        {
            "title": f"Plan a make-up for {miss.student.full_name}",
            "miss": miss,
            "options": options,
            "target": options.target,
            "error": error,
        },
        status=409 if error else 200,
    )


@login_required
def plan(request: HttpRequest, miss_id: int) -> HttpResponse:
    user = current_user(request)
    return _render(request, user, get_miss_to_make_up(user, miss_id))


def _posted_slot(request: HttpRequest) -> tuple[dt.date, dt.time]:
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
        start = dt.time.fromisoformat(request.POST.get("start", ""))
    except ValueError as exc:
        raise ValidationError("Choose one of the times listed.") from exc
    return day, start.replace(second=0, microsecond=0)


@login_required
@require_POST
def book(request: HttpRequest, miss_id: int) -> HttpResponse:
    user = current_user(request)
    miss = get_miss_to_make_up(user, miss_id)
    try:
        day, start = _posted_slot(request)
        planned = makeup.book_makeup(
            actor=user, miss=miss, day=day, start=start, today=timezone.localdate()
        )
    except ValidationError as exc:
        return _render(request, user, miss, error=" ".join(exc.messages))
    messages.success(
        request,
        f"Booked a make-up for {miss.student.full_name}: {nice_date(day)}, "
        f"{planned.start:%H:%M}–{planned.end:%H:%M} at {planned.school.short_name}. "
        "It is on your week below.",
    )
    return redirect(f"{reverse('delivery:week')}?week={day.isoformat()}")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    planned, miss = get_booked_makeup(user, pk)
    when = f"{nice_date(planned.active_from)} {planned.start:%H:%M}"
    try:
        delivery.cancel_makeup(actor=user, planned=planned)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Cancelled the make-up booked for {when}. Pick another time.")
    return redirect("scheduling:makeup_plan", miss_id=miss.pk)
