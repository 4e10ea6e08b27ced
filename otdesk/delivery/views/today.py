"""Today: the week's planned sessions day by day, and logging one exactly as planned."""

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.core.dates import nice_date

from .. import services
from ..queries import week_worklist
from .common import CARD_TAG, card_url, open_makeup, parse_day, planned_for, tell_card, therapist


@login_required
def week(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    today = timezone.localdate()
    day = parse_day(request.GET.get("week"), today)
    if abs((day - today).days) > 5 * 366:
        raise Http404("Choose a week within five years of today.")
    week_start = day - dt.timedelta(days=day.weekday())
    days = week_worklist(provider, week_start, today)
    # Messages about a card go on the card; the rest (and any whose card is not on this
    # week's page, e.g. a miss recorded for another date) stay at the top.
    anchors = {item.anchor for _, _, items in days for item in items}
    page_messages: list[Message] = []
    card_messages: dict[str, list[Message]] = defaultdict(list)
    for message in messages.get_messages(request):
        tag, _, anchor = (message.extra_tags or "").partition(" ")
        if tag == CARD_TAG and anchor in anchors:
            card_messages[anchor].append(message)
        else:
            page_messages.append(message)
    this_week = week_start <= today < week_start + dt.timedelta(days=7)
    return render(
        request,
        "delivery/week.html",
        {
            "title": "Your week" if this_week else f"Week of {nice_date(week_start)}",
            "days": [
                (d, open_day, [(item, card_messages.get(item.anchor, [])) for item in items])
                for d, open_day, items in days
            ],
            "today": today,
            "todo": sum(1 for _, _, items in days for item in items if item.state == "todo"),
            # Sessions from earlier in the week still to log: a link from today's heading,
            # since the page opens at today.
            "earlier_todo": [
                item for d, _, items in days if d < today for item in items if item.state == "todo"
            ],
            "previous": week_start - dt.timedelta(days=7),
            "next": week_start + dt.timedelta(days=7),
            "week_start": week_start,
            "messages": page_messages,
        },
    )


@login_required
@require_POST
def quick_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a planned session exactly as planned: everyone present, targeted help given."""
    provider = therapist(request)
    planned = planned_for(provider, pk)
    day = parse_day(request.POST.get("date"), timezone.localdate())
    students = list(planned.students.all())
    # A booked make-up (scheduling's make-up planner) credits the miss it was booked for.
    makeup = open_makeup(planned)
    try:
        session = services.log_session(
            actor=provider,
            date=day,
            start=planned.start,
            minutes=planned.minutes,
            session_type=planned.session_type,
            location=planned.location,
            school=planned.school,
            planned=planned,
            attendees=[
                services.AttendeeEntry(
                    student=s,
                    makeup_for=makeup if makeup and makeup.student_id == s.pk else None,
                )
                for s in students
            ],
        )
    except ValidationError as exc:
        tell_card(request, messages.ERROR, " ".join(exc.messages), planned_id=pk, day=day)
    else:
        tell_card(
            request,
            messages.SUCCESS,
            f"Logged {session.minutes} min for {', '.join(s.full_name for s in students)} "
            f"on {nice_date(day)}. Sign the note now, or write it first from View note.",
            planned_id=pk,
            day=day,
        )
    return redirect(card_url(pk, day))
