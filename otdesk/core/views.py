from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .context_processors import nav_items_for
from .http import current_user


@login_required
def more(request: HttpRequest) -> HttpResponse:
    """Every task, for the phone's bottom bar that only fits a few."""
    return render(
        request, "more.html", {"title": "All tasks", "items": nav_items_for(current_user(request))}
    )


# Error pages: the site's layout, a plain reason and where to go next. The reason is the
# message our permission functions raise ("No such student on your caseload."), which reads
# the same whether the record is someone else's or does not exist. Messages written by
# Django itself (a URL that matches nothing, get_object_or_404 naming a model) are replaced
# by a general sentence, so no page names a table or hints at what exists.

GENERAL_REASONS = {
    400: _("Something in what was sent could not be understood."),
    403: _("Your account may not do this."),
    404: _(
        "There is nothing here for you: the address may be mistyped, or the record is not "
        "one you work with."
    ),
}
TITLES = {
    400: _("That request could not be used"),
    403: _("Not allowed"),
    404: _("Page not found"),
    503: _("Busy for a moment"),
}
NEXT_STEPS = {
    400: _("Go back, check what you typed or chose, and try again."),
    403: _(
        "If you think you should be able to, ask the student's OT or your district coordinator."
    ),
    404: _("Check the address, or start again from your start page."),
    503: _("Nothing was saved. Wait a second and send it again: it will go through."),
}


def _reason(exception: Exception | None, status: int) -> str | Promise:
    message = exception.args[0] if exception is not None and exception.args else None
    if isinstance(message, Promise):
        message = str(message)  # a translated message, in the reader's language
    if not isinstance(message, str) or not message.strip():
        return GENERAL_REASONS[status]
    if message.startswith("No ") and message.endswith(" matches the given query."):
        return GENERAL_REASONS[status]  # get_object_or_404's wording names a model
    if status == 400:
        return GENERAL_REASONS[status]  # Django's own 400 reasons are for developers
    return message


def error_page(
    request: HttpRequest, status: int, reason: str | Promise, *, title: str = ""
) -> HttpResponse:
    """An error as a page of the site: what happened, why, and where to go next."""
    return render(
        request,
        "error.html",
        {
            "title": title or TITLES[status],
            "reason": reason,
            "next_step": NEXT_STEPS[status],
            "status": status,
        },
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, _reason(exception, 400))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, _reason(exception, 403))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, _reason(exception, 404))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page opened too long ago, or after signing in again elsewhere."""
    return error_page(
        request,
        403,
        "This form could not be accepted: the page was open for a long time, or you signed "
        "in or out in another tab. Nothing was saved. Go back, reload the page and send it "
        "again.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed may fail again there."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
