from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm, model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_therapist, require_therapist
from otdesk.core.audit import record_access
from otdesk.core.dates import nice_date
from otdesk.core.http import add_service_errors as _form_errors
from otdesk.core.http import current_user as _user
from otdesk.core.versions import Stale, show_conflict
from otdesk.retention.permissions import may_destroy

from . import services
from .forms import (
    AnswerForm,
    ConcernForm,
    DecisionForm,
    GoalForm,
    IEPForm,
    ServiceLineForm,
    StrategyForm,
    StrategyReviewForm,
)
from .models import (
    IEP,
    Concern,
    Goal,
    ServiceLine,
    Strategy,
    StrategyRequest,
    StrategyReview,
    Student,
)
from .panels import panels_for
from .permissions import (
    can_change_strategy,
    can_edit_iep,
    can_raise_concern,
    evaluation_students,
    get_student_for_user,
    is_parent,
    may_decide_request,
    may_export_record,
    served_students,
    serves,
    students_visible_to,
)
from .queries import caseload_rows, due_status, reevaluation_statuses, student_record
from .queries import team_queue as team_queue_for

CASELOAD_TITLES = {
    Role.OT: "Your caseload",
    Role.COTA: "Your caseload",
    Role.TEACHER: "Students in your classes",
    Role.SPECIALIST: "Students you share",
    Role.COORDINATOR: "Students in the district",
}

