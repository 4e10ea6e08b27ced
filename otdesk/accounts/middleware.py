"""Session limits and the two-factor gate, for every request of a signed-in person.

- SessionTimeoutMiddleware: a session ends after settings.OTDESK_IDLE_MINUTES without a
  request, and settings.OTDESK_ABSOLUTE_HOURS after signing in, whichever comes first.
- TwoFactorMiddleware: a person who has two-factor turned on confirms a code after the
  password (verified: django_otp.login wrote the device into the session,
  two_factor.is_verified); one who must have it (two_factor.two_factor_required, and
  anyone reaching /admin/) and has not set it up is sent to set it up. Until then the only pages
  are the set-up and verify steps, signing out and the static files.
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .models import User
from .two_factor import NONE, SET_UP, STEP_SESSION_KEY, VERIFY, is_verified, second_step

SIGNED_IN_AT = "otdesk_signed_in_at"
LAST_SEEN_AT = "otdesk_last_seen_at"


# The idle clock is written to the session at most this often (a write per request would
# cost every page a query); the idle limit is therefore exact to within this.
LAST_SEEN_EVERY_SECONDS = 60


def start_session_clock(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    """On signing in (connected in apps.py): the absolute and idle clocks start now, and
    the sign-in's second step is known."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
        request.session[STEP_SESSION_KEY] = second_step(user)


def session_ended(session: dict[str, object], now: float) -> str | None:
    """Why this session is over ('idle' or 'absolute'), or None while it may go on."""
    signed_in = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN_AT)
    if not isinstance(signed_in, float | int) or not isinstance(last_seen, float | int):
        return None
    if now - signed_in >= settings.OTDESK_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if now - last_seen >= settings.OTDESK_IDLE_MINUTES * 60:
        return "idle"
    return None


def _to(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows as a whole page."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method == "GET" and not request.headers.get("HX-Request"):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            why = session_ended(request.session, now)
            if why is not None:
                logout(request)
                if why == "idle":
                    text = (
                        f"You were signed out after {settings.OTDESK_IDLE_MINUTES} minutes "
                        "without activity. Sign in again to go on."
                    )
                else:
                    text = (
                        f"You were signed out {settings.OTDESK_ABSOLUTE_HOURS} hours after "
                        "signing in. Sign in again to go on."
                    )
                messages.info(request, text)
                return _to(request, _with_next(reverse("login"), request))
            if SIGNED_IN_AT not in request.session:
                request.session[SIGNED_IN_AT] = now
            last_seen = request.session.get(LAST_SEEN_AT)
            if not isinstance(last_seen, float | int) or now - last_seen >= LAST_SEEN_EVERY_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_prefixes = (settings.STATIC_URL, "/favicon.ico", "/i18n/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and not is_verified(request):
            gate = self._gate(request, user)
            if gate is not None:
                return gate
        return self.get_response(request)

    def _gate(self, request: HttpRequest, user: User) -> HttpResponse | None:
        path = request.path
        open_paths = {
            reverse("accounts:two_factor_setup"),
            reverse("accounts:two_factor_verify"),
            reverse("logout"),
        }
        if path in open_paths or path.startswith(self.open_prefixes):
            return None
        step = request.session.get(STEP_SESSION_KEY)
        if step != NONE:
            # Unknown or not done yet: look again (a device set up elsewhere counts).
            step = second_step(user)
            if request.session.get(STEP_SESSION_KEY) != step:
                request.session[STEP_SESSION_KEY] = step
        if step == VERIFY:
            return _to(request, _with_next(reverse("accounts:two_factor_verify"), request))
        # Admin users (staff, the operator) are in two_factor_required; anyone else at
        # /admin/ meets the admin's own sign-in, which lets in only the site operator.
        if step == SET_UP:
            return _to(request, _with_next(reverse("accounts:two_factor_setup"), request))
        return None
