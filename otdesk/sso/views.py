"""District sign-in pages: the sign-in page with its district form, the start (the work
email, then off to the district's provider), the provider's answer, and the
coordinator's settings page. The protocol is in oidc.py and flow.py; writes in
services.py; who may do what in permissions.py."""

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from otdesk.core.http import add_service_errors, current_user
from otdesk.core.middleware import POLICY

from . import flow, oidc, queries, services
from .forms import DistrictEmailForm, DistrictSignInForm
from .permissions import Refused, settings_district

log = logging.getLogger(__name__)


def _allow_forms_to_providers(
    response: HttpResponse, sources: list[str] | None = None
) -> HttpResponse:
    """The page's policy, with its form allowed to lead to the districts' sign-in pages."""
    sources = queries.form_action_sources() if sources is None else sources
    if sources:
        policy = POLICY.replace("form-action 'self'", "form-action 'self' " + " ".join(sources))
        response.headers["Content-Security-Policy"] = policy
    return response


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class SignInView(LoginView):
    """Django's sign-in page, with "Sign in with your district account" when a district
    has it."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sources = queries.form_action_sources()
        if sources:
            context["district_form"] = DistrictEmailForm(initial={"next": context.get("next")})
            context["form_action_sources"] = sources
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        return _allow_forms_to_providers(response, context.get("form_action_sources", []))


def _start_page(request: HttpRequest, form: DistrictEmailForm, problem: str = "") -> HttpResponse:
    response = render(
        request,
        "sso/start.html",
        {"title": _("Sign in with your district account"), "form": form, "problem": problem},
        status=400 if request.method == "POST" else 200,
    )
    return _allow_forms_to_providers(response)


def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method != "POST":
        return _start_page(request, DistrictEmailForm(initial={"next": request.GET.get("next")}))
    form = DistrictEmailForm(request.POST)
    if not form.is_valid():
        return _start_page(request, form)
    try:
        started = flow.start(
            request,
            email=form.cleaned_data["email"],
            next_url=_safe_next(request, form.cleaned_data["next"]),
        )
    except oidc.OIDCError as exc:
        log.warning("District sign-in could not start: %s", exc.reason)
        return _start_page(request, form, exc.message)
    if started.direct:
        return redirect(started.url)
    # The provider's sign-in page is on another origin than its issuer: a link, which the
    # form's policy does not govern.
    return render(
        request, "sso/continue.html", {"title": _("Go on to your district"), "url": started.url}
    )


def callback(request: HttpRequest) -> HttpResponse:
    try:
        _person, next_url = flow.finish(request, request.GET)
    except (oidc.OIDCError, Refused) as exc:
        log.warning("District sign-in refused: %s", exc.reason)
        return render(
            request,
            "sso/refused.html",
            {
                "title": _("You are not signed in"),
                "message": exc.message,
                "reason": exc.reason,
            },
            status=403 if isinstance(exc, Refused) else 400,
        )
    return redirect(_safe_next(request, next_url) or resolve_url("home"))


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = settings_district(user)
    from_env = queries.environment_setup()
    env_setup = from_env if from_env and from_env.district.pk == district.pk else None
    record = queries.stored_setup(district)
    hint = queries.secret_hint(record.client_secret if record else "")
    form = None
    if env_setup is None:
        initial = (
            {name: getattr(record, name) for name in services.SHOWN_FIELDS}
            if record is not None
            else {"kind": "google"}
        )
        form = DistrictSignInForm(request.POST or None, initial=initial, secret_hint=hint)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_district_sign_in(
                    actor=user, district=district, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "District sign-in is saved.")
                return redirect("sso:settings")
    return render(
        request,
        "sso/settings.html",
        {
            "title": "District sign-in",
            "district": district,
            "env_setup": env_setup,
            "record": record,
            "secret_hint": queries.secret_hint(env_setup.client_secret) if env_setup else hint,
            "form": form,
            "callback_url": flow.callback_url(request),
        },
        status=400 if request.method == "POST" else 200,
    )
