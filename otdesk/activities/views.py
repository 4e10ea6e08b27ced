from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors as _form_errors
from otdesk.core.http import current_user as _user
from otdesk.core.models import AuditEvent
from otdesk.students.permissions import get_served_student

from . import services
from .forms import ActivityForm, HomeProgramForm, SearchForm
from .models import Activity, HomeProgram
from .permissions import get_activity_for_user, get_home_program_for_user, library_user
from .queries import caseload_goals, find_activities, home_choices, localized

LANGUAGES = {"en": "English", "es": "Español"}


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "en")
    return language if language in LANGUAGES else "en"


@login_required
def library(request: HttpRequest) -> HttpResponse:
    user = library_user(_user(request))
    form = SearchForm(request.GET or None, goals=caseload_goals(user))
    results: list[Activity] = []
    filtered = False
    if form.is_valid():
        data = form.cleaned_data
        goal = data.get("goal")
        results = find_activities(
            user,
            areas=[data["area"]] if data.get("area") else [],
            setting=data.get("setting") or "",
            material=data.get("material") or "",
            text=data.get("q") or "",
            goals=[goal] if goal else [],
        )
        filtered = any(data.values())
    else:
        results = find_activities(user)
    return render(
        request,
        "activities/library.html",
        {"title": "Activity library", "form": form, "results": results, "filtered": filtered},
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = library_user(_user(request))
    activity = get_activity_for_user(user, pk)
    language = _language(request)
    return render(
        request,
        "activities/detail.html",
        {
            "title": activity.name,
            "activity": activity,
            "text": localized(activity, language),
            "language": language,
            "can_edit": activity.owner_id == user.pk,
        },
    )


@login_required
def activity_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = library_user(_user(request))
    if pk is None:
        activity = Activity(owner=user)
        initial: dict[str, object] = {}
    else:
        activity = get_activity_for_user(user, pk, write=True)
        initial = {"areas": [a.area for a in activity.areas.all()]}
    form = ActivityForm(request.POST or None, instance=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_activity(
                actor=user, activity=form.instance, areas=form.cleaned_data["areas"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("activities:detail", pk=saved.pk)
    return render(
        request,
        "activities/form.html",
        {"title": "Add an activity" if pk is None else "Change an activity", "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def home_program_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = library_user(_user(request))
    student = get_served_student(user, pk)
    form = HomeProgramForm(request.POST or None, choices=home_choices(user, student))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.create_home_program(
                actor=user,
                student=student,
                activities=list(data["activities"]),
                note=data["note"],
                note_es=data["note_es"],
                times_per_week=data["times_per_week"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "The home program is ready to print, send or share.")
            return redirect("activities:sheet", pk=program.pk)
    return render(
        request,
        "activities/home_program_form.html",
        {"title": f"Home program for {student.full_name}", "form": form, "student": student},
        status=400 if request.method == "POST" else 200,
    )


def _sheet_context(program: HomeProgram, language: str) -> dict[str, object]:
    return {
        "program": program,
        "student": program.student,
        "language": language,
        # Without a Spanish note, the English one is shown (marked as English) rather than none.
        "note": (program.note_es or program.note) if language == "es" else program.note,
        "note_language": "es" if language == "es" and program.note_es else "en",
        "items": [(a, localized(a, language)) for a in program.activities.all()],
        "today": timezone.localdate(),
    }


@login_required
def home_program_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_home_program_for_user(_user(request), pk)
    record_access(request, obj=program, student_id=program.student_id, summary="Home program")
    language = _language(request)
    with translation.override(language):
        return render(
            request,
            "activities/sheet.html",
            {**_sheet_context(program, language), "title": "Home activities"},
        )


@login_required
def home_program_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # Imported here: WeasyPrint takes most of a second to import, and only this page uses it.
    from .pdf import render_pdf

    program = get_home_program_for_user(_user(request), pk)
    record_access(
        request,
        obj=program,
        student_id=program.student_id,
        action=AuditEvent.Action.PRINT,
        summary="PDF",
    )
    language = _language(request)
    with translation.override(language):
        html = render_to_string(
            "activities/sheet_print.html", _sheet_context(program, language), request=request
        )
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"home-program-{program.student.known_as.lower()}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
