from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from otdesk.accounts.models import User

from .context_processors import nav_items_for


@login_required
def more(request: HttpRequest) -> HttpResponse:
    """Every task, for the phone's bottom bar that only fits a few."""
    assert isinstance(request.user, User)
    return render(
        request, "more.html", {"title": "All tasks", "items": nav_items_for(request.user)}
    )
