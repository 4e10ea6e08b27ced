"""The evaluation pages: what is due (/evaluations/: open evaluations, re-evaluations and
annual IEP reviews), a student's evaluations (/evaluations/students/<id>/), one evaluation
with its tests and scores (/evaluations/<id>/, its form, its report PDF), and a test's
score entry. Small views: a permission function, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access, record_access_many
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.core.models import AuditEvent
from otdesk.schools.models import School
from otdesk.students.queries import DUE_SOON_DAYS

from . import queries, services
from .document import pdf_bytes, report_context
from .forms import EvaluationForm, ScoresForm, StartForm, TestForm
from .models import Evaluation
from .permissions import (
    can_edit_evaluation,
    evaluation_students,
    get_administration,
    get_evaluation,
    get_evaluation_student,
    require_evaluation_reader,
)


def _status(request: HttpRequest) -> int:
    """400 when a POST comes back with its form's errors."""
    return 400 if request.method == "POST" else 200


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What falls due for the person's students (a therapist's caseload, a coordinator's
    district, ?school= to narrow it)."""
    user = require_evaluation_reader(current_user(request))
    schools = list(
        School.objects.filter(pk__in=evaluation_students(user).values("school_id")).order_by("name")
    )
    wanted = parse_id(request.GET.get("school"))
    school = next((s for s in schools if s.pk == wanted), None)
    if request.GET.get("school") and school is None:
        raise Http404("No such school among your students.")
    today = timezone.localdate()
    items = queries.due_items(user, today, school=school)
    if items:
        record_access_many(
            request,
            students=list({i.student.pk: i.student for i in items}.values()),
            summary="Evaluations and reviews due",
        )
    return render(
        request,
        "evaluations/dashboard.html",
        {
            "title": "Evaluations and reviews due",
            "items": items,
            "counts": queries.counts(items),
            "window": queries.WINDOW_DAYS,
            "soon_days": DUE_SOON_DAYS,
            "schools": schools if len(schools) > 1 else [],
            "school": school,
        },
    )


@login_required
def student(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    found = get_evaluation_student(user, student)
    record_access(request, obj=found, student_id=found.pk, summary="Evaluations")
    writer = can_edit_evaluation(user, found)
    form = StartForm(request.POST or None) if writer else None
    if request.method == "POST":
        found = get_evaluation_student(user, student, write=True)
        assert form is not None
        if form.is_valid():
            try:
                evaluation = services.start_evaluation(
                    actor=user,
                    student=found,
                    request=request,
                    **{name: form.cleaned_data[name] for name in StartForm.Meta.fields},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Started the {evaluation.get_kind_display().lower()}.")
                return redirect("evaluations:detail", evaluation.pk)
    evaluations = list(found.evaluations.select_related("evaluator").order_by("-pk"))
    return render(
        request,
        "evaluations/student.html",
        {
            "title": f"Evaluations of {found.known_as}",
            "student": found,
            "rows": [
                (e, queries.status_words(e, queries.due_of(e), timezone.localdate()))
                for e in evaluations
            ],
            "form": form,
        },
        status=_status(request),
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_evaluation(user, pk)
    record_access(request, obj=found, student_id=found.student_id, summary="Evaluation")
    writer = can_edit_evaluation(user, found.student)
    return _detail_page(request, found, writer=writer, test_form=TestForm() if writer else None)


def _detail_page(
    request: HttpRequest,
    found: Evaluation,
    *,
    writer: bool,
    test_form: TestForm | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "evaluations/detail.html",
        {
            **report_context(found),
            "title": f"{found.get_kind_display()} of {found.student.known_as}",
            "can_write": writer,
            "test_form": test_form,
        },
        status=status,
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_evaluation(user, pk, write=True)
    form = EvaluationForm(request.POST or None, instance=Evaluation.objects.get(pk=found.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_evaluation(
                actor=user,
                evaluation=found,
                # Only what the form sent: a box missing from the POST is not emptied (an
                # unticked checkbox sends nothing, so it always counts).
                values={
                    name: form.cleaned_data[name]
                    for name in form.fields
                    if name in request.POST or name == "early_agreed"
                },
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved the evaluation.")
            return redirect("evaluations:detail", found.pk)
    return render(
        request,
        "evaluations/edit.html",
        {
            "title": f"{found.get_kind_display()} of {found.student.known_as}",
            "evaluation": found,
            "student": found.student,
            "form": form,
            "basis": queries.basis(found),
        },
        status=_status(request),
    )


@login_required
@require_POST
def add_test(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_evaluation(user, pk, write=True)
    form = TestForm(request.POST)
    if form.is_valid():
        try:
            given = services.add_test(
                actor=user,
                evaluation=found,
                tool=form.cleaned_data["tool"],
                test_date=form.cleaned_data["test_date"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The score page shows the age-range warning at its top.
            messages.success(request, f"Added the {given.tool.short_name}: enter its scores.")
            return redirect("evaluations:scores", given.pk)
    return _detail_page(request, found, writer=True, test_form=form, status=400)


@login_required
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    given = get_administration(user, pk, write=request.method == "POST")
    student = given.evaluation.student
    record_access(request, obj=given, student_id=student.pk, summary="Test scores")
    parts = list(given.tool.parts.all())
    initial = {
        f"{s.part_id}-{name}": getattr(s, name)
        for s in given.scores.all()
        for name in services.SCORE_FIELDS
    }
    form = ScoresForm(request.POST or None, parts=parts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                actor=user, administration=given, scores=form.scores(), request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the scores of the {given.tool.short_name}.")
            return redirect("evaluations:detail", given.evaluation_id)
    return render(
        request,
        "evaluations/scores.html",
        {
            "title": f"{given.tool.short_name} scores for {student.known_as}",
            "given": given,
            "evaluation": given.evaluation,
            "student": student,
            "form": form,
            "warning": queries.tool_warning(given, student),
            "can_write": can_edit_evaluation(user, student),
        },
        status=_status(request),
    )


@login_required
@require_POST
def remove_test(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    given = get_administration(user, pk, write=True)
    evaluation_id = given.evaluation_id
    name = given.tool.short_name
    services.remove_test(actor=user, administration=given, request=request)
    messages.success(request, f"Removed the {name} and its scores.")
    return redirect("evaluations:detail", evaluation_id)


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_evaluation(user, pk)
    record_access(
        request,
        obj=found,
        student_id=found.student_id,
        action=AuditEvent.Action.PRINT,
        summary="Evaluation report PDF",
    )
    data = pdf_bytes(found, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evaluation-{found.pk}.pdf"'
    return response
