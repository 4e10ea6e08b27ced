"""The supervising OT's and the COTA's pages: the supervision home, one supervision's
record (notes waiting, contacts), logging a contact, a note's review, and sending a
sent-back note for review again."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access
from otdesk.core.dates import nice_date
from otdesk.core.http import add_service_errors, current_user
from otdesk.delivery.models import Session

from . import services
from .forms import ContactForm, ResubmitForm, ReviewForm
from .models import ReviewOutcome, Supervision
from .permissions import (
    get_note_for_review,
    get_own_sent_back_note,
    get_supervision_for_user,
    is_cota,
    require_supervision_page,
    supervises,
    supervisions_visible_to,
)
from .queries import (
    WAITING,
    active_supervisions,
    note_state,
    recently_cosigned,
    sent_back_notes,
    statuses,
    students_named,
    supervision_of,
    waiting_notes,
)

DECISIONS = {"cosign": ReviewOutcome.COSIGNED, "send_back": ReviewOutcome.SENT_BACK}


def _log_reads(request: HttpRequest, sessions: Iterable[Session]) -> None:
    """A list that names students and their notes is a read of each student's record."""
    for session in sessions:
        for student_id in sorted(students_named([session])):
            record_access(
                request,
                obj=session,
                student_id=student_id,
                summary=f"Supervision: {session.provider}'s note of {nice_date(session.date)} "
                "listed for review",
            )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """An OT: the COTAs they supervise. A COTA: their supervision and notes under review."""
    user = require_supervision_page(current_user(request))
    mine = supervisions_visible_to(user)
    context: dict[str, object] = {
        "title": "Supervision",
        "rows": statuses(active_supervisions(mine)),
        "ended": mine.exclude(pk__in=active_supervisions(mine)).select_related(
            "cota", "supervisor"
        ),
        "as_cota": is_cota(user),
    }
    if is_cota(user):
        waiting = list(waiting_notes([user.pk]))
        sent_back = list(sent_back_notes([user.pk]))
        _log_reads(request, [*waiting, *sent_back])
        context |= {
            "waiting": waiting,
            "sent_back": sent_back,
            "cosigned": recently_cosigned(user.pk),
            "resubmit_form": ResubmitForm(),
        }
    return render(request, "supervision/home.html", context)


@login_required
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    supervision = get_supervision_for_user(user, pk)
    status = statuses(Supervision.objects.filter(pk=supervision.pk))[0]
    waiting = list(waiting_notes([supervision.cota_id]))
    sent_back = list(sent_back_notes([supervision.cota_id]))
    _log_reads(request, [*waiting, *sent_back])
    reviewer = supervises(user, supervision.cota_id)
    return render(
        request,
        "supervision/detail.html",
        {
            "title": f"Supervision of {supervision.cota}",
            "supervision": supervision,
            "status": status,
            "waiting": waiting,
            "sent_back": sent_back,
            "cosigned": recently_cosigned(supervision.cota_id),
            "contacts": supervision.contacts.select_related("logged_by"),
            "can_log": supervision.supervisor_id == user.pk and supervision.is_active(),
            "reviewer": reviewer,
            "own": supervision.cota_id == user.pk,
        },
    )


@login_required
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    supervision = get_supervision_for_user(user, pk, write=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.log_contact(
                actor=user,
                supervision=supervision,
                date=data["date"],
                kind=data["kind"],
                minutes=data["minutes"],
                note=data["note"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Logged: {contact}.")
            return redirect("supervision:detail", pk=supervision.pk)
    return render(
        request,
        "supervision/contact_form.html",
        {
            "title": f"Log a supervision contact with {supervision.cota}",
            "form": form,
            "supervision": supervision,
        },
        status=400 if request.method == "POST" else 200,
    )


def _review_page(
    request: HttpRequest, session: Session, form: ReviewForm, *, status: int = 200
) -> HttpResponse:
    user = current_user(request)
    state = note_state(session)
    attendees = list(
        session.attendees.select_related("student", "service_line").prefetch_related(
            "goal_data__goal"
        )
    )
    for record in attendees:
        record_access(
            request,
            obj=session,
            student_id=record.student_id,
            summary=f"Read {session.provider}'s note of {nice_date(session.date)} for review",
        )
    supervision = supervision_of(user, session.provider_id)
    own = session.provider_id == user.pk
    back, back_label = reverse("supervision:home"), "Supervision"
    if supervision is not None and not own:
        back = reverse("supervision:detail", args=[supervision.pk])
        back_label = f"Supervision of {session.provider}"
    return render(
        request,
        "supervision/review.html",
        {
            "title": f"{session.provider}'s note of {nice_date(session.date)}",
            "session": session,
            "state": state,
            "steps": session.reviews.select_related("by"),
            "attendees": attendees,
            "addenda": session.addenda.select_related("author"),
            "form": form,
            "can_review": not own and state.status == WAITING,
            "own": own,
            "back": back,
            "back_label": back_label,
        },
        status=status,
    )


@login_required
def note_review(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the note as the supervising OT reviews it. POST: co-sign or send back."""
    user = current_user(request)
    if request.method != "POST":
        return _review_page(request, get_note_for_review(user, pk), ReviewForm())
    session = get_note_for_review(user, pk, write=True)
    form = ReviewForm(request.POST)
    outcome = DECISIONS.get(request.POST.get("decision", ""))
    if outcome is None:
        form.add_error(None, "Choose to co-sign the note or to send it back.")
    if outcome is not None and form.is_valid():
        try:
            services.review_note(
                actor=user,
                session=session,
                outcome=outcome,
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = "Co-signed" if outcome == ReviewOutcome.COSIGNED else "Sent back"
            messages.success(
                request, f"{done}: {session.provider}'s note of {nice_date(session.date)}."
            )
            supervision = supervision_of(user, session.provider_id)
            if supervision is None:
                return redirect("supervision:home")
            return redirect("supervision:detail", pk=supervision.pk)
    return _review_page(request, session, form, status=400)


@login_required
@require_POST
def note_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    session = get_own_sent_back_note(user, pk)
    form = ResubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("supervision:home")
    try:
        services.resubmit_note(
            actor=user, session=session, comment=form.cleaned_data["comment"], request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Sent the note of {nice_date(session.date)} for review again.")
    return redirect("supervision:home")
