from django.http import HttpRequest
from django.urls import reverse

from otdesk.accounts.models import Role, User


def navigation(request: HttpRequest) -> dict[str, object]:
    """The task navigation: left bar on desktop, bottom bar on a phone."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": []}
    items = []
    if user.role in (Role.OT, Role.COTA):
        items += [
            ("Today", reverse("delivery:week"), "today"),
            ("Caseload", reverse("students:caseload"), "caseload"),
            ("Minutes", reverse("delivery:compliance"), "minutes"),
            ("Plan", reverse("delivery:plan"), "plan"),
        ]
    elif user.role == Role.COORDINATOR:
        items += [
            ("Students", reverse("students:caseload"), "caseload"),
            ("Minutes", reverse("delivery:district_compliance"), "minutes"),
            ("Make-up policy", reverse("delivery:policy"), "policy"),
        ]
    else:
        items.append(("Students", reverse("students:caseload"), "caseload"))
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
