import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.forms import BooleanField, Form, ModelMultipleChoiceField, MultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from otdesk.accounts.models import Role, User
from otdesk.activities.queries import SETTING_FOR_SESSION, activities_visible_to, find_activities
from otdesk.core.dates import nice_date
from otdesk.core.forms import picker
from otdesk.core.http import add_service_errors as _form_errors
from otdesk.core.http import current_user as _user
from otdesk.core.http import parse_id
from otdesk.schools.models import Weekday
from otdesk.students.models import IEP, Goal, Student, TeamMember
from otdesk.students.permissions import students_visible_to

from . import services
from .calendar import SchoolCalendar
from .compliance import AT_RISK, BEHIND, EXCUSED, ON_TRACK
from .forms import (
    AddendumForm,
    ConsultationForm,
    MissedForm,
    NoteForm,
    PlanForm,
    PlannedSessionForm,
    PolicyForm,
    SessionForm,
    VoidForm,
    attendee_entries,
    attendee_rows,
)
from .models import (
    Assistance,
    ConsultationLog,
    MissedSession,
    MissReason,
    PlannedSession,
    Session,
    SessionPlan,
    SessionType,
)
from .permissions import (
    SERVING_ROLES,
    get_consultation_for_user,
    get_session_for_user,
    get_student_to_serve,
    students_served_by,
)
from .policy import Policy
from .queries import card_anchor, compliance_rows, makeup_ledger, open_misses, week_worklist


def _provider(request: HttpRequest) -> User:
    """The signed-in OT or COTA; the delivery pages belong to providers only."""
    user = _user(request)
    if user.role not in (Role.OT, Role.COTA):
        raise Http404("Only therapists log sessions.")
    return user


def _coordinator(request: HttpRequest) -> User:
    user = _user(request)
    if user.role != Role.COORDINATOR or user.district is None:
        raise Http404("Only a district coordinator sees this page.")
    return user


def _parse_day(text: str | None, default: dt.date) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise Http404("That is not a date.") from exc


def _form(
    request: HttpRequest, form_class: type[Form], *, initial: dict[str, Any], **kwargs: Any
) -> Any:
    """The form bound to the POST, except when the user only pressed a refresh button
    ('Update students', 'Suggest activities'): then an unbound form that keeps what was
    typed, so no error shows before they save."""
    if request.method != "POST":
        return form_class(initial=initial, **kwargs)
    if "refresh" not in request.POST:
        return form_class(request.POST, initial=initial, **kwargs)
    kept: dict[str, Any] = {}
    for name, field in form_class(**kwargs).fields.items():
        if isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
            kept[name] = request.POST.getlist(name)
        elif isinstance(field, BooleanField):
            kept[name] = name in request.POST
        elif name in request.POST:
            kept[name] = request.POST.get(name)
    return form_class(initial={**initial, **kept}, **kwargs)


# The week -----------------------------------------------------------------------------


# A message about one card on Today is shown on that card, where the page returns to.
CARD_TAG = "card"


def _card_url(planned_id: int, day: dt.date) -> str:
    """Today's page for the week of `day`, opened at the planned session's card."""
    return f"{reverse('delivery:week')}?week={day.isoformat()}#{card_anchor(planned_id, day)}"


def _tell_card(
    request: HttpRequest, level: int, text: str, *, planned_id: int, day: dt.date
) -> None:
    anchor = card_anchor(planned_id, day)
    messages.add_message(request, level, text, extra_tags=f"{CARD_TAG} {anchor}")


