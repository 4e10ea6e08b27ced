"""Logging a session with its details, and a session's page: note, signature, addenda, void."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import model_to_dict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import User
from otdesk.activities.queries import SETTING_FOR_SESSION, activities_visible_to, find_activities
from otdesk.core import idempotency
from otdesk.core.audit import record_access_many
from otdesk.core.dates import nice_date
from otdesk.core.forms import picker
from otdesk.core.http import add_service_errors, current_user
from otdesk.core.times import minutes_of, time_of
from otdesk.core.versions import Stale, show_conflict
from otdesk.schools.models import School
from otdesk.students.models import Student
from otdesk.students.permissions import get_served_student, served_students

from .. import services
from ..forms import AddendumForm, AttendeeRow, NoteForm, SessionForm, VoidForm, attendee_entries
from ..forms import attendee_rows as make_attendee_rows
from ..models import Assistance, MissedSession, MissReason, PlannedSession, Session, SessionPlan
from ..permissions import get_session_for_user, shown_attendees
from ..queries import active_goals, last_school_day, open_misses, uncredited_makeups
from .common import (
    card_url,
    form_problems,
    id_list,
    open_makeup,
    parse_day,
    planned_for,
    query_id,
    refreshable,
    saving,
    tell_card,
    therapist,
)

# How many of the library's suggestions for the students' goals the session form shows
# before "every other activity".
SUGGESTED_ACTIVITIES = 6


@dataclass
class Start:
    """What the session form starts from: a planned session (?planned=, with ?date=), a
    student (?student=), a saved session plan (?plan=) or a miss to make up (?makeup=)."""

    initial: dict[str, object]
    day: dt.date  # the planned session's date, for the way back to its card
    chosen: list[Student] = field(default_factory=list)
    planned: PlannedSession | None = None
    makeup: MissedSession | None = None
    from_plan: SessionPlan | None = None


def _start(provider: User, caseload: QuerySet[Student], query: QueryDict) -> Start:
    today = timezone.localdate()
    now = minutes_of(timezone.localtime().time())
    start = Start(
        initial={
            "date": last_school_day(provider.district, today),
            "sign": False,
            "start": time_of(now - now % 5),
            "minutes": 30,
        },
        day=today,
    )
    if (pk := query_id(query, "planned")) is not None:
        planned = start.planned = planned_for(provider, pk)
        start.chosen = list(planned.students.filter(pk__in=caseload))
        start.day = parse_day(query.get("date"), today)
        start.initial.update(
            start=planned.start,
            minutes=planned.minutes,
            session_type=planned.session_type,
            location=planned.location,
            date=start.day,
        )
        start.makeup = open_makeup(planned)
    if (pk := query_id(query, "student")) is not None:
        start.chosen = [get_served_student(provider, pk)]
    if (pk := query_id(query, "plan")) is not None:
        plan = start.from_plan = get_object_or_404(
            SessionPlan.objects.prefetch_related("students", "activities"),
            pk=pk,
            provider=provider,
        )
        start.chosen = list(plan.students.filter(pk__in=caseload))
        start.initial.update(
            session_type=plan.session_type,
            library_activities=list(plan.activities.all()),
            location="therapy_room" if plan.session_type.startswith("pull_out") else "general_ed",
        )
    if (pk := query_id(query, "makeup")) is not None:
        makeup = start.makeup = get_object_or_404(MissedSession, pk=pk, student__in=caseload)
        start.chosen = [makeup.student]
        start.initial.update(minutes=makeup.minutes)
    start.initial["students"] = start.chosen
    return start


def _log(
    request: HttpRequest, provider: User, form: SessionForm, rows: list[AttendeeRow], start: Start
) -> tuple[Session | None, bool]:
    """The session logged from the form (and True when the form was sent again and it had
    been logged already), or None with the errors on the form and rows."""
    entries = attendee_entries(rows)
    if not form.is_valid() or entries is None:
        if entries is None:
            form.add_error(None, "Check the students' details below.")
        return None, False
    data = form.cleaned_data
    if not rows:
        form.add_error("students", "Choose at least one student.")
        return None, False
    sent = entries
    school = start.planned.school if start.planned else rows[0].student.school
    try:
        done = idempotency.once(
            user=provider,
            key=request.POST.get(idempotency.FIELD),
            scope="delivery.session",
            sent=idempotency.fingerprint(request.POST),
            run=lambda: _logged(provider, data, start, sent, school),
            keep=lambda session: {"session": session.pk},
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, False
    return Session.objects.get(pk=done.result["session"], provider=provider), done.repeated


def _logged(
    provider: User,
    data: dict[str, Any],
    start: Start,
    entries: list[services.AttendeeEntry],
    school: School,
) -> Session:
    return services.log_session(
        actor=provider,
        date=data["date"],
        start=data["start"],
        minutes=data["minutes"],
        session_type=data["session_type"],
        location=data["location"],
        school=school,
        planned=start.planned,
        pull_out_reason=data["pull_out_reason"],
        attendees=entries,
        activities=data["activities"],
        subjective=data["subjective"],
        objective=data["objective"],
        assessment=data["assessment"],
        plan=data["plan"],
        sign=data["sign"],
        library_activities=list(data["library_activities"]),
        from_plan=start.from_plan,
    )


@login_required
def log_session(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    caseload = served_students(provider)
    start = _start(provider, caseload, request.GET)
    form = refreshable(
        request,
        SessionForm,
        initial=start.initial,
        caseload=caseload,
        activities=activities_visible_to(provider).order_by("name"),
    )
    chosen = start.chosen
    if request.method == "POST":
        chosen = list(caseload.filter(pk__in=id_list(request.POST, "students")))
    goals = active_goals(chosen)
    rows = make_attendee_rows(
        chosen,
        goals,
        open_misses(chosen, district=provider.district) if provider.district else {},
        request.POST if request.method == "POST" else None,
        makeup=start.makeup,
    )
    if saving(request):
        session, repeated = _log(request, provider, form, rows, start)
        if session is not None and repeated:
            messages.info(request, f"Already logged: {session}. The form was sent twice.")
            return redirect("delivery:session", pk=session.pk)
        if session is not None:
            messages.success(request, f"Logged: {session}.")
            for record in uncredited_makeups(session):
                assert record.makeup_for is not None
                messages.warning(
                    request,
                    f"This session credits nothing for {record.student.full_name}, so "
                    f"the miss of {nice_date(record.makeup_for.date)} stays open.",
                )
            return redirect("delivery:session", pk=session.pk)
    # The long lists start with what this session is about: the planned group (and anyone
    # ticked), and the library's suggestions for their goals in this delivery model.
    session_type = request.POST.get("session_type") or start.initial.get("session_type", "")
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
            "title": "Log a make-up session" if start.makeup else "Log a session",
            "form": form,
            "rows": rows,
            "planned": start.planned,
            "makeup": start.makeup,
            "from_plan": start.from_plan,
            "absence_choices": MissReason.choices,
            "assistance_choices": Assistance.choices,
            "student_picker": picker(
                form["students"],
                [*start.chosen, *chosen],
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
            "back": card_url(start.planned.pk, start.day)
            if start.planned
            else reverse("delivery:week"),
        },
        status=400 if saving(request) else 200,
    )


# A session's page ---------------------------------------------------------------------

READ = "Read the session and its note"


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    session = get_session_for_user(user, pk)
    attendees = session.attendees.select_related("session", "student", "service_line", "makeup_for")
    attendees = attendees.prefetch_related("goal_data__goal")
    shown = shown_attendees(user, session, attendees)
    record_access_many(request, obj=session, students=(a.student for a in shown.rows), summary=READ)
    return render(
        request,
        "delivery/session_detail.html",
        {
            "title": f"Session on {nice_date(session.date)}",
            "session": session,
            "attendees": shown.rows,
            "hidden": shown.hidden,
            "note_shown": shown.whole,
            "addenda": session.addenda.select_related("author") if shown.whole else [],
            "can_write": session.provider_id == user.pk,
            "void_form": VoidForm(),
            "addendum_form": AddendumForm(),
        },
    )


def _own_session(request: HttpRequest, pk: int) -> tuple[User, Session]:
    """The note's own provider and the session (others on the team get 403)."""
    user = current_user(request)
    return user, get_session_for_user(user, pk, write=True)


