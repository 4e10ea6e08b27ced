"""Week calendars of the weekly plan: a therapist's own week (drag to move, lock, re-solve),
a school's week and a classroom's week, all printable on one landscape page."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from otdesk.accounts.models import Role, User
from otdesk.core.dates import nice_date
from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.core.http import current_user
from otdesk.delivery import services as delivery
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import PlannedSession
from otdesk.schools.models import BellBlock, District, Weekday
from otdesk.students.forms import DateInput
from otdesk.students.models import Student

from . import rules
from .calendar_permissions import (
    THERAPISTS,
    classrooms_visible_to,
    get_classroom_for_user,
    get_planned_for_user,
    get_school_for_user,
    schools_visible_to,
    therapist_for_week,
)
from .models import FixedTime

DAY_NAMES = [label for _, label in Weekday.choices]
SLOT = 5  # minutes per grid row
DROP_STEP = 15  # minutes per drop target when dragging
MAX_LANES = 4  # side-by-side columns for sessions at the same time
DEFAULT_HOURS = (7 * 60 + 30, 15 * 60 + 30)
# The rows calendar.css has classes for (cal-at-2 .. cal-at-MAX_ROW): 6:00 to 20:00.
MAX_ROW = 2 + (14 * 60) // SLOT
GRID_EARLIEST = 6 * 60
GRID_LATEST = GRID_EARLIEST + (MAX_ROW - 2) * SLOT


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# The week grid ---------------------------------------------------------------------------


@dataclass
class Card:
    """One thing placed on the grid: a planned session, or a meeting or protected time."""

    column: int  # 1..5, the day
    first: int  # minute of the day it starts
    length: int  # minutes
    time: str
    title: str
    lines: list[str]
    planned: PlannedSession | None = None
    reason: str = ""
    locked: bool = False
    kind: str = "session"  # "session" or "fixed"
    editable: bool = False
    lane: int = 1
    lanes: int = 1
    row: int = 0
    span: int = 1
    problems: list[str] = field(default_factory=list)  # rules it breaks on that date now

    @property
    def label(self) -> str:
        """What a screen reader hears for the card's links: which session they act on."""
        return f"{self.time} {self.title}"


@dataclass
class Day:
    date: dt.date
    column: int
    open: bool
    closed_reason: str
    cards: list[Card] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return DAY_NAMES[self.date.weekday()]


@dataclass
class Week:
    start: dt.date
    days: list[Day]
    times: list[dict[str, Any]]
    first: int
    last: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=4)

    @property
    def rows(self) -> int:
        """How many 5-minute rows the grid has below the day names."""
        return (self.last - self.first) // SLOT

    @property
    def count(self) -> int:
        return sum(1 for day in self.days for card in day.cards if card.kind == "session")


