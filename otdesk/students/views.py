from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.models import Role, User

from . import services
from .forms import GoalForm, IEPForm, ServiceLineForm, StrategyForm
from .models import IEP, Goal, ServiceLine, Strategy, Student
from .panels import panels_for
from .permissions import can_edit_iep, get_student_for_user
from .queries import caseload_rows, due_status, student_record


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


CASELOAD_TITLES = {
    Role.OT: "Your caseload",
    Role.COTA: "Your caseload",
    Role.TEACHER: "Students in your classes",
    Role.SPECIALIST: "Students you share",
    Role.COORDINATOR: "Students in the district",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if _user(request).role in (Role.OT, Role.COTA):
        return redirect("delivery:week")
    return redirect("students:caseload")


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    rows = caseload_rows(user, today)
    title = CASELOAD_TITLES.get(Role(user.role), "Students")
    flagged = sum(1 for r in rows if "overdue" in (r.annual_review.status, r.reevaluation.status))
    return render(
        request,
        "students/caseload.html",
        {"rows": rows, "title": title, "today": today, "overdue_count": flagged},
    )


@login_required
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    student = get_student_for_user(user, pk)
    services.record_student_view(actor=user, student=student)
    record = student_record(student)
    today = timezone.localdate()
    iep = record["iep"]
    assert iep is None or isinstance(iep, IEP)
    context = {
        "panels": panels_for(request, student),
        "student": student,
        "can_edit": can_edit_iep(user, student),
        "today": today,
        "annual_review": due_status(iep.annual_review_due if iep else None, today),
        "reevaluation": due_status(iep.reevaluation_due if iep else None, today),
        **record,
    }
    return render(request, "students/student_detail.html", context)


def _edit(
    request: HttpRequest,
    *,
    student: Student,
    form: ModelForm,
    save: object,
    title: str,
    button: str,
) -> HttpResponse:
    """Shared flow of the IEP forms: validate, save through the service, or show the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=_user(request), obj=form.instance)  # type: ignore[operator]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved: {form.instance}.")
            return redirect(reverse("students:detail", args=[student.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "students/record_form.html",
        {"student": student, "form": form, "title": title, "button": button},
        status=status,
    )


def _save_iep(*, actor: User, obj: IEP) -> None:
    services.save_iep(actor=actor, iep=obj)


def _save_line(*, actor: User, obj: ServiceLine) -> None:
    services.save_service_line(actor=actor, line=obj)


def _save_goal(*, actor: User, obj: Goal) -> None:
    services.save_goal(actor=actor, goal=obj)


def _save_strategy(*, actor: User, obj: Strategy) -> None:
    services.save_strategy(actor=actor, strategy=obj)


def _current_iep(student: Student) -> IEP:
    iep = student.ieps.filter(status=IEP.Status.ACTIVE).first() or student.ieps.first()
    if iep is None:
        from django.http import Http404

        raise Http404("This student has no IEP yet.")
    return iep


@login_required
def iep_edit(request: HttpRequest, pk: int) -> HttpResponse:
    student = get_student_for_user(_user(request), pk, write=True)
    iep = _current_iep(student)
    form = IEPForm(request.POST or None, instance=iep)
    return _edit(
        request, student=student, form=form, save=_save_iep, title="IEP dates", button="Save IEP"
    )


@login_required
def service_line_form(request: HttpRequest, pk: int, line_id: int | None = None) -> HttpResponse:
    student = get_student_for_user(_user(request), pk, write=True)
    iep = _current_iep(student)
    if line_id is None:
        line = ServiceLine(iep=iep, start_date=iep.start_date, end_date=iep.end_date)
        title, button = "Add a service line", "Add service line"
    else:
        line = get_object_or_404(ServiceLine, pk=line_id, iep__student=student)
        title, button = "Change a service line", "Save service line"
    form = ServiceLineForm(request.POST or None, instance=line)
    return _edit(request, student=student, form=form, save=_save_line, title=title, button=button)


@login_required
def goal_form(request: HttpRequest, pk: int, goal_id: int | None = None) -> HttpResponse:
    student = get_student_for_user(_user(request), pk, write=True)
    if goal_id is None:
        goal = Goal(iep=_current_iep(student))
        title, button = "Add a goal", "Add goal"
    else:
        goal = get_object_or_404(Goal, pk=goal_id, iep__student=student)
        title, button = "Change a goal", "Save goal"
    form = GoalForm(request.POST or None, instance=goal)
    return _edit(request, student=student, form=form, save=_save_goal, title=title, button=button)


@login_required
def strategy_form(request: HttpRequest, pk: int, strategy_id: int | None = None) -> HttpResponse:
    student = get_student_for_user(_user(request), pk, write=True)
    if strategy_id is None:
        strategy = Strategy(student=student, start_date=timezone.localdate())
        title, button = "Add a strategy", "Add strategy"
    else:
        strategy = get_object_or_404(Strategy, pk=strategy_id, student=student)
        title, button = "Change a strategy", "Save strategy"
    form = StrategyForm(request.POST or None, instance=strategy, student=student)
    return _edit(
        request, student=student, form=form, save=_save_strategy, title=title, button=button
    )
