"""The therapist's side of the family's questions: the threads about the students they
serve, linked from the team queue (/team/); the child's OT answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from otdesk.accounts.permissions import require_therapist
from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors, current_user

from . import queries, services
from .forms import AnswerForm
from .models import Question
from .permissions import can_answer, get_question_for_therapist, questions_for_therapist


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    user = require_therapist(current_user(request), "Families’ questions are for therapists.")
    threads = list(queries.thread_list(questions_for_therapist(user)))
    for thread in threads:
        record_access(request, obj=thread, student_id=thread.student_id, summary="Family question")
    return render(
        request,
        "family/team_questions.html",
        {
            "title": "Questions from families",
            "waiting": [q for q in threads if not q.answered],
            "answered": [q for q in threads if q.answered],
        },
    )


@login_required
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    user = require_therapist(current_user(request), "Families’ questions are for therapists.")
    writing = request.method == "POST"
    thread = get_question_for_therapist(user, question_id, answer=writing)
    form = AnswerForm(request.POST or None)
    if writing and form.is_valid():
        try:
            services.reply(
                actor=user, question=thread, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your answer was sent to the family.")
            return redirect("family:team_question", thread.pk)
    elif not writing:
        record_access(request, obj=thread, student_id=thread.student_id, summary="Family question")
    thread = queries.thread_list(Question.objects.filter(pk=thread.pk)).get()
    return render(
        request,
        "family/team_question.html",
        {
            "title": f"{thread.student.known_as}’s family asks: {thread.subject}",
            "question": thread,
            "form": form,
            "can_answer": can_answer(user, thread),
        },
        status=400 if writing else 200,
    )