@login_required
def edit_note(request: HttpRequest, pk: int) -> HttpResponse:
    user, session = _own_session(request, pk)
    if session.status != Session.Status.DRAFT:
        messages.error(request, "This note is signed; add an addendum instead.")
        return redirect("delivery:session", pk=pk)
    form = NoteForm(request.POST or None, instance=session)
    shown = (a.student for a in session.attendees.select_related("student"))
    record_access_many(request, obj=session, students=shown, summary="Opened the note to edit")
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_note(
                actor=user,
                session=session,
                note={name: data[name] for name in services.NOTE_FIELDS},
                sign=data["sign"],
            )
        except Stale as stale:
            if stale.current.status != Session.Status.DRAFT:
                messages.error(request, "This note was signed meanwhile; add an addendum instead.")
                return redirect("delivery:session", pk=pk)
            show_conflict(form, stale, model_to_dict(stale.current, fields=services.NOTE_FIELDS))
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Saved the note." + (" It is signed." if data["sign"] else "")
            )
            return redirect("delivery:session", pk=pk)
    return render(
        request,
        "delivery/note_form.html",
        {"title": f"Note for {session}", "form": form, "session": session},
        status=status,
    )


@login_required
@require_POST
def sign_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign from the session page, or from its card on Today (back=today), which the page
    returns to with the confirmation on the card."""
    user, session = _own_session(request, pk)
    on_today = request.POST.get("back") == "today" and session.planned_id is not None
    try:
        services.sign_session(actor=user, session=session)
    except ValidationError as exc:
        level, text = messages.ERROR, " ".join(exc.messages)
    else:
        level, text = messages.SUCCESS, "Signed. The note is now locked; corrections go in addenda."
    if on_today:
        assert session.planned_id is not None
        tell_card(request, level, text, planned_id=session.planned_id, day=session.date)
        return redirect(card_url(session.planned_id, session.date))
    messages.add_message(request, level, text)
    return redirect("delivery:session", pk=pk)


@login_required
@require_POST
def add_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    user, session = _own_session(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.add_addendum(actor=user, session=session, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Addendum added.")
    else:
        messages.error(request, form_problems(form))
    return redirect("delivery:session", pk=pk)


@login_required
@require_POST
def void_session(request: HttpRequest, pk: int) -> HttpResponse:
    user, session = _own_session(request, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_session(actor=user, session=session, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Voided. The entry stays visible but no longer counts.")
    else:
        messages.error(request, form_problems(form))
    return redirect("delivery:session", pk=pk)
