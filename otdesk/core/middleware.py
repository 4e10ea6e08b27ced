from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation

from otdesk.accounts.models import Role, User

from .audit import answering
from .dates import in_district_zone
from .views import error_page

# No inline script or style anywhere: everything comes from our own static files.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    """The policy on every answer, the Django admin's included: Django 5.2's admin loads
    its scripts from files and passes data in data- attributes, so it works under it
    (core/tests/test_content_security.py reads every admin page for inline code). A view
    that needs more (the sign-in page's form going to a district's provider) sets its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class ClientAddressMiddleware:
    """Behind a TLS proxy every request comes from the proxy's address. When
    OTDESK_CLIENT_ADDRESS_HEADER names the header the proxy puts the client's address in,
    that address becomes REMOTE_ADDR for everything after (the access log, the sign-in
    lockout). Only for a server the proxy alone can reach: the proxy must overwrite the
    header, never pass on the client's own (docs/deploy.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        header = settings.OTDESK_CLIENT_ADDRESS_HEADER
        if not header:
            raise MiddlewareNotUsed
        self.key = "HTTP_" + header.upper().replace("-", "_")
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = request.META.get(self.key, "").strip()
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class DistrictTimeZoneMiddleware:
    """After authentication: for the whole request (view and templates) local time is the
    signed-in person's district's, so "today", session times, due dates and calendars are
    the district's. Without a district (signed out, a superuser) settings.TIME_ZONE holds.
    The district is loaded once and cached on the user (the navigation shows its name)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        district = getattr(user, "district", None) if getattr(user, "district_id", None) else None
        if district is None:
            return self.get_response(request)
        with in_district_zone(district):
            return self.get_response(request)


class UserLanguageMiddleware:
    """After authentication: a signed-in person who chose a language (User.language, set by
    the family portal's switch) reads OT Desk in it, whatever the browser asks for. Without
    a choice, a guardian follows LocaleMiddleware (the language cookie, then the browser);
    staff read English, the language of the staff pages (a Spanish cookie left on a shared
    computer by a parent does not half-translate them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            language = user.language
            if not language and user.role != Role.GUARDIAN:
                language = settings.LANGUAGE_CODE
            if language:
                # For this request only (the thread's language goes back after it).
                with translation.override(language):
                    request.LANGUAGE_CODE = translation.get_language()
                    response = self.get_response(request)
                response.headers.setdefault("Content-Language", language)
                return response
        return self.get_response(request)


class TooLargeNumberMiddleware:
    """A number too large for the database (a typed id or count with twenty digits) is the
    user's mistake, not a crash: answer 400 with a plain message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            return error_page(
                request,
                400,
                "A number or date in what was sent is far too large.",
                title="That number is too large",
            )
        return None


BUSY = "The database is busy with other saves; nothing was saved. Send it again in a second."


def is_busy(exception: Exception) -> bool:
    """Worth a retry, the write having been rolled back whole: SQLite's write lock held past
    the busy timeout (many saves at once), or PostgreSQL breaking a deadlock between two
    saves (each holds a line's stamp the other waits for: fidelity migration 0002)."""
    if not isinstance(exception, OperationalError):
        return False
    words = str(exception)
    return "locked" in words or "deadlock detected" in words


class BusyDatabaseMiddleware:
    """A write that waited past the database's busy timeout was rolled back whole: say so
    with 503 and Retry-After (JSON for the API), so people and scripts send it again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"error": BUSY, "fields": {}}, status=503)
        else:
            response = error_page(request, 503, BUSY)
        response["Retry-After"] = "1"
        return response


class AuditAddressMiddleware:
    """Events written while a request is answered record its address (from where), even
    when the service writing them was not handed the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with answering(request):
            return self.get_response(request)


class NoStoreMiddleware:
    """After authentication: nothing sent to a signed-in person is kept by the browser or
    a shared cache (student pages, session notes, PDFs, exports): Cache-Control: no-store.
    Signed-out pages (the sign-in page, static files) keep their caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response
