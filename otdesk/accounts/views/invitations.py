"""Invitations: accepting one (the link in the email), and the OT's "Invite a parent or
guardian" for a student; resending or cancelling one (its coordinator, or the child's OT)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors, current_user
from otdesk.students.permissions import is_parent

from .. import services
from ..forms import AcceptForm, InviteGuardianForm
from ..invite_permissions import (
    find_invitation,
    get_managed_invitation,
    pending_for_student,
    student_for_guardian_invite,
)
from ..models import Invitation, User
from ..permissions import is_coordinator_of

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _problem(request: HttpRequest, state: str, invitation: Invitation | None) -> HttpResponse:
    """A link that cannot be used, explained: unknown, used, cancelled or expired."""
    return render(
        request,
        "accounts/invitation_problem.html",
        {"title": _("This invitation link does not work"), "state": state, "inv": invitation},
        status=404 if invitation is None else 410,
    )


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email. Someone not signed in reads it in the language chosen for
    them (a signed-in person's own choice applies otherwise)."""
    invitation = find_invitation(token)
    language = "" if invitation is None or request.user.is_authenticated else invitation.language
    with translation.override(language or translation.get_language()):
        return _accept(request, token, invitation)


def _accept(request: HttpRequest, token: str, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        return _problem(request, "unknown", None)
    state = invitation.state(timezone.now())
    if state != "pending":
        return _problem(request, state, invitation)
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    form = AcceptForm(
        request.POST or None,
        initial={
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "username": invitation.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.accept_with_new_account(
                invitation=invitation,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome to OT Desk. Your account is ready."))
            return redirect("home")
    return render(
        request,
        "accounts/accept.html",
        {
            "title": _("Make your OT Desk account"),
            "form": form,
            "inv": invitation,
            "login_then_back": f"{reverse('login')}?{urlencode({'next': request.path})}",
        },
    )


def _accept_signed_in(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """A guardian already signed in adds the child; anyone else is told to sign out."""
    user = current_user(request)
    can_add = invitation.is_guardian and is_parent(user)
    if can_add and request.method == "POST":
        try:
            services.accept_as_existing_guardian(invitation=invitation, user=user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            assert invitation.student is not None
            messages.success(
                request,
                _("%(name)s is now on your account.") % {"name": invitation.student.first_name},
            )
            return redirect("home")
    return render(
        request,
        "accounts/accept_signed_in.html",
        {"title": _("Your OT Desk invitation"), "inv": invitation, "can_add": can_add},
    )


@login_required
def invite_guardian(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    student = student_for_guardian_invite(user, pk)
    form = InviteGuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_guardian(
                actor=user,
                student=student,
                email=data["email"],
                relationship=data["relationship"],
                language=data["language"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The invitation is on its way to {data['email']}.")
            return redirect("accounts:invite_guardian", pk=student.pk)
    if request.method == "GET":
        record_access(
            request, obj=student, student_id=student.pk, summary="Opened the guardian invitations"
        )
    return render(
        request,
        "accounts/invite_guardian.html",
        {
            "title": f"Invite a parent or guardian of {student.first_name}",
            "student": student,
            "form": form,
            "pending": pending_for_student(student),
            "now": timezone.now(),
        },
    )


def _back(user: User, invitation: Invitation) -> HttpResponse:
    """Back to where the button was: the student's invite page, or the People page."""
    if invitation.student_id is not None and not is_coordinator_of(user, invitation.district_id):
        return redirect("accounts:invite_guardian", pk=invitation.student_id)
    return redirect("accounts:people")


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    invitation = get_managed_invitation(user, pk)
    try:
        services.resend_invitation(actor=user, invitation=invitation, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"A new link is on its way to {invitation.email}.")
    return _back(user, invitation)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    invitation = get_managed_invitation(user, pk)
    try:
        services.cancel_invitation(actor=user, invitation=invitation, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The invitation for {invitation.email} is cancelled.")
    return _back(user, invitation)
