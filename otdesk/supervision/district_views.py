"""The coordinator's supervision page: who supervises each COTA of the district, whether
a contact is due, and assigning or ending a supervision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otdesk.accounts.permissions import coordinated_district
from otdesk.core.dates import nice_date
from otdesk.core.http import add_service_errors, current_user

from . import services
from .forms import AssignForm, EndForm
from .permissions import get_supervision_for_user, supervisions_visible_to
from .queries import (
    active_supervisions,
    district_cotas,
    district_ots,
    statuses,
    unsupervised_cotas,
)

ONLY_COORDINATOR = "Only a district coordinator assigns supervising OTs."


def _assign_form(district_id: int, data: object = None) -> AssignForm:
    return AssignForm(
        data,
        cotas=district_cotas(district_id),
        therapists=district_ots(district_id),
    )


def _page(request: HttpRequest, form: AssignForm, *, status: int = 200) -> HttpResponse:
    district = coordinated_district(current_user(request), ONLY_COORDINATOR)
    mine = supervisions_visible_to(current_user(request))
    return render(
        request,
        "supervision/district.html",
        {
            "title": "COTA supervision",
            "district": district,
            "rows": statuses(active_supervisions(mine)),
            "ended": mine.exclude(pk__in=active_supervisions(mine))
            .filter(end_date__isnull=False)
            .select_related("cota", "supervisor"),
            "unsupervised": unsupervised_cotas(district.pk),
            "form": form,
            "end_form": EndForm(),
        },
        status=status,
    )


@login_required
def district(request: HttpRequest) -> HttpResponse:
    district = coordinated_district(current_user(request), ONLY_COORDINATOR)
    return _page(request, _assign_form(district.pk))


@login_required
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = coordinated_district(user, ONLY_COORDINATOR)
    form = _assign_form(district.pk, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            supervision = services.assign_supervisor(
                actor=user,
                cota=data["cota"],
                supervisor=data["supervisor"],
                start_date=data["start_date"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved: {supervision}.")
            return redirect("supervision:district")
    return _page(request, form, status=400)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    supervision = get_supervision_for_user(user, pk, manage=True)
    form = EndForm(request.POST)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, "End date: " + " ".join(problems))
        return redirect("supervision:district")
    try:
        services.end_supervision(
            actor=user,
            supervision=supervision,
            end_date=form.cleaned_data["end_date"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{supervision.supervisor} supervises {supervision.cota} until "
            f"{nice_date(form.cleaned_data['end_date'])}.",
        )
    return redirect("supervision:district")
