from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_coordinator_of, is_site_operator, is_therapist

# On a phone the bottom bar holds this many tasks; the rest are under "More".
PHONE_TASKS = 3


def nav_items_for(user: User) -> list[tuple[str, str]]:
    """The tasks a person has, most used first."""
    therapist = is_therapist(user)
    coordinator = is_coordinator_of(user, user.district_id)
    if therapist:
        items = [
            ("Today", reverse("delivery:week")),
            ("Caseload", reverse("students:caseload")),
            ("Minutes", reverse("delivery:compliance")),
            ("Plan", reverse("delivery:plan")),
            ("Team", reverse("students:team_queue")),
            ("Consultations", reverse("delivery:consultations")),
            ("Programs", reverse("programs:list")),
            ("Activities", reverse("activities:library")),
            ("Time", reverse("workload:time")),
            ("Workload", reverse("workload:mine")),
            ("Progress reports", reverse("progress:caseload")),
            ("Evaluations", reverse("evaluations:dashboard")),
            ("Calendar feed", reverse("scheduling:feed")),
            ("Schedule set-up", reverse("scheduling:setup")),
        ]
    elif coordinator:
        items = [
            ("District", reverse("district:hub")),
            ("Students", reverse("students:caseload")),
            ("Minutes", reverse("delivery:district_compliance")),
            ("Workload", reverse("workload:district")),
            ("Evaluations", reverse("evaluations:dashboard")),
            ("Minutes policy", reverse("delivery:policy")),
            ("Schedule set-up", reverse("scheduling:setup")),
            ("People", reverse("accounts:people")),
        ]
    elif user.role in (Role.AIDE, Role.BEHAVIORIST):
        items = [("Programs", reverse("programs:list"))]
    elif user.role == Role.GUARDIAN:
        items = [
            (_("Your child"), reverse("family:home")),
            (_("Terms"), reverse("family:glossary", args=["ot"])),
        ]
    elif is_site_operator(user):
        items = []
    else:
        items = [("Students", reverse("students:caseload"))]
    if user.role == Role.TEACHER:
        items.insert(0, ("Your class", reverse("teamwork:classroom")))
    elif user.role == Role.SPECIALIST:
        items.insert(0, ("Shared students", reverse("teamwork:shared")))
    if coordinator:
        items.append(("Weekly plans", reverse("scheduling:district_runs")))
        items.append(("Access log", reverse("accesslog:search")))
    if therapist:
        items.insert(4, ("Schedule", reverse("scheduling:my_week")))
    elif coordinator or user.role == Role.TEACHER:
        items.append(("Schedule", reverse("scheduling:calendars")))
    if therapist:
        items.append(("Supervision", reverse("supervision:home")))
    elif coordinator:
        items.append(("Supervision", reverse("supervision:district")))
    if is_site_operator(user):
        items.append(("Admin", reverse("admin:index")))
    return items


def navigation(request: HttpRequest) -> dict[str, object]:
    """The task navigation: left bar on desktop, bottom bar (and More) on a phone."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": []}
    items = nav_items_for(user)
    # The longest matching address is the current task: /district/minutes/ is "Minutes",
    # not also "District".
    current = max((url for _, url in items if request.path.startswith(url)), key=len, default=None)
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": url == current,
                "phone": index < PHONE_TASKS or len(items) <= PHONE_TASKS + 1,
            }
            for index, (label, url) in enumerate(items)
        ],
        "nav_more": len(items) > PHONE_TASKS + 1,
        "district_name": user.district.name if user.district_id and user.district else "",
        # A guardian's header and menu are translated (the family pages are); staff's stay English.
        "chrome_translated": user.role == Role.GUARDIAN,
    }
