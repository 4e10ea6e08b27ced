"""Missed sessions: recording one from its card on Today, voiding one recorded by mistake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from otdesk.accounts.models import User
from otdesk.core.http import add_service_errors
from otdesk.students.permissions import served_students

from .. import services
from ..forms import MissedForm, VoidForm
from ..models import MissedSession
from ..policy import Policy
from .common import card_url, form_problems, parse_day, planned_for, tell_card, therapist


def _recorded(provider: User, misses: list[MissedSession]) -> str | SafeString:
    """What recording the misses means: whether a make-up is owed (with a link to plan
    each one) by the district's policy on their date."""
    first = misses[0]
    policy = Policy.for_district(provider.district) if provider.district else Policy()
    owed = policy.is_owed(first.reason, first.date)
    text = f"Recorded as missed for {len(misses)} student{'s' if len(misses) != 1 else ''}. " + (
        f"A make-up of {first.minutes} min is owed to each."
        if owed
        else "District policy: no make-up is owed for this reason."
    )
    if not owed:
        return text
    return format_html(
        "{} Plan a make-up: {}.",
        text,
        format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("scheduling:makeup_plan", args=[m.pk]), m.student.full_name) for m in misses),
        ),
    )


@login_required
def record_missed(request: HttpRequest, pk: int) -> HttpResponse:
    provider = therapist(request)
    planned = planned_for(provider, pk)
    day = parse_day(request.GET.get("date"), timezone.localdate())
    form = MissedForm(
        request.POST or None,
        initial={"date": day, "minutes": planned.minutes, "students": list(planned.students.all())},
        students=planned.students.filter(pk__in=served_students(provider)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            misses = services.record_missed_session(
                actor=provider,
                students=list(data["students"]),
                date=data["date"],
                minutes=data["minutes"],
                reason=data["reason"],
                detail=data["detail"],
                planned=planned,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = _recorded(provider, misses)
            tell_card(request, messages.SUCCESS, text, planned_id=pk, day=data["date"])
            return redirect(card_url(pk, data["date"]))
    return render(
        request,
        "delivery/missed_form.html",
        {
            "title": "Record a missed session",
            "form": form,
            "planned": planned,
            "back": card_url(planned.pk, day),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def void_missed(request: HttpRequest, pk: int) -> HttpResponse:
    """A miss recorded by mistake is voided with a reason; it stays in the ledger, marked."""
    provider = therapist(request)
    miss = get_object_or_404(
        MissedSession, pk=pk, student__in=served_students(provider), voided_at__isnull=True
    )
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_missed_session(
                actor=provider, miss=miss, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Voided. The missed session no longer counts.")
    else:
        messages.error(request, form_problems(form))
    return redirect("students:detail", pk=miss.student_id)
