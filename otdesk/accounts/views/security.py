"""Your account: password, and two-factor sign-in (set up, verify, recovery codes, off)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdesk.core.http import add_service_errors, current_user

from .. import two_factor
from ..forms import CodeForm, SetupCodeForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "title": _("Your account"),
            "has_two_factor": two_factor.has_two_factor(user),
            "required": two_factor.two_factor_required(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


def _codes_page(request: HttpRequest, codes: list[str], first_time: bool) -> HttpResponse:
    return render(
        request,
        "accounts/recovery_codes.html",
        {"title": _("Your recovery codes"), "codes": codes, "first_time": first_time},
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if two_factor.has_two_factor(user):
        return redirect("accounts:account")
    device = two_factor.pending_app_device(user=user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_app(
                user=user, device=device, code=form.cleaned_data["code"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _codes_page(request, codes, first_time=True)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "title": _("Set up two-factor sign-in"),
            "form": form,
            "key": two_factor.readable_key(device),
            "qr": two_factor.qr_svg(device),
            "required": two_factor.two_factor_required(user),
            "next": _next(request),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if two_factor.is_verified(request):
        return redirect(_next(request))
    if not two_factor.has_two_factor(user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify_code(user=user, code=form.cleaned_data["code"], request=request)
        if device is not None:
            return redirect(_next(request))
        form.add_error(
            "code",
            _(
                "That code does not match. Type the code your app shows now, or an unused "
                "recovery code. After several wrong codes, wait a little before trying again."
            ),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"title": _("Confirm it is you"), "form": form, "next": _next(request)},
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    try:
        codes = two_factor.regenerate_recovery_codes(user=user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:account")
    return _codes_page(request, codes, first_time=False)


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    try:
        two_factor.turn_off(user=user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:account")
