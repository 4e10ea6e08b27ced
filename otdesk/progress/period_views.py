"""The district coordinator's set-up of progress reporting: the reporting periods
(/progress/periods/) and the progress codes (/progress/codes/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otdesk.core.http import add_service_errors, current_user
from otdesk.schools.models import ReportingPeriod

from . import queries, services
from .forms import CodeForm, PeriodForm
from .models import ProgressCode
from .permissions import coordinator_district, get_code, get_period


def _period_page(
    request: HttpRequest, period: ReportingPeriod, *, title: str, button: str
) -> HttpResponse:
    user = current_user(request)
    district = period.district
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_period(actor=user, period=form.instance, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the reporting period {form.instance}.")
            return redirect("progress:periods")
    return render(
        request,
        "progress/periods.html",
        {
            "title": title,
            "button": button,
            "district": district,
            "form": form,
            "editing": period.pk,
            "periods": queries.periods_of(district),
        },
    )


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    district = coordinator_district(current_user(request))
    return _period_page(
        request, ReportingPeriod(district=district), title="Reporting periods", button="Add period"
    )


@login_required
def period_edit(request: HttpRequest, period: int) -> HttpResponse:
    found = get_period(current_user(request), period)
    return _period_page(request, found, title=f"Change {found.name}", button="Save period")


@login_required
@require_POST
def period_delete(request: HttpRequest, period: int) -> HttpResponse:
    user = current_user(request)
    found = get_period(user, period)
    words = str(found)
    try:
        services.delete_period(actor=user, period=found, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Removed the reporting period {words}.")
    return redirect("progress:periods")


def _code_page(
    request: HttpRequest, code: ProgressCode, *, title: str, button: str
) -> HttpResponse:
    user = current_user(request)
    form = CodeForm(request.POST or None, instance=code)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_code(actor=user, code=form.instance, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the progress code “{form.instance.label}”.")
            return redirect("progress:codes")
    return render(
        request,
        "progress/codes.html",
        {
            "title": title,
            "button": button,
            "form": form,
            "editing": code.pk,
            "codes": list(queries.codes_of(code.district, active_only=False)),
        },
    )


@login_required
def codes(request: HttpRequest) -> HttpResponse:
    district = coordinator_district(current_user(request))
    services.ensure_default_codes(district=district)
    return _code_page(
        request, ProgressCode(district=district), title="Progress codes", button="Add code"
    )


@login_required
def code_edit(request: HttpRequest, code: int) -> HttpResponse:
    found = get_code(current_user(request), code)
    return _code_page(request, found, title=f"Change “{found.label}”", button="Save code")
