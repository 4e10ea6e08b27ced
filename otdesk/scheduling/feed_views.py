"""A therapist's calendar feed: the page with the private link, a new link, revoking it,
and the iCalendar file itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.core.audit import record_access_many
from otdesk.core.http import current_user

from . import services
from .feed import provider_feed
from .models import CalendarFeed
from .permissions import feed_owner


@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    user = feed_owner(current_user(request))
    feed = CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).first()
    url = request.build_absolute_uri(f"/calendar/{feed.token}.ics") if feed else ""
    return render(
        request, "scheduling/feed.html", {"title": "Your calendar feed", "feed": feed, "url": url}
    )


@login_required
@require_POST
def new_feed(request: HttpRequest) -> HttpResponse:
    """Make a new secret URL; any earlier one stops working."""
    user = feed_owner(current_user(request))
    services.new_feed(actor=user)
    messages.success(
        request, "Here is your new calendar link. Any earlier link has stopped working."
    )
    return redirect("scheduling:feed")


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    user = feed_owner(current_user(request))
    services.revoke_feed(actor=user)
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
    body, shown = provider_feed(feed.person, today=timezone.localdate())
    record_access_many(request, user=feed.person, students=shown, summary="Calendar feed")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
