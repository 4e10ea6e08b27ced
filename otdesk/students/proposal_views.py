"""The student's OT accepts or declines a change a COTA proposed in a strategy review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from otdesk.core.http import current_user

from . import services
from .models import StrategyReview
from .permissions import can_change_strategy, get_student_for_user

DECISIONS = {"accept": True, "decline": False}


@login_required
@require_POST
def decide_proposal(
    request: HttpRequest, pk: int, strategy_id: int, review_id: int
) -> HttpResponse:
    user = current_user(request)
    student = get_student_for_user(user, pk)
    review = get_object_or_404(
        StrategyReview.objects.select_related("strategy__student"),
        pk=review_id,
        strategy_id=strategy_id,
        strategy__student=student,
    )
    if not can_change_strategy(user, student):
        raise PermissionDenied("Only the student's OT decides a proposed change.")
    accept = DECISIONS.get(request.POST.get("decision", ""))
    if accept is None:
        messages.error(request, "Choose whether to accept or decline the proposed change.")
    else:
        try:
            services.decide_proposal(actor=user, review=review, accept=accept, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = "Accepted; the strategy is changed." if accept else "Declined; nothing changed."
            messages.success(request, done)
    return redirect("students:strategy_history", pk=student.pk, strategy_id=review.strategy_id)
