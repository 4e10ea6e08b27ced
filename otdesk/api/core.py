"""The JSON API's frame: the NinjaAPI at /api/v1/, token authentication, the one shape of
every error ({"error": ..., "fields": {...}}) with its status code, pagination, and the
district's time zone around each call.

An endpoint gets its person from `reader(request)` (any active token) or
`writer(request)` (a read-write token; a read token gets 403), then calls the same
permission functions and services as the pages: a record the person may not see is a
404, one they may see but not change a 403, a service's refusal a 422 with its fields,
and a change the record's state forbids (signing a signed note) a 409."""

import functools
import math
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestError
from ninja.security import HttpBearer
from pydantic import Field

from otdesk.accounts.models import User
from otdesk.core.dates import in_district_zone
from otdesk.core.versions import Stale

from .models import ApiToken
from .services import authenticate

MAX_PER_PAGE = 100
PER_PAGE = 50


class ErrorOut(Schema):
    error: str = Field(description="What is wrong, in words.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="For each field that is wrong, why."
    )


class Conflict(Exception):
    """The record's state forbids the change (409)."""


READ_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 409: ErrorOut}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = authenticate(token)
        if found is not None:
            request.user = found.person
        return found


api = NinjaAPI(
    title="OT Desk API",
    version="1",
    description=(
        "Read a caseload's students, IEP service lines, goals, strategies and minutes; log, "
        "sign and void sessions, misses, consultations and professional time. Send "
        "`Authorization: Bearer <token>` with a token made on your Account page. Errors are "
        '`{"error": ..., "fields": {...}}`.'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,  # our own docs page (api/views.py) works under the strict CSP
)


def _error(request: HttpRequest, status: int, error: str, fields: Any = None) -> HttpResponse:
    return api.create_response(request, {"error": error, "fields": fields or {}}, status=status)


def _field_name(location: Any) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "request"


@api.exception_handler(RequestError)
def _bad_request(request: HttpRequest, exc: RequestError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        fields.setdefault(_field_name(item.get("loc", ())), []).append(str(item.get("msg")))
    return _error(request, 422, "Some values are not right; see fields.", fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request,
        401,
        "Send a valid API token: Authorization: Bearer <token>. It may be unknown, "
        "expired or revoked.",
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, str(exc) or "You may not do that.")


@api.exception_handler(Conflict)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 409, str(exc))


@api.exception_handler(Stale)
def _stale(request: HttpRequest, exc: Stale) -> HttpResponse:
    who = exc.by.display_name if exc.by else "Someone"
    return _error(
        request,
        409,
        f"{who} saved this since the version you sent; it is at version {exc.version} now. "
        "Read it again, merge your change, and send that version.",
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {
            ("request" if name == "__all__" else name): [str(m) for m in messages]
            for name, messages in exc.message_dict.items()
        }
        return _error(request, 422, " ".join(exc.messages), fields)
    return _error(request, 422, " ".join(exc.messages))


def reader(request: HttpRequest) -> User:
    """The token's person (any scope)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.person


def writer(request: HttpRequest) -> User:
    """The token's person, if the token may write; 403 otherwise."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not token.may_write:
        raise PermissionDenied("This token is read-only; make a read-and-write token to do that.")
    return token.person


F = TypeVar("F", bound=Callable[..., Any])


def in_zone(function: F) -> F:
    """Run the endpoint in the person's district's time zone (today is their today)."""

    @functools.wraps(function)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        with in_district_zone(reader(request).district):
            return function(request, *args, **kwargs)

    return run  # type: ignore[return-value]


class PageIn(Schema):
    page: int = Field(1, ge=1, le=100_000, description="Which page, from 1.")
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Items on a page.")


def page_of(
    queryset: QuerySet[Any] | list[Any],
    params: PageIn,
    out: Callable[[Any], Any],
    *,
    count: int | None = None,
) -> dict[str, Any]:
    """One page of the queryset (ordered) or list, each item through `out`, with the
    counts (count: how many the queryset holds, if known another, cheaper way)."""
    if count is None:
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    start = (params.page - 1) * params.per_page
    items = [out(item) for item in queryset[start : start + params.per_page]]
    return {
        "items": items,
        "count": count,
        "page": params.page,
        "pages": max(1, math.ceil(count / params.per_page)),
    }
