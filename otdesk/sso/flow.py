"""A sign-in with a district account, from the work email to the signed-in person.

start(): the email picks the district's configuration (queries.setup_for_email); a new
state, nonce and PKCE verifier are kept in the session under the state, with the address
the provider must send the person back to and the page they were going to. finish(): the
state the provider sends back must be one of those (and is used up by it, whatever
follows), then the code is exchanged, the ID token checked (oidc.py), the email matched to
a staff member (permissions.py) and the person signed in (services.py).

A pending sign-in lasts 10 minutes; a session keeps at most 5 (several tabs)."""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from otdesk.accounts.models import User
from otdesk.schools.models import District

from . import oidc, services
from .permissions import Refused, check_domain, person_for_email
from .queries import Setup, form_action_sources, setup_for, setup_for_email

PENDING_KEY = "otdesk_sso_pending"
PENDING_SECONDS = 600
MAX_PENDING = 5

NOT_SET_UP = (
    "District sign-in is not set up for {domain}. Sign in with your username and password, "
    "or ask your coordinator."
)
STALE = (
    "This sign-in was already used or has run out (it lasts 10 minutes). Start again from "
    "the sign-in page."
)
CANCELLED = (
    "You stopped at your district's sign-in page, so you are not signed in. Try again, or "
    "sign in with your username and password."
)
SWITCHED_OFF = (
    "District sign-in was switched off or changed while you were signing in. Start again "
    "from the sign-in page."
)


@dataclass(frozen=True)
class Started:
    url: str  # the provider's sign-in page
    direct: bool  # the sign-in form's page allows it (CSP form-action): redirect at once


def callback_url(request: HttpRequest) -> str:
    """Where the provider sends the person back: OTDESK_OIDC_REDIRECT_URI, else this site."""
    return settings.OTDESK_OIDC_REDIRECT_URI or request.build_absolute_uri(reverse("sso:callback"))


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """The session's pending sign-ins that have not run out."""
    stored = request.session.get(PENDING_KEY)
    if not isinstance(stored, dict):
        return {}
    now = time.time()
    return {
        state: entry
        for state, entry in stored.items()
        if isinstance(entry, dict) and now - float(entry.get("at", 0)) < PENDING_SECONDS
    }


def start(request: HttpRequest, *, email: str, next_url: str) -> Started:
    setup = setup_for_email(email)
    if setup is None:
        domain = email.rsplit("@", 1)[-1].lower()
        raise oidc.OIDCError(NOT_SET_UP.format(domain=domain), "no configuration for it")
    discovery = oidc.discover(setup.issuer)
    state, nonce = oidc.new_secret(), oidc.new_secret()
    verifier, challenge = oidc.new_pkce()
    redirect_uri = callback_url(request)
    pending = _pending(request)
    newest = sorted(pending.items(), key=lambda item: float(item[1].get("at", 0)))
    pending = dict(newest[-(MAX_PENDING - 1) :])
    pending[state] = {
        "at": time.time(),
        "district": setup.district.pk,
        "issuer": setup.issuer,
        "client_id": setup.client_id,
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "next": next_url,
    }
    request.session[PENDING_KEY] = pending
    url = oidc.authorization_url(
        discovery,
        setup.client,
        redirect_uri=redirect_uri,
        state=state,
        nonce=nonce,
        challenge=challenge,
        login_hint=email,
    )
    return Started(url, oidc.origin(url) in form_action_sources())


def _take(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """The pending sign-in of this state, used up now (single use)."""
    if PENDING_KEY not in request.session:
        return None  # nothing started in this session (and no session is made for it)
    pending = _pending(request)
    entry = pending.pop(state, None) if state else None
    request.session[PENDING_KEY] = pending
    return entry


def _error_message(error: str) -> oidc.OIDCError:
    code = "".join(c for c in error if c.isascii() and (c.isalnum() or c in "_-"))[:40]
    if code == "access_denied":
        return oidc.OIDCError(CANCELLED, "the provider answered access_denied")
    return oidc.OIDCError(
        f"Your district's sign-in page answered “{code}”, so you are not signed in. Try "
        "again; if it happens again, tell your coordinator.",
        f"the provider answered {code}",
    )


def _setup(entry: dict[str, Any]) -> Setup:
    pk = entry.get("district")
    district = District.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    setup = setup_for(district) if district is not None else None
    if (
        setup is None
        or setup.issuer != entry.get("issuer")
        or setup.client_id != entry.get("client_id")
    ):
        raise oidc.OIDCError(SWITCHED_OFF, "the configuration changed since the start")
    return setup


def finish(request: HttpRequest, params: QueryDict) -> tuple[User, str]:
    """The signed-in person and the page they were going to; OIDCError or Refused."""
    entry = _take(request, params.get("state", ""))
    if entry is None:
        raise oidc.OIDCError(STALE, "the state is unknown, used or run out")
    if params.get("error"):
        raise _error_message(params.get("error", ""))
    code = params.get("code", "")
    if not code:
        raise oidc.OIDCError(STALE, "the provider sent no code")
    setup = _setup(entry)
    discovery = oidc.discover(setup.issuer)
    token = oidc.exchange_code(
        discovery,
        setup.client,
        code=code,
        redirect_uri=str(entry["redirect_uri"]),
        verifier=str(entry["verifier"]),
    )
    claims = oidc.verify_id_token(discovery, setup.client, token, nonce=str(entry["nonce"]))
    email = oidc.verified_email(claims, microsoft=setup.microsoft)
    try:
        check_domain(setup, email, claims)
        person = person_for_email(setup.district, email)
    except Refused as refused:
        if refused.person is not None:
            services.record_refused_sign_in(
                request=request, person=refused.person, reason=refused.reason
            )
        raise
    services.complete_sign_in(request=request, user=person, setup=setup)
    return person, str(entry.get("next") or "")
