"""The teacher's page (their home), the specialist's page (theirs) and a student's team
notes. Small: permission, one service call, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import User
from otdesk.core.audit import record_access, record_access_many
from otdesk.core.http import add_service_errors, current_user
from otdesk.scheduling.calendar_grid import default_week_start
from otdesk.students.models import Student
from otdesk.students.permissions import can_raise_concern

from . import services
from .forms import TeamNoteForm
from .models import TeamNote
from .permissions import (
    can_read_team_notes,
    can_write_team_notes,
    get_strategy_to_confirm,
    get_student_for_team_notes,
    require_specialist,
    require_teacher,
)
from .queries import NOTES_SHOWN as PANEL_NOTES
from .queries import (
    room_weeks,
    specialist_rows,
    students_on_page,
    teacher_consultations,
    teacher_strategies,
)


def _log_reads(request: HttpRequest, students: list[Student], summary: str) -> None:
    """One access-log event for each student whose record the page shows (one write)."""
    record_access_many(request, students=students, summary=summary)


@login_required
def classroom(request: HttpRequest) -> HttpResponse:
    """The teacher's page: strategies and their reviews, OT in the room this week, raising
    a concern, and the consultation notes about their students."""
    teacher = require_teacher(current_user(request))
    today = timezone.localdate()
    strategies = teacher_strategies(teacher, today)
    consultations = teacher_consultations(teacher)
    shown = students_on_page(strategies, consultations)
    _log_reads(request, shown, "Teacher's page: strategies and consultations")
    week_start = default_week_start(today)
    return render(
        request,
        "teamwork/classroom.html",
        {
            "title": "Your students and OT",
            "today": today,
            "strategies": strategies,
            "weeks": room_weeks(teacher, week_start),
            "week_start": week_start,
            "consultations": consultations,
        },
    )


@login_required
@require_POST
def confirm_strategy(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    strategy = get_strategy_to_confirm(user, pk)
    try:
        _, created = services.confirm_in_place(
            actor=user, strategy=strategy, day=timezone.localdate(), request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = strategy.student.known_as
        if created:
            messages.success(
                request, f"Thank you: {name}’s “{strategy.description}” is in place today."
            )
        else:
            messages.info(
                request, f"You already confirmed {name}’s “{strategy.description}” today."
            )
    return redirect(f"{reverse('teamwork:classroom')}#strategy-{strategy.pk}")


@login_required
def shared(request: HttpRequest) -> HttpResponse:
    """The specialist's page: the students they share, the times each is with them (which
    the schedule builder keeps free), the latest team notes and a concern to raise."""
    specialist = require_specialist(current_user(request))
    rows = specialist_rows(specialist)
    _log_reads(request, [row.student for row in rows], "Specialist's page: times and team notes")
    return render(request, "teamwork/shared.html", {"title": "Students you share", "rows": rows})


@login_required
def team_notes(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    writing = request.method == "POST"
    student = get_student_for_team_notes(user, pk, write=writing)
    form = TeamNoteForm(request.POST or None)
    if writing and form.is_valid():
        try:
            services.add_team_note(
                actor=user, student=student, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Note added. The team sees it on this page.")
            return redirect("teamwork:team_notes", pk=student.pk)
    record_access(request, obj=student, student_id=student.pk, summary="Read the team notes")
    return render(
        request,
        "teamwork/team_notes.html",
        {
            "title": f"Team notes: {student.full_name}",
            "student": student,
            "notes": TeamNote.objects.filter(student=student).select_related("author"),
            "form": form,
            "can_write": can_write_team_notes(user, student),
            "can_raise": can_raise_concern(user, student),
        },
        status=400 if writing else 200,
    )


def team_notes_panel(request: HttpRequest, student: Student) -> dict[str, object] | None:
    """'Team notes' on the student page, for those who read them."""
    user = request.user
    if not isinstance(user, User) or not can_read_team_notes(user, student):
        return None
    notes = TeamNote.objects.filter(student=student)
    return {
        "notes": list(notes.select_related("author")[:PANEL_NOTES]),
        "count": notes.count(),
        "can_write": can_write_team_notes(user, student),
    }
