"""The parent portal: "How OT works for my child", the family's questions, the language
switch, the weekly email choice and the glossaries. Small views: a permission function,
a form, one service call."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.progress.queries import family_reports
from otdesk.students import services as student_services
from otdesk.students.models import Student
from otdesk.students.permissions import get_child, require_parent

from . import queries, services
from .forms import QuestionForm, ReplyForm, StrategyRequestForm
from .glossary import GLOSSARIES
from .models import Question
from .permissions import get_question_for_parent


def _portal(request: HttpRequest, child: Student | None) -> HttpResponse:
    user = current_user(request)
    children = queries.children(user)
    if child is None:
        if not children:
            return render(
                request, "family/no_children.html", {"title": _("Your child’s OT at school")}
            )
        child = get_child(user, children[0].pk)
    record_access(request, obj=child, student_id=child.pk, summary="Family portal")
    portal = queries.portal(child, timezone.localdate(), reader=user)
    return render(
        request,
        "family/portal.html",
        {
            "title": _("How OT works for %(name)s") % {"name": child.known_as},
            "child": child,
            "children": children,
            "portal": portal,
            "access": portal.access,
            "progress_reports": family_reports(child),
            "request_form": StrategyRequestForm(),
            "languages": settings.LANGUAGES,
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_parent(current_user(request))
    return _portal(request, None)


@login_required
def child(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_parent(current_user(request))
    return _portal(request, get_child(user, pk))


@login_required
def strategy_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for an agreed strategy (or something else) to be written into the IEP."""
    user = require_parent(current_user(request))
    kid = get_child(user, pk)
    strategy = None
    if strategy_text := request.POST.get("strategy"):
        strategy_id = parse_id(strategy_text)
        strategy = kid.strategies.filter(pk=strategy_id).first() if strategy_id else None
        if strategy is None:
            raise Http404(_("No such strategy for your child."))
    form = StrategyRequestForm(request.POST or None)
    text = request.POST.get("text", "") if request.method == "POST" else ""
    if request.method == "POST" and (strategy is not None or form.is_valid()):
        try:
            student_services.request_strategy(actor=user, student=kid, text=text, strategy=strategy)
        except ValidationError as exc:
            messages.error(request, " ".join(_(m) for m in exc.messages))
        else:
            messages.success(
                request,
                _("Your request was sent to the therapist. The team’s answer will show here."),
            )
        return redirect("family:child", kid.pk)
    return render(
        request,
        "family/request.html",
        {
            "title": _("Ask the team about %(name)s’s IEP") % {"name": kid.known_as},
            "child": kid,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_parent(current_user(request))
    kid = get_child(user, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(
                actor=user,
                student=kid,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your question was sent. The therapist’s answer will show here.")
            )
            return redirect("family:question", question.pk)
    return render(
        request,
        "family/ask.html",
        {
            "title": _("Ask %(name)s’s therapist a question") % {"name": kid.known_as},
            "child": kid,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    user = require_parent(current_user(request))
    thread = get_question_for_parent(user, question_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(
                actor=user, question=thread, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("family:question", thread.pk)
    else:
        record_access(request, obj=thread, student_id=thread.student_id, summary="Family question")
    thread = queries.thread_list(Question.objects.filter(pk=thread.pk)).get()
    return render(
        request,
        "family/question.html",
        {"title": thread.subject, "question": thread, "child": thread.student, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@login_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The language switch: remembered on the person (User.language) and in the cookie, so
    the sign-in page speaks it too."""
    user = current_user(request)
    try:
        services.set_language(user=user, language=request.POST.get("language", ""))
    except ValidationError:
        messages.error(request, _("Choose English or Spanish."))
        return redirect(_back(request))
    response = redirect(_back(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@login_required
@require_POST
def weekly_email(request: HttpRequest) -> HttpResponse:
    user = require_parent(current_user(request))
    wanted = request.POST.get("weekly_email") == "on"
    services.set_weekly_email(user=user, wanted=wanted)
    if wanted:
        messages.success(request, _("You will get an email each week about the sessions."))
    else:
        messages.success(request, _("The weekly email is turned off."))
    return redirect(_back(request))


def glossary(request: HttpRequest, key: str) -> HttpResponse:
    """The glossaries are for anyone (no child's record on them)."""
    found = GLOSSARIES.get(key)
    if found is None:
        raise Http404(_("No such glossary."))
    return render(
        request,
        "family/glossary.html",
        {"title": found.title, "glossary": found, "glossaries": GLOSSARIES.values()},
    )
