"""Small helpers every app's views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from otdesk.accounts.models import User


def current_user(request: HttpRequest) -> User:
    """The signed-in person (views using this are behind login_required). A view that
    forgot login_required refuses an anonymous visitor here (403) rather than going on."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field it names, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def parse_id(text: str | None) -> int | None:
    """A record id typed in a URL or form: ASCII digits only (not '²' or '٣', which
    str.isdigit accepts and int() may refuse), small enough for the database; else None."""
    if not text or len(text) > 18 or not text.isascii() or not text.isdigit():
        return None
    return int(text)
