from django.http import HttpRequest
from django.urls import reverse

from otdesk.accounts.models import User


def navigation(request: HttpRequest) -> dict[str, object]:
    """The task navigation: left bar on desktop, bottom bar on a phone."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": []}
    items = [("Caseload", reverse("students:caseload"), "caseload")]
    if user.is_staff:
        items.append(("Admin", reverse("admin:index"), "admin"))
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "key": key, "current": current.startswith(url)}
            for label, url, key in items
        ],
        "district_name": user.district.name if user.district_id and user.district else "",
    }