def _row(minute: int, first: int) -> int:
    return max(2, min(MAX_ROW, 2 + (minute - first) // SLOT))


def _assign_lanes(cards: list[Card]) -> None:
    """Side by side when sessions overlap (several therapists at one school, or a clash)."""
    cards.sort(key=lambda c: (c.first, -c.length))
    cluster: list[Card] = []
    cluster_end = -1
    ends: list[int] = []

    def close() -> None:
        lanes = min(MAX_LANES, max((c.lane for c in cluster), default=1))
        for c in cluster:
            c.lanes = lanes
            c.lane = min(c.lane, lanes)

    for card in cards:
        if cluster and card.first >= cluster_end:
            close()
            cluster, ends = [], []
        free = next((i for i, end in enumerate(ends) if end <= card.first), None)
        if free is None:
            ends.append(card.first + card.length)
            card.lane = len(ends)
        else:
            ends[free] = card.first + card.length
            card.lane = free + 1
        cluster.append(card)
        cluster_end = max(cluster_end, card.first + card.length)
    if cluster:
        close()


def _hours(schools: list[int], cards: list[Card]) -> tuple[int, int]:
    """From the earliest bell to the latest, on the half hour; wide enough for every card."""
    bells = list(BellBlock.objects.filter(school_id__in=schools).values_list("start", "end"))
    starts = [rules.minutes_of(start) for start, _ in bells] + [c.first for c in cards]
    ends = [rules.minutes_of(end) for _, end in bells] + [c.first + c.length for c in cards]
    if not bells:
        starts.append(DEFAULT_HOURS[0])
        ends.append(DEFAULT_HOURS[1])
    first = max(GRID_EARLIEST, min(starts) // 30 * 30)
    last = min(GRID_LATEST, -(-max(ends) // 30) * 30)
    return first, max(last, first + 60)


def _closed_days(district: District | None, week_start: dt.date) -> dict[dt.date, str]:
    if district is None:
        return {}
    cal = SchoolCalendar.for_district(district)
    names = dict(
        district.non_school_days.filter(
            date__range=(week_start, week_start + dt.timedelta(days=4))
        ).values_list("date", "name")
    )
    closed = {}
    for offset in range(5):
        day = week_start + dt.timedelta(days=offset)
        if not cal.is_school_day(day):
            closed[day] = names.get(day, "Outside the school year")
    return closed


def plans_in_week(week_start: dt.date) -> QuerySet[PlannedSession]:
    week_end = week_start + dt.timedelta(days=4)
    return (
        PlannedSession.objects.filter(active_from__lte=week_end)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=week_start))
        .select_related("school__district", "classroom", "provider")
        .prefetch_related(
            Prefetch(
                "students",
                queryset=Student.objects.select_related("classroom").order_by(
                    "last_name", "first_name"
                ),
            )
        )
    )


def _where(plan: PlannedSession) -> str:
    if plan.classroom is not None:
        room = f"Room {plan.classroom.room}" if plan.classroom.room else plan.classroom.name
    else:
        room = plan.get_location_display()
    return f"{room} · {plan.school.short_name}"


def _who(plan: PlannedSession, *, teacher: User | None) -> str:
    """Initials for staff; a teacher sees first names and last initials of their own class."""
    students = list(plan.students.all())
    if teacher is None:
        return ", ".join(s.initials for s in students) or "No students"
    own = [s for s in students if s.classroom is not None and s.classroom.teacher_id == teacher.pk]
    names = [f"{s.known_as} {s.last_name[:1]}." for s in own]
    others = len(students) - len(own)
    if others:
        names.append(f"{others} other student{'s' if others != 1 else ''}")
    return ", ".join(names) or "No students"


def build_week(
    *,
    plans: QuerySet[PlannedSession],
    week_start: dt.date,
    district: District | None,
    schools: list[int],
    editor: User | None = None,
    teacher: User | None = None,
    show_provider: bool = False,
    fixed: QuerySet[FixedTime] | None = None,
) -> Week:
    """The week's grid: every session active on each open day, placed by start and length."""
    closed = _closed_days(district, week_start)
    days = []
    all_cards: list[Card] = []
    plan_list = list(plans)
    fixed_list = list(fixed) if fixed is not None else []
    for offset in range(5):
        date = week_start + dt.timedelta(days=offset)
        day = Day(date, offset + 1, date not in closed, closed.get(date, ""))
        days.append(day)
        if not day.open:
            continue
        for plan in plan_list:
            if not plan.active_on(date):
                continue
            lines = [_who(plan, teacher=teacher), _where(plan), plan.get_session_type_display()]
            if plan.makeup_for_id:
                lines[2] += " · make-up"
            if plan.weeks != "1234":
                lines[2] += f" · weeks {', '.join(plan.weeks)} of 4"
            if show_provider:
                lines.insert(0, plan.provider.display_name)
            first = rules.minutes_of(plan.start)
            day.cards.append(
                Card(
                    column=day.column,
                    first=first,
                    length=plan.minutes,
                    time=f"{_hm(first)}–{_hm(first + plan.minutes)}",
                    title=lines[0],
                    lines=lines,
                    planned=plan,
                    reason="" if teacher is not None else plan.reason,
                    locked=plan.locked,
                    editable=editor is not None and plan.provider_id == editor.pk,
                )
            )
        for item in fixed_list:
            if item.weekday != date.weekday() or (item.date is not None and item.date != date):
                continue
            first, last = rules.minutes_of(item.start), rules.minutes_of(item.end)
            day.cards.append(
                Card(
                    column=day.column,
                    first=first,
                    length=last - first,
                    time=f"{_hm(first)}–{_hm(last)}",
                    title=item.title,
                    lines=[item.title, item.get_kind_display()],
                    kind="fixed",
                )
            )
        _assign_lanes(day.cards)
        all_cards.extend(day.cards)
    first, last = _hours(schools, all_cards)
    for card in all_cards:
        card.row = _row(card.first, first)
        card.span = max(1, min(48, -(-card.length // SLOT)))
    times = [{"label": _hm(m), "row": _row(m, first)} for m in range(first, last, 30)]
    for day in days:
        if day.open:
            day.slots = [
                {
                    "start": _hm(m),
                    "row": _row(m, first),
                    "label": f"{day.name} {_hm(m)}",
                    "half": m % 30 == 0,
                }
                for m in range(first, last, DROP_STEP)
            ]
    return Week(start=week_start, days=days, times=times, first=first, last=last)


def _default_day(today: dt.date) -> dt.date:
    """On a Saturday or Sunday the coming week is the one to plan and read."""
    return today + dt.timedelta(days=7 - today.weekday()) if today.weekday() > 4 else today


def _default_start(today: dt.date) -> dt.date:
    day = _default_day(today)
    return day - dt.timedelta(days=day.weekday())


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
    request: HttpRequest, *, title: str, week: Week, today: dt.date, **extra: Any
) -> HttpResponse:
    this_week = week.start == _default_start(today)
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
    if user.role not in THERAPISTS and not schools and not classrooms:
        raise Http404("There is no schedule for you to see.")
    return render(
        request,
        "scheduling/calendar/index.html",
        {
            "title": "Schedules",
            "own_week": user.role in THERAPISTS,
            "schools": schools,
            "classrooms": classrooms,
        },
    )


@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    user = therapist_for_week(current_user(request))
    today = timezone.localdate()
    week_start = _week_start(request, today)
    plans = plans_in_week(week_start).filter(provider=user)
    week_end = week_start + dt.timedelta(days=4)
    fixed = FixedTime.objects.filter(provider=user).filter(
        Q(date__isnull=True) | Q(date__range=(week_start, week_end))
    )
    school_ids = set(plans.values_list("school_id", flat=True)) | set(
        schools_visible_to(user).values_list("pk", flat=True)
    )
    week = build_week(
        plans=plans,
        week_start=week_start,
        district=user.district,
        schools=list(school_ids),
        editor=user,
        fixed=fixed,
    )
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
        students = list({s.pk: s for _, c in pairs for s in c.planned.students.all()}.values())  # type: ignore[union-attr]
        ctx = rules.load_context(provider=user, students=students, school=first.school, today=today)
        for day, card in pairs:
            plan = card.planned
            assert plan is not None
            card.problems = rules.check(
                ctx, _proposal(plan, plan.weekday, plan.start, day.date), today=today
            )


@login_required
def school_week(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    school = get_school_for_user(user, pk)
    today = timezone.localdate()
    week_start = _week_start(request, today)
    plans = plans_in_week(week_start).filter(school=school, provider__role__in=[Role.OT, Role.COTA])
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
    plans = (
        plans_in_week(week_start)
        .filter(provider__role__in=[Role.OT, Role.COTA])
        .filter(Q(students__classroom=classroom) | Q(classroom=classroom))
        .distinct()
    )
    week = build_week(
        plans=plans,
        week_start=week_start,
        district=classroom.school.district,
        schools=[classroom.school_id],
        teacher=user if user.role == Role.TEACHER else None,
        show_provider=True,
    )
    return _render_week(
        request,
        title=f"OT in {classroom.name}, week of {nice_date(week_start)}",
        week=week,
        today=today,
        lede="Sessions with students of this class, and therapists working in the room.",
    )


# Moving, checking and locking a session -------------------------------------------------


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


def _proposal(plan: PlannedSession, weekday: int, start: dt.time, on_date: dt.date | None):  # type: ignore[no-untyped-def]
    return rules.Proposal(
        provider=plan.provider,
        students=list(plan.students.all()),
        school=plan.school,
        session_type=plan.session_type,
        classroom=plan.classroom,
        weekday=weekday,
        start=start,
        minutes=plan.minutes,
        on_date=on_date,
        ignore=plan.pk,
        weeks=plan.weeks,
        # A weekly session of a plan that starts later moves from that date on.
        from_date=plan.active_from,
    )


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
    found = rules.problems(_proposal(plan, weekday, start, on_date), today=timezone.localdate())
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
        begins = start.hour * 60 + start.minute
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
        found = rules.problems(_proposal(plan, weekday, start, on_date), today=today)
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
                when = f"{DAY_NAMES[moved.weekday]}s" if on_date is None else nice_date(on_date)
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
