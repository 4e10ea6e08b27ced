from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import Role
from otdesk.core.http import current_user

from .feed import provider_calendar
from .models import CalendarFeed


def _provider(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = current_user(request)
    if user.role not in (Role.OT, Role.COTA):
        raise Http404("Calendar feeds are for therapists.")
    return user


@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    user = _provider(request)
    feed = CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).first()
    url = request.build_absolute_uri(f"/calendar/{feed.token}.ics") if feed else ""
    return render(
        request, "scheduling/feed.html", {"title": "Your calendar feed", "feed": feed, "url": url}
    )


@login_required
@require_POST
def new_feed(request: HttpRequest) -> HttpResponse:
    """Make a new secret URL; any earlier one stops working."""
    user = _provider(request)
    with transaction.atomic():
        CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(person=user)
    messages.success(
        request, "Here is your new calendar link. Any earlier link has stopped working."
    )
    return redirect("scheduling:feed")


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    user = _provider(request)
    CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    messages.success(request, "Your calendar link no longer works.")
    return redirect("scheduling:feed")


def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar apps cannot), the secret token is the key."""
    feed = (
        CalendarFeed.objects.select_related("person__district")
        .filter(token=token, revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    body = provider_calendar(feed.person, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
