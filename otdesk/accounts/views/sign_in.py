"""Signing in: the locked-out page (django-axes calls locked_out) and the password pages
(Django's own views with our templates, wired in accounts/urls.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, object] | None = None,
) -> HttpResponse:
    """Too many wrong passwords for this username from this address (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "registration/locked.html",
        {
            "title": "Sign-in paused",
            "failures": settings.AXES_FAILURE_LIMIT,
            "minutes": settings.AXES_COOLOFF_MINUTES,
        },
        status=429,
    )