# Where the people who are not therapists or parents start their day (others: the caseload).
LANDING = {
    Role.AIDE: "programs:list",
    Role.BEHAVIORIST: "programs:list",
    Role.TEACHER: "teamwork:classroom",
    Role.SPECIALIST: "teamwork:shared",
    Role.OPERATOR: "admin:index",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person lands on the task they do most."""
    user = _user(request)
    if is_therapist(user):
        return redirect("delivery:week")
    if is_parent(user):
        return redirect("family:home")
    return redirect(LANDING.get(Role(user.role), "students:caseload"))


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
        "can_review": serves(user, student),
        "can_raise": can_raise_concern(user, student),
        "today": today,
        "annual_review": due_status(iep.annual_review_due if iep else None, today),
        "reevaluation": reevaluation_statuses({student.pk: iep}, today)[student.pk],
        "sees_evaluations": evaluation_students(user).filter(pk=student.pk).exists(),
        "can_export_record": may_export_record(user, student),
        "can_destroy": may_destroy(user, student),
        **record,
    }
    return render(request, "students/student_detail.html", context)


def _edit(
    request: HttpRequest,
    *,
    student: Student,
    form: ModelForm,
    save: Callable[..., object],
    title: str,
    button: str,
) -> HttpResponse:
    """Shared flow of the IEP forms: validate, save through the service, or show the errors."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=_user(request), obj=form.instance)
        except Stale as stale:
            show_conflict(form, stale, model_to_dict(stale.current))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved: {form.instance}.")
            return redirect(reverse("students:detail", args=[student.pk]))
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


# Strategies, concerns and parent requests ---------------------------------------------


@login_required
def team_queue(request: HttpRequest) -> HttpResponse:
    """What the team is waiting on: reviews due, new concerns, parents' requests."""
    user = require_therapist(_user(request), "Only therapists have a team queue.")
    queue = team_queue_for(user, timezone.localdate())
    return render(
        request,
        "students/team_queue.html",
        {
            "title": "What the team is waiting on",
            "due": queue.due,
            "concerns": queue.concerns,
            "requests": queue.requests,
            "proposals": queue.proposals,
        },
    )


@login_required
def strategy_history(request: HttpRequest, pk: int, strategy_id: int) -> HttpResponse:
    user = _user(request)
    student = get_student_for_user(user, pk)
    strategy = get_object_or_404(Strategy, pk=strategy_id, student=student)
    record_access(request, obj=strategy, student_id=student.pk, summary="Read a strategy's history")
    return render(
        request,
        "students/strategy_history.html",
        {
            "title": f"Strategy history: {strategy.description}",
            "student": student,
            "strategy": strategy,
            "reviews": strategy.reviews.select_related("reviewer", "decided_by"),
            "requests": strategy.requests.select_related("requested_by", "decided_by"),
            "can_review": serves(user, student),
            "can_decide": can_change_strategy(user, student),
        },
    )


@login_required
def strategy_review(request: HttpRequest, pk: int, strategy_id: int) -> HttpResponse:
    user = _user(request)
    student = get_student_for_user(user, pk)
    if not serves(user, student):
        raise PermissionDenied("Only the student's therapists review strategies.")
    strategy = get_object_or_404(Strategy, pk=strategy_id, student=student)
    proposing = not can_change_strategy(user, student)
    form = StrategyReviewForm(
        request.POST or None,
        initial={"date": timezone.localdate()},
        instance=StrategyReview(strategy=strategy, reviewer=user),
        proposing=proposing,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_strategy(
                actor=user,
                strategy=strategy,
                date=data["date"],
                outcome=data["outcome"],
                observed=data["observed"],
                consulted=data["consulted"],
                new_description=data["description_after"],
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            proposed = " Your proposed change waits for the OT." if review.proposal else ""
            messages.success(
                request,
                f"Review saved. Next review: {nice_date(strategy.next_review_date) or 'none'}."
                + proposed,
            )
            return redirect("students:strategy_history", pk=student.pk, strategy_id=strategy.pk)
    return render(
        request,
        "students/strategy_review.html",
        {
            "title": "Review a strategy",
            "student": student,
            "strategy": strategy,
            "form": form,
            "proposing": proposing,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def concern_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    student = get_student_for_user(user, pk)
    if not can_raise_concern(user, student):
        raise PermissionDenied("You can read this record but not raise concerns on it.")
    form = ConcernForm(request.POST or None, instance=Concern(student=student, raised_by=user))
    if request.method == "POST" and form.is_valid():
        services.raise_concern(
            actor=user,
            student=student,
            text=form.cleaned_data["text"],
            area=form.cleaned_data["area"],
        )
        messages.success(request, "Thank you. The therapist will see your concern and answer it.")
        return redirect("students:detail", pk=student.pk)
    return render(
        request,
        "students/concern_form.html",
        {"title": f"Raise a concern about {student.full_name}", "student": student, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def concern_answer(request: HttpRequest, concern_id: int) -> HttpResponse:
    """A student's OT or COTA answers a concern (a teacher's, or one a consultation raised);
    others who can read the student's record see it there but get 403 here."""
    user = _user(request)
    concern = get_object_or_404(
        Concern.objects.select_related("student", "raised_by", "consultation_entry__consultation"),
        pk=concern_id,
        student__in=students_visible_to(user),
    )
    if not serves(user, concern.student):
        raise PermissionDenied("Only the student's OT or COTA answers concerns.")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.answer_concern(actor=user, concern=concern, response=form.cleaned_data["response"])
        messages.success(request, f"Answered {concern.raised_by.display_name}'s concern.")
        return redirect("students:team_queue")
    return render(
        request,
        "students/answer_form.html",
        {"title": "Answer a concern", "concern": concern, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    user = require_therapist(_user(request), "Only therapists decide parents' requests.")
    strategy_request = get_object_or_404(
        StrategyRequest.objects.select_related("student", "requested_by", "strategy"),
        pk=request_id,
        student__in=served_students(user),
    )
    posted = request.POST.get("status", "")
    if request.method == "POST" and not may_decide_request(user, strategy_request, posted):
        raise PermissionDenied("Only the student's OT decides that a request is added to the IEP.")
    may_add = may_decide_request(user, strategy_request, StrategyRequest.Status.ADDED)
    form = DecisionForm(request.POST or None, may_add=may_add)
    if request.method == "POST" and form.is_valid():
        services.decide_request(
            actor=user,
            strategy_request=strategy_request,
            status=form.cleaned_data["status"],
            decision=form.cleaned_data["decision"],
            request=request,
        )
        messages.success(request, "Decision recorded; the parent sees it on their page.")
        return redirect("students:team_queue")
    return render(
        request,
        "students/decision_form.html",
        {"title": "Record the team's decision", "req": strategy_request, "form": form},
        status=400 if request.method == "POST" else 200,
    )