@login_required
def week(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    today = timezone.localdate()
    day = _parse_day(request.GET.get("week"), today)
    if abs((day - today).days) > 5 * 366:
        raise Http404("Choose a week within five years of today.")
    week_start = day - dt.timedelta(days=day.weekday())
    days = week_worklist(provider, week_start, today)
    todo = sum(1 for _, _, items in days for item in items if item.state == "todo")
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
    return render(
        request,
        "delivery/week.html",
        {
            "title": "Your week"
            if week_start <= today < week_start + dt.timedelta(days=7)
            else f"Week of {nice_date(week_start)}",
            "days": [
                (d, open_day, [(item, card_messages.get(item.anchor, [])) for item in items])
                for d, open_day, items in days
            ],
            "today": today,
            "todo": todo,
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


def _last_school_day(provider: User, today: dt.date) -> dt.date:
    """Today, or the last school day before it (a session logged on Saturday was Friday's)."""
    if provider.district is None:
        return today
    cal = SchoolCalendar.for_district(provider.district)
    day = today
    for _ in range(21):
        if cal.is_school_day(day):
            return day
        day -= dt.timedelta(days=1)
    return today


def _planned_for(provider: User, pk: int) -> PlannedSession:
    return get_object_or_404(
        PlannedSession.objects.select_related("school").prefetch_related("students"),
        pk=pk,
        provider=provider,
    )


@login_required
@require_POST
def quick_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a planned session exactly as planned: everyone present, targeted help given."""
    provider = _provider(request)
    planned = _planned_for(provider, pk)
    day = _parse_day(request.POST.get("date"), timezone.localdate())
    students = list(planned.students.all())
    # A booked make-up (scheduling's make-up planner) credits the miss it was booked for.
    makeup = planned.makeup_for if planned.makeup_for_id else None
    if makeup is not None and makeup.voided_at is not None:
        makeup = None
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
        _tell_card(request, messages.ERROR, " ".join(exc.messages), planned_id=pk, day=day)
    else:
        _tell_card(
            request,
            messages.SUCCESS,
            f"Logged {session.minutes} min for {', '.join(s.full_name for s in students)} "
            f"on {nice_date(day)}. Sign the note now, or write it first from View note.",
            planned_id=pk,
            day=day,
        )
    return redirect(_card_url(pk, day))


# Logging a session --------------------------------------------------------------------


# How many of the library's suggestions for the students' goals the session form shows
# before "every other activity".
SUGGESTED_ACTIVITIES = 6


def _active_goals(students: list[Student]) -> dict[int, list[Goal]]:
    goals: dict[int, list[Goal]] = defaultdict(list)
    for goal in Goal.objects.filter(
        iep__student__in=students, iep__status=IEP.Status.ACTIVE, status=Goal.Status.ACTIVE
    ).select_related("iep"):
        goals[goal.iep.student_id].append(goal)
    return goals


@login_required
def log_session(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    caseload = students_served_by(provider)
    today = timezone.localdate()
    planned = None
    makeup = None
    now = timezone.localtime()
    initial: dict[str, object] = {
        "date": _last_school_day(provider, today),
        "sign": False,
        "start": dt.time(now.hour, now.minute - now.minute % 5),
        "minutes": 30,
    }
    chosen: list[Student] = []
    day = today  # the planned session's date, for the way back to its card
    if pk := request.GET.get("planned"):
        planned = _planned_for(provider, int(pk) if pk.isdigit() else 0)
        chosen = list(planned.students.all())
        day = _parse_day(request.GET.get("date"), today)
        initial.update(
            start=planned.start,
            minutes=planned.minutes,
            session_type=planned.session_type,
            location=planned.location,
            date=day,
        )
        if planned.makeup_for_id and planned.makeup_for.voided_at is None:  # type: ignore[union-attr]
            makeup = planned.makeup_for
    if student_pk := request.GET.get("student"):
        chosen = [get_student_to_serve(provider, int(student_pk) if student_pk.isdigit() else 0)]
    from_plan = None
    if plan_pk := request.GET.get("plan"):
        from_plan = get_object_or_404(
            SessionPlan.objects.prefetch_related("students", "activities"),
            pk=int(plan_pk) if plan_pk.isdigit() else 0,
            provider=provider,
        )
        chosen = list(from_plan.students.all())
        initial.update(
            session_type=from_plan.session_type,
            library_activities=list(from_plan.activities.all()),
            location="therapy_room"
            if from_plan.session_type.startswith("pull_out")
            else "general_ed",
        )
    if miss_pk := request.GET.get("makeup"):
        makeup = get_object_or_404(
            MissedSession, pk=int(miss_pk) if miss_pk.isdigit() else 0, student__in=caseload
        )
        chosen = [makeup.student]
        initial.update(minutes=makeup.minutes)
    initial["students"] = chosen
    group = list(chosen)

    form = _form(
        request,
        SessionForm,
        initial=initial,
        caseload=caseload,
        activities=activities_visible_to(provider).order_by("name"),
    )
    if request.method == "POST":
        selected = caseload.filter(
            pk__in=[v for v in request.POST.getlist("students") if v.isdigit()]
        )
        chosen = list(selected)
    goals = _active_goals(chosen)
    rows = attendee_rows(
        chosen,
        goals,
        open_misses(chosen, district=provider.district) if provider.district else {},
        request.POST if request.method == "POST" else None,
        makeup=makeup,
    )
    status = 200
    if request.method == "POST" and "refresh" not in request.POST:
        entries = attendee_entries(rows)
        if form.is_valid() and entries is not None:
            data = form.cleaned_data
            school = chosen[0].school if chosen else None
            try:
                if school is None:
                    raise ValidationError({"students": "Choose at least one student."})
                session = services.log_session(
                    actor=provider,
                    date=data["date"],
                    start=data["start"],
                    minutes=data["minutes"],
                    session_type=data["session_type"],
                    location=data["location"],
                    school=planned.school if planned else school,
                    planned=planned,
                    pull_out_reason=data["pull_out_reason"],
                    attendees=entries,
                    activities=data["activities"],
                    subjective=data["subjective"],
                    objective=data["objective"],
                    assessment=data["assessment"],
                    plan=data["plan"],
                    sign=data["sign"],
                    library_activities=list(data["library_activities"]),
                    from_plan=from_plan,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, f"Logged: {session}.")
                records = session.attendees.filter(makeup_for__isnull=False).select_related(
                    "session", "student", "makeup_for"
                )
                for record in records:
                    if record.credited_minutes == 0 and record.makeup_for is not None:
                        messages.warning(
                            request,
                            f"This session credits nothing for {record.student.full_name}, so "
                            f"the miss of {nice_date(record.makeup_for.date)} stays open.",
                        )
                return redirect("delivery:session", pk=session.pk)
        elif entries is None:
            form.add_error(None, "Check the students' details below.")
        status = 400
    # The long lists start with what this session is about: the planned group (and anyone
    # ticked), and the library's suggestions for their goals in this delivery model.
    session_type = request.POST.get("session_type") or initial.get("session_type", "")
    setting = SETTING_FOR_SESSION.get(str(session_type), "class")
    goal_list = [goal for student_goals in goals.values() for goal in student_goals]
    suggested = find_activities(provider, setting=setting, goals=goal_list) if goal_list else []
    template = "delivery/session_form.html"
    if getattr(request, "htmx", False) and "refresh" in request.POST:
        template += "#refresh"  # the students' part and the activity list, nothing else
    return render(
        request,
        template,
        {
            "title": "Log a make-up session" if makeup else "Log a session",
            "form": form,
            "rows": rows,
            "planned": planned,
            "makeup": makeup,
            "from_plan": from_plan,
            "absence_choices": MissReason.choices,
            "assistance_choices": Assistance.choices,
            "student_picker": picker(
                form["students"],
                [*group, *chosen],
                rest_label="Everyone else on your caseload",
                search_label="Find another student",
                open_when_none_shown=True,
            ),
            "activity_picker": picker(
                form["library_activities"],
                suggested[:SUGGESTED_ACTIVITIES],
                rest_label="Every other activity in the library",
                search_label="Find another activity",
            ),
            "back": _card_url(planned.pk, day) if planned else reverse("delivery:week"),
        },
        status=status,
    )


# A session's page ---------------------------------------------------------------------


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = get_session_for_user(user, pk)
    attendees = session.attendees.select_related("session", "student", "service_line", "makeup_for")
    attendees = attendees.prefetch_related("goal_data__goal")
    return render(
        request,
        "delivery/session_detail.html",
        {
            "title": f"Session on {nice_date(session.date)}",
            "session": session,
            "attendees": attendees,
            "addenda": session.addenda.select_related("author"),
            "can_write": session.provider_id == user.pk,
            "void_form": VoidForm(),
            "addendum_form": AddendumForm(),
        },
    )


@login_required
def edit_note(request: HttpRequest, pk: int) -> HttpResponse:
    user, session = _session_action(request, pk)
    if session.status != Session.Status.DRAFT:
        messages.error(request, "This note is signed; add an addendum instead.")
        return redirect("delivery:session", pk=pk)
    form = NoteForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_note(
            actor=user,
            session=session,
            note={name: data[name] for name in services.NOTE_FIELDS},
            sign=data["sign"],
        )
        messages.success(request, "Saved the note." + (" It is signed." if data["sign"] else ""))
        return redirect("delivery:session", pk=pk)
    return render(
        request,
        "delivery/note_form.html",
        {"title": f"Note for {session}", "form": form, "session": session},
    )


def _session_action(request: HttpRequest, pk: int) -> tuple[User, Session]:
    user = _user(request)
    return user, get_session_for_user(user, pk, write=True)


@login_required
@require_POST
def sign_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign from the session page, or from its card on Today (back=today), which the page
    returns to with the confirmation on the card."""
    user, session = _session_action(request, pk)
    on_today = request.POST.get("back") == "today" and session.planned_id is not None
    try:
        services.sign_session(actor=user, session=session)
    except ValidationError as exc:
        level, text = messages.ERROR, " ".join(exc.messages)
    else:
        level, text = messages.SUCCESS, "Signed. The note is now locked; corrections go in addenda."
    if on_today:
        assert session.planned_id is not None
        _tell_card(request, level, text, planned_id=session.planned_id, day=session.date)
        return redirect(_card_url(session.planned_id, session.date))
    messages.add_message(request, level, text)
    return redirect("delivery:session", pk=pk)


@login_required
@require_POST
def add_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    user, session = _session_action(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.add_addendum(actor=user, session=session, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Addendum added.")
    else:
        messages.error(request, "Write the correction or addition.")
    return redirect("delivery:session", pk=pk)


@login_required
@require_POST
def void_session(request: HttpRequest, pk: int) -> HttpResponse:
    user, session = _session_action(request, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_session(actor=user, session=session, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Voided. The entry stays visible but no longer counts.")
    else:
        messages.error(request, "Say why this entry is a mistake.")
    return redirect("delivery:session", pk=pk)


# Missed sessions ----------------------------------------------------------------------


@login_required
def record_missed(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    planned = _planned_for(provider, pk)
    day = _parse_day(request.GET.get("date"), timezone.localdate())
    form = MissedForm(
        request.POST or None,
        initial={"date": day, "minutes": planned.minutes, "students": list(planned.students.all())},
        students=planned.students.filter(pk__in=students_served_by(provider)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            misses = services.record_missed_session(
                actor=provider,
                students=list(data["students"]),
                date=data["date"],
                minutes=data["minutes"],
                reason=data["reason"],
                detail=data["detail"],
                planned=planned,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            policy = Policy.for_district(provider.district) if provider.district else Policy()
            owed = policy.is_owed(data["reason"], data["date"])
            text = (
                f"Recorded as missed for {len(misses)} student{'s' if len(misses) != 1 else ''}. "
                + (
                    f"A make-up of {data['minutes']} min is owed to each."
                    if owed
                    else "District policy: no make-up is owed for this reason."
                )
            )
            if owed:  # link each owed miss to the make-up planner
                text = format_html(
                    "{} Plan a make-up: {}.",
                    text,
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a>',
                        (
                            (reverse("scheduling:makeup_plan", args=[m.pk]), m.student.full_name)
                            for m in misses
                        ),
                    ),
                )
            _tell_card(request, messages.SUCCESS, text, planned_id=pk, day=data["date"])
            return redirect(_card_url(pk, data["date"]))
    return render(
        request,
        "delivery/missed_form.html",
        {
            "title": "Record a missed session",
            "form": form,
            "planned": planned,
            "back": _card_url(planned.pk, day),
        },
        status=400 if request.method == "POST" else 200,
    )


# The weekly plan ----------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    today = timezone.localdate()
    plans = (
        PlannedSession.objects.filter(provider=provider)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("school", "classroom")
        .prefetch_related(
            Prefetch("students", queryset=Student.objects.order_by("last_name", "first_name"))
        )
    )
    by_day: dict[int, list[PlannedSession]] = defaultdict(list)
    shown = 0
    for plan in plans:
        first = max(today, plan.active_from)
        first += dt.timedelta(days=(plan.weekday - first.weekday()) % 7)
        if plan.active_until is not None and first > plan.active_until:
            continue  # e.g. the old plan's Monday session that ended on a Wednesday
        # When it happens, where not every week from now on (a plan starting later, the
        # old plan's last days, a date moved for a one-off meeting).
        plan.when = plan.dates_words(today)  # type: ignore[attr-defined]
        by_day[plan.weekday].append(plan)
        shown += 1
    week_days = [(label, by_day.get(int(value), [])) for value, label in Weekday.choices]
    return render(
        request,
        "delivery/plan_list.html",
        {"title": "Your weekly plan", "week_days": week_days, "count": shown},
    )


@login_required
def plan_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    provider = _provider(request)
    caseload = students_served_by(provider)
    if pk is None:
        planned = PlannedSession(provider=provider, active_from=timezone.localdate())
        title, button = "Add to your weekly plan", "Add to plan"
    else:
        planned = _planned_for(provider, pk)
        title, button = "Change a planned session", "Save planned session"
    form = PlannedSessionForm(request.POST or None, instance=planned, caseload=caseload)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_planned_session(
                actor=provider, planned=form.instance, students=list(form.cleaned_data["students"])
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Saved: {form.instance}.")
            return redirect("delivery:plan")
    return render(
        request,
        "delivery/plan_form.html",
        {"title": title, "button": button, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# Compliance ---------------------------------------------------------------------------


def _status_counts(rows: list) -> dict[str, int]:
    counts = {BEHIND: 0, AT_RISK: 0, EXCUSED: 0, ON_TRACK: 0}
    for row in rows:
        counts[row.compliance.status] += 1
    return counts


@login_required
def caseload_compliance(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    today = timezone.localdate()
    if provider.district is None:
        rows = []
    else:
        rows = compliance_rows(
            district=provider.district, students=students_served_by(provider), today=today
        )
    return render(
        request,
        "delivery/compliance.html",
        {
            "title": "Minutes on your caseload",
            "rows": rows,
            "counts": _status_counts(rows),
            "today": today,
            "district_view": False,
        },
    )


# The district table's status filter: the lines that need attention by default.
STATUS_FILTERS = {
    "": ("Behind and at risk", {BEHIND, AT_RISK}),
    BEHIND: ("Behind", {BEHIND}),
    AT_RISK: ("At risk", {AT_RISK}),
    EXCUSED: ("Excused", {EXCUSED}),
    ON_TRACK: ("On track", {ON_TRACK}),
    "all": ("All lines", {BEHIND, AT_RISK, EXCUSED, ON_TRACK}),
}
DISTRICT_PAGE_SIZE = 25


@login_required
def district_compliance(request: HttpRequest) -> HttpResponse:
    coordinator = _coordinator(request)
    district = coordinator.district
    assert district is not None
    today = timezone.localdate()
    students = students_visible_to(coordinator).filter(active=True)
    school = parse_id(request.GET.get("school"))
    if school is not None:
        students = students.filter(school_id=school)
    therapists = User.objects.filter(
        district=district, role__in=[Role.OT, Role.COTA], is_active=True
    ).order_by("last_name", "first_name")
    provider = parse_id(request.GET.get("provider"))
    if provider is not None:
        students = students.filter(
            team__in=TeamMember.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today),
                person_id=provider,
                role__in=SERVING_ROLES,
                start_date__lte=today,
            )
        )
    query = request.GET.get("q", "").strip()[:80]
    for word in query.split():
        students = students.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    rows = compliance_rows(
        district=district, students=students.distinct(), today=today, with_providers=True
    )
    counts = _status_counts(rows)
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    wanted = STATUS_FILTERS[status][1]
    rows = [r for r in rows if r.compliance.status in wanted]
    page = Paginator(rows, DISTRICT_PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "delivery/compliance.html",
        {
            "title": "Minutes across the district",
            "rows": page.object_list,
            "page": page,
            "counts": counts,
            "today": today,
            "district_view": True,
            "schools": district.schools.all(),
            "school": school,
            "therapists": therapists,
            "provider": provider,
            "query": query,
            "status": status,
            "status_filters": [(value, label) for value, (label, _) in STATUS_FILTERS.items()],
            "status_label": STATUS_FILTERS[status][0],
            "kept": kept.urlencode(),
        },
    )


@login_required
def makeup_policy(request: HttpRequest) -> HttpResponse:
    coordinator = _coordinator(request)
    district = coordinator.district
    assert district is not None
    today = timezone.localdate()
    policy = Policy.for_district(district)
    now = policy.on(today)
    form = PolicyForm(
        request.POST or None,
        initial={
            "effective_from": today,
            "owed": [reason for reason in MissReason.values if now.is_owed(reason)],
            "prorate_short_weeks": now.prorate_short_weeks,
            "makeup_within_days": now.makeup_within_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_policy(
                actor=coordinator,
                district=district,
                effective_from=data["effective_from"],
                owed={reason: reason in data["owed"] for reason in MissReason.values},
                prorate_short_weeks=data["prorate_short_weeks"],
                makeup_within_days=data["makeup_within_days"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                f"Saved. From {nice_date(data['effective_from'])} compliance follows the new "
                "rules; earlier periods keep the rules in force then.",
            )
            return redirect("delivery:policy")
    history = list(reversed(policy.versions))
    return render(
        request,
        "delivery/policy.html",
        {
            "title": "Minutes policy",
            "form": form,
            "district": district,
            "history": history,
            "in_force": now,
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


def student_panel_context(request: HttpRequest, student: Student) -> dict[str, object] | None:
    """The delivery part of the student page, for the providers who serve the student."""
    from .permissions import can_serve
    from .queries import student_compliance

    user = _user(request)
    if not (can_serve(user, student) or user.role == Role.COORDINATOR):
        return None
    today = timezone.localdate()
    sessions = (
        Session.objects.filter(attendees__student=student)
        .select_related("provider")
        .order_by("-date", "-start")[:8]
    )
    ledger = makeup_ledger(student)
    # Make-ups booked with the make-up planner and not logged yet, next to their miss.
    booked: dict[int, list[PlannedSession]] = defaultdict(list)
    for plan in (
        PlannedSession.objects.filter(makeup_for__student=student)
        .exclude(Exists(Session.objects.filter(planned=OuterRef("pk")).exclude(status="voided")))
        .exclude(Exists(MissedSession.objects.filter(planned=OuterRef("pk"), voided_at=None)))
        .order_by("active_from", "start")
    ):
        booked[plan.makeup_for_id].append(plan)  # type: ignore[index]
    return {
        "compliance": student_compliance(student, today),
        "ledger": ledger,
        "ledger_rows": [(e, booked.get(e.miss.pk, [])) for e in ledger.entries],
        "sessions": sessions if can_serve(user, student) else None,
        "can_log": can_serve(user, student),
    }


# Consultation -------------------------------------------------------------------------


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    logs = (
        ConsultationLog.objects.filter(provider=provider)
        .prefetch_related("students__student", "strategies")
        .order_by("-date", "-pk")[:50]
    )
    return render(
        request,
        "delivery/consultations.html",
        {"title": "Your consultations", "logs": logs, "void_form": VoidForm()},
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation, for its provider and the OTs and COTAs of its students (the Team
    page links a concern it raised here)."""
    user = _user(request)
    log = get_consultation_for_user(user, pk)
    return render(
        request,
        "delivery/consultation_detail.html",
        {
            "title": f"Consultation on {nice_date(log.date)}",
            "log": log,
            "can_void": log.provider_id == user.pk,
            "void_form": VoidForm(),
        },
    )


@login_required
def log_consultation(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    caseload = students_served_by(provider)
    source = request.POST if request.method == "POST" else request.GET
    ids = [v for v in source.getlist("students") + source.getlist("student") if v.isdigit()]
    chosen = list(caseload.filter(pk__in=ids))
    form = _form(
        request,
        ConsultationForm,
        initial={"date": timezone.localdate(), "students": chosen, "method": "in_person"},
        caseload=caseload,
        chosen=chosen,
    )
    if request.method == "POST" and "refresh" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.log_consultation(
                actor=provider,
                date=data["date"],
                minutes=data["minutes"],
                with_whom=data["with_whom"],
                method=data["method"],
                students=list(data["students"]),
                strategies=list(data["strategies"]),
                discussed=data["discussed"],
                new_concerns=data["new_concerns"],
                follow_up=data["follow_up"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Logged: {log}.")
            return redirect("delivery:consultations")
    return render(
        request,
        "delivery/consultation_form.html",
        {"title": "Log a consultation", "form": form},
        status=400 if request.method == "POST" and "refresh" not in request.POST else 200,
    )


@login_required
@require_POST
def void_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    log = get_object_or_404(ConsultationLog, pk=pk, provider=provider)
    form = VoidForm(request.POST)
    if form.is_valid():
        services.void_consultation(actor=provider, log=log, reason=form.cleaned_data["reason"])
        messages.success(request, "Voided. The entry stays listed but no longer counts.")
    else:
        messages.error(request, "Say why this entry is a mistake.")
    return redirect("delivery:consultations")


# Planning the next session ------------------------------------------------------------


@login_required
def plan_session(request: HttpRequest) -> HttpResponse:
    """Pick goals, get activities that fit the delivery model, save the plan."""
    provider = _provider(request)
    caseload = students_served_by(provider)
    source = request.POST if request.method == "POST" else request.GET
    ids = [v for v in source.getlist("students") + source.getlist("student") if v.isdigit()]
    chosen = list(caseload.filter(pk__in=ids))
    goals = Goal.objects.filter(
        iep__student__in=chosen, iep__status=IEP.Status.ACTIVE, status=Goal.Status.ACTIVE
    ).select_related("iep__student")
    session_type = source.get("session_type") or SessionType.PUSH_IN
    picked_goals = [g for g in goals if str(g.pk) in source.getlist("goals")] or list(goals)
    setting = SETTING_FOR_SESSION.get(session_type, "class")
    suggestions = (
        find_activities(provider, setting=setting, goals=picked_goals) if picked_goals else []
    )
    form = _form(
        request,
        PlanForm,
        initial={"students": chosen, "goals": picked_goals, "session_type": session_type},
        caseload=caseload,
        goals=goals,
        suggestions=suggestions,
    )
    status = 200
    if request.method == "POST" and "refresh" not in request.POST:
        if form.is_valid():
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
                _form_errors(form, exc)
            else:
                messages.success(request, "Plan saved. Log the session from it when it is done.")
                return redirect("delivery:plan_detail", pk=plan.pk)
        status = 400
    return render(
        request,
        "delivery/plan_session.html",
        {"title": "Plan the next session", "form": form, "suggestions": suggestions},
        status=status,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    plan = get_object_or_404(
        SessionPlan.objects.prefetch_related("students", "goals", "activities"),
        pk=pk,
        provider=provider,
    )
    return render(request, "delivery/plan_detail.html", {"title": str(plan), "plan": plan})


@login_required
@require_POST
def void_missed(request: HttpRequest, pk: int) -> HttpResponse:
    """A miss recorded by mistake is voided with a reason; it stays in the ledger, marked."""
    provider = _provider(request)
    miss = get_object_or_404(
        MissedSession, pk=pk, student__in=students_served_by(provider), voided_at__isnull=True
    )
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_missed_session(
                actor=provider, miss=miss, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Voided. The missed session no longer counts.")
    else:
        messages.error(request, "Say why this entry is a mistake.")
    return redirect("students:detail", pk=miss.student_id)
