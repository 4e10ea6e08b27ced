from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.permissions import is_therapist
from otdesk.activities.queries import activities_visible_to
from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors as _form_errors
from otdesk.core.http import current_user as _user
from otdesk.core.http import parse_id
from otdesk.core.versions import Stale, show_conflict
from otdesk.students.permissions import get_served_student, served_students, serves

from . import services
from .forms import (
    AssignForm,
    ATItemForm,
    ImplementationForm,
    MonitoringForm,
    ProgramForm,
    ReviseForm,
    TrainingForm,
)
from .models import AideProgram, AssistiveTechItem, ImplementationLog, MonitoringCheck
from .permissions import (
    carries_out_programs,
    get_program_for_user,
    get_program_to_log,
    is_implementer,
    oversees_programs,
    programs_visible_to,
)
from .queries import (
    assigned_people,
    assigned_programs,
    implementers_for,
    logged_today,
    program_rows,
)


def _form_page(
    request: HttpRequest,
    *,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    title: str,
    button: str,
    back: str,
    success: str,
    intro: str = "",
    then: Callable[[Any], str] | None = None,
    theirs: Callable[[Any], dict[str, Any]] | None = None,
) -> HttpResponse:
    """Validate, call one service, redirect back (or to `then` of what the service returned);
    or show the errors next to the fields. A save refused as stale shows `theirs` (the
    form's values of the record as saved now) beside what was typed."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except Stale as stale:
            show_conflict(
                form, stale, theirs(stale.current) if theirs else {}, skip=["change_note"]
            )
            status = 409
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(then(saved) if then else back)
    return render(
        request,
        "programs/form.html",
        {"title": title, "form": form, "button": button, "back": back, "intro": intro},
        status=status,
    )


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    if carries_out_programs(user):
        programs = assigned_programs(user)
        return render(
            request,
            "programs/mine.html",
            {
                "title": "Your programs",
                "programs": programs,
                "logged_today": logged_today(user, programs, today),
                "today": today,
            },
        )
    if not oversees_programs(user):
        raise Http404("No programs here.")
    rows = program_rows(programs_visible_to(user), today)
    return render(
        request,
        "programs/list.html",
        {
            "title": "Aide programs",
            "rows": rows,
            "attention": sum(1 for r in rows if r.flags),
            "students": served_students(user).order_by("last_name"),
            "can_add": is_therapist(user),
        },
    )


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_for_user(user, pk)
    can_change = serves(user, program.student)
    can_log = can_change or is_implementer(user, program)
    logs = program.logs.select_related("implementer")
    if not can_change:
        logs = logs.filter(implementer=user) if carries_out_programs(user) else logs
    record_access(request, obj=program, student_id=program.student_id, summary="Read the program")
    return render(
        request,
        "programs/detail.html",
        {
            "title": program.title,
            "program": program,
            "can_change": can_change,
            "can_log": can_log,
            "log_form": ImplementationForm(
                initial={"date": timezone.localdate(), "minutes": program.minutes_each}
            )
            if can_log
            else None,
            "logs": logs[:20],
            "assignments": program.assignments.select_related("person"),
            "trainings": program.trainings.select_related("trainee", "trainer"),
            "checks": program.checks.select_related("therapist"),
            "versions": program.versions.select_related("changed_by"),
            "at_items": program.at_items.prefetch_related("trained"),
            "goals": program.goals.all(),
            "library_activities": program.library_activities.all(),
        },
    )


@login_required
def program_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    student_id = parse_id(request.GET.get("student"))
    if student_id is None:
        raise Http404("No such student on your caseload.")
    student = get_served_student(user, student_id)
    form = ProgramForm(
        request.POST or None,
        initial={"start_date": timezone.localdate(), "times_per_week": 3, "minutes_each": 10},
        student=student,
        library=activities_visible_to(user),
        instance=AideProgram(student=student, created_by=user),
    )

    def save(data: dict[str, Any]) -> AideProgram:
        return services.create_program(
            actor=user,
            student=student,
            title=data["title"],
            activities=data["activities"],
            instructions=data["instructions"],
            times_per_week=data["times_per_week"],
            minutes_each=data["minutes_each"],
            start_date=data["start_date"],
            goals=list(data["goals"]),
            library_activities=list(data["library_activities"]),
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=f"New aide program for {student.full_name}",
        button="Create program",
        back=request.path + f"?student={student.pk}",
        success="Program created. Now assign who carries it out and train them.",
        then=lambda program: reverse("programs:detail", args=[program.pk]),
    )


@login_required
def program_revise(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_for_user(user, pk, write=True)
    form = ReviseForm(request.POST or None, initial=_revisable(program))
    return _form_page(
        request,
        form=form,
        save=lambda d: services.revise_program(actor=user, program=program, **d),
        title=f"Change {program.title}",
        button="Save new version",
        back=f"/programs/{program.pk}/",
        success="Saved. The earlier version is kept in the program's history.",
        theirs=_revisable,
    )


def _revisable(program: AideProgram) -> dict[str, Any]:
    """What the Change form holds of a program."""
    return {
        "activities": program.activities,
        "instructions": program.instructions,
        "times_per_week": program.times_per_week,
        "minutes_each": program.minutes_each,
        "status": program.status,
        "version": program.version,
    }


@login_required
def program_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_for_user(user, pk, write=True)
    form = AssignForm(
        request.POST or None,
        initial={"start_date": timezone.localdate()},
        people=implementers_for(program),
    )
    return _form_page(
        request,
        form=form,
        save=lambda d: services.assign_implementer(
            actor=user, program=program, person=d["person"], start_date=d["start_date"]
        ),
        title=f"Who carries out {program.title}",
        button="Assign",
        back=f"/programs/{program.pk}/",
        success="Assigned. They now see the program on their phone.",
    )


@login_required
def program_train(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_for_user(user, pk, write=True)
    form = TrainingForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "minutes": 15},
        people=assigned_people(program),
    )
    return _form_page(
        request,
        form=form,
        save=lambda d: services.record_training(actor=user, program=program, **d),
        title=f"Record training for {program.title}",
        button="Record training",
        back=f"/programs/{program.pk}/",
        success="Training recorded.",
    )


@login_required
def program_check(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_for_user(user, pk, write=True)
    form = MonitoringForm(
        request.POST or None,
        initial={
            "date": timezone.localdate(),
            "minutes": 15,
            "new_instructions": program.instructions,
            "version": program.version,
        },
        instance=MonitoringCheck(program=program, therapist=user),
    )
    return _form_page(
        request,
        form=form,
        save=lambda d: services.record_monitoring(actor=user, program=program, **d),
        theirs=lambda current: {"new_instructions": current.instructions},
        title=f"Monitoring check-in: {program.title}",
        button="Save check-in",
        back=f"/programs/{program.pk}/",
        success="Check-in saved.",
        intro="Watch the program being carried out, rate how closely it follows the steps, "
        "and change the steps if needed: the program keeps each earlier version.",
    )


@login_required
def program_log(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_to_log(user, pk)
    form = ImplementationForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "minutes": program.minutes_each},
        instance=ImplementationLog(program=program, implementer=user),
    )
    back = "/programs/" if carries_out_programs(user) else f"/programs/{program.pk}/"
    if request.method == "GET":
        record_access(request, obj=program, student_id=program.student_id, summary="Log form")
    return _form_page(
        request,
        form=form,
        save=lambda d: services.log_implementation(actor=user, program=program, **d),
        title=f"Log {program.title} for {program.student.known_as}",
        button="Save",
        back=back,
        success=f"Logged {program.title} for {program.student.known_as}. Thank you!",
    )


@login_required
def at_item_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = get_program_for_user(user, pk, write=True)
    item = AssistiveTechItem(student=program.student, program=program)
    form = ATItemForm(
        request.POST or None,
        instance=item,
        student=program.student,
        people=implementers_for(program),
    )

    def save(data: dict[str, Any]) -> None:
        services.save_at_item(actor=user, item=form.instance, trained=list(data["trained"]))

    return _form_page(
        request,
        form=form,
        save=save,
        title=f"Assistive technology for {program.student.full_name}",
        button="Save device",
        back=f"/programs/{program.pk}/",
        success="Saved the device.",
    )
