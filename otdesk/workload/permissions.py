"""Who sees workload: therapists their own, a district coordinator everyone's in the district.

Everyone else gets 404, as for the delivery pages. The gates are accounts' role gates with
this app's words.
"""

from otdesk.accounts.models import User
from otdesk.accounts.permissions import coordinated_district, is_therapist, require_therapist
from otdesk.schools.models import District


def logs_time(user: User) -> bool:
    """Only OTs and COTAs log professional time."""
    return is_therapist(user)


def get_provider(user: User) -> User:
    """The signed-in OT or COTA, whose own time and workload the page shows."""
    return require_therapist(user, "Only therapists log professional time.")


def get_coordinated_district(user: User) -> District:
    """The district whose therapists a coordinator may compare."""
    return coordinated_district(user, "Only a district coordinator sees this page.")


def get_report_provider(user: User) -> User:
    """The therapist whose own workload report this is (their own only)."""
    return require_therapist(user, "Only therapists see their own workload report.")


def get_report_district(user: User) -> District:
    """The district whose therapists' workload report a coordinator may see."""
    return coordinated_district(user, "Only a district coordinator sees this report.")
