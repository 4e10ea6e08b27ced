"""The coordinator's People page: the district's people by role, open invitations
(resend, cancel), inviting staff, and switching an account off or on (never deleting)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.permissions import coordinated_district, get_district_person
from otdesk.core.http import add_service_errors, current_user

from .. import services
from ..forms import InviteStaffForm
from ..queries import open_invitations, people_by_role, roster_people_waiting


def _page(request: HttpRequest, form: InviteStaffForm, status: int = 200) -> HttpResponse:
    district = coordinated_district(current_user(request))
    now = timezone.now()
    return render(
        request,
        "accounts/people.html",
        {
            "title": "People",
            "district": district,
            "groups": people_by_role(district),
            "invitations": open_invitations(district, now),
            "roster_waiting": roster_people_waiting(district).count(),
            "form": form,
            "days": services.invitation_lifetime().days,
        },
        status=status,
    )


@login_required
def people(request: HttpRequest) -> HttpResponse:
    coordinated_district(current_user(request))
    return _page(request, InviteStaffForm())


@login_required
def invite_staff(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = coordinated_district(user)
    if request.method != "POST":
        # Reloading the page a refused invitation left in the address bar.
        return redirect("accounts:people")
    form = InviteStaffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_staff(
                actor=user,
                district=district,
                email=data["email"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The invitation is on its way to {data['email']}.")
            return redirect("accounts:people")
    return _page(request, form)


@login_required
@require_POST
def invite_roster(request: HttpRequest) -> HttpResponse:
    """Invite everyone the roster import made who cannot sign in yet."""
    user = current_user(request)
    district = coordinated_district(user)
    try:
        sent = services.invite_roster_people(actor=user, district=district, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        words = (
            "1 invitation is on its way." if sent == 1 else f"{sent} invitations are on their way."
        )
        messages.success(request, words)
    return redirect("accounts:people")


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    user = current_user(request)
    person = get_district_person(user, pk)
    try:
        services.set_active(actor=user, person=person, active=active, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if active:
            messages.success(request, f"{person.display_name} can sign in again.")
        else:
            messages.success(
                request, f"{person.display_name} can no longer sign in. Their records stay."
            )
    return redirect("accounts:people")


@login_required
@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@login_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)
