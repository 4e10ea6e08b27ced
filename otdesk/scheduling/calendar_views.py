"""Week calendars of the weekly plan: a therapist's own week (drag to move, lock, re-solve),
a school's week and a classroom's week, all printable on one landscape page. Moving and
locking a session: move_views.py; the grid: calendar_grid.py."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.accounts.permissions import THERAPIST_ROLES, is_therapist
from otdesk.core.audit import record_access_many
from otdesk.core.dates import nice_date
from otdesk.core.http import current_user

from . import rules
from .calendar_grid import (
    Card,
    Day,
    Week,
    build_week,
    classroom_plans,
    default_week_day,
    default_week_start,
    plans_in_week,
    provider_week,
    students_shown,
)
from .permissions import (
    classrooms_visible_to,
    get_classroom_for_user,
    get_school_for_user,
    is_class_teacher,
    schools_visible_to,
    therapist_for_week,
)

_default_day = default_week_day
_default_start = default_week_start


def _week_start(request: HttpRequest, today: dt.date) -> dt.date:
    text = request.GET.get("week")
    day = _default_day(today)
    if text:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise Http404("That is not a date.") from exc
    if abs((day - today).days) > 5 * 366:
        raise Http404("Choose a week within five years of today.")
    return day - dt.timedelta(days=day.weekday())


def _pager(week_start: dt.date, today: dt.date) -> dict[str, dt.date]:
    return {
        "previous": week_start - dt.timedelta(days=7),
        "next": week_start + dt.timedelta(days=7),
        "this_week": _default_day(today),
    }


def _render_week(
    request: HttpRequest,
    *,
    title: str,
    week: Week,
    today: dt.date,
    teacher: User | None = None,
    **extra: Any,
) -> HttpResponse:
    this_week = week.start == _default_start(today)
    shown = students_shown(week, teacher=teacher)
    record_access_many(request, students=shown, summary=f"Calendar: {title}")
    return render(
        request,
        "scheduling/calendar/week.html",
        {
            "title": title,
            "week": week,
            "today": today,
            "is_this_week": this_week,
            "week_words": f"{nice_date(week.start, year=False)} to {nice_date(week.end)}",
            **_pager(week.start, today),
            **extra,
        },
    )


# Pages -----------------------------------------------------------------------------------


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    """Which week calendars the person can open."""
    user = current_user(request)
    schools = list(schools_visible_to(user).order_by("name"))
    classrooms = list(
        classrooms_visible_to(user).select_related("school").order_by("school__name", "name")
    )
    if not is_therapist(user) and not schools and not classrooms:
        raise Http404("There is no schedule for you to see.")
    return render(
        request,
        "scheduling/calendar/index.html",
        {
            "title": "Schedules",
            "own_week": is_therapist(user),
            "schools": schools,
            "classrooms": classrooms,
        },
    )


@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    user = therapist_for_week(current_user(request))
    today = timezone.localdate()
    week_start = _week_start(request, today)
    week = provider_week(user, week_start)
    _mark_problems(week, user, today)
    this_week = week_start == _default_start(today)
    return _render_week(
        request,
        title="Your week" if this_week else f"Your week of {nice_date(week_start)}",
        week=week,
        today=today,
        editor=True,
        schools=list(schools_visible_to(user).order_by("name")),
        back=request.get_full_path(),
    )


def _mark_problems(week: Week, user: User, today: dt.date) -> None:
    """Flag the sessions from today on that break a rule on their date as things stand
    (e.g. a protected time or an unavailable time entered after the plan was made, or a
    one-off meeting), so the therapist sees what to move without generating again."""
    cards = [
        (day, card)
        for day in week.days
        if day.open and day.date >= today
        for card in day.cards
        if card.planned is not None and card.editable
    ]
    by_school: dict[int, list[tuple[Day, Card]]] = {}
    for day, card in cards:
        assert card.planned is not None
        by_school.setdefault(card.planned.school_id, []).append((day, card))
    for pairs in by_school.values():
        first = pairs[0][1].planned
        assert first is not None
        planned = [c.planned for _, c in pairs if c.planned is not None]
        students = list({s.pk: s for p in planned for s in p.students.all()}.values())
        ctx = rules.load_context(provider=user, students=students, school=first.school, today=today)
        for day, card in pairs:
            plan = card.planned
            assert plan is not None
            card.problems = rules.check(
                ctx, rules.planned_proposal(plan, plan.weekday, plan.start, day.date), today=today
            )


@login_required
def school_week(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    school = get_school_for_user(user, pk)
    today = timezone.localdate()
    week_start = _week_start(request, today)
    plans = plans_in_week(week_start).filter(school=school, provider__role__in=THERAPIST_ROLES)
    week = build_week(
        plans=plans,
        week_start=week_start,
        district=school.district,
        schools=[school.pk],
        show_provider=True,
    )
    return _render_week(
        request,
        title=f"OT at {school.name}, week of {nice_date(week_start)}",
        week=week,
        today=today,
    )


@login_required
def classroom_week(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    classroom = get_classroom_for_user(user, pk)
    today = timezone.localdate()
    week_start = _week_start(request, today)
    teacher = user if is_class_teacher(user) else None
    week = build_week(
        plans=classroom_plans(classroom, week_start),
        week_start=week_start,
        district=classroom.school.district,
        schools=[classroom.school_id],
        teacher=teacher,
        show_provider=True,
    )
    return _render_week(
        request,
        teacher=teacher,
        title=f"OT in {classroom.name}, week of {nice_date(week_start)}",
        week=week,
        today=today,
        lede="Sessions with students of this class, and therapists working in the room.",
    )
