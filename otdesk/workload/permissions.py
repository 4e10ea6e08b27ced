"""Who sees workload: therapists their own, a district coordinator everyone's in the district.

Everyone else gets 404, as for the delivery pages.
"""

from django.http import Http404

from otdesk.accounts.models import Role, User
from otdesk.schools.models import District

TIME_LOGGING_ROLES = (Role.OT, Role.COTA)


def logs_time(user: User) -> bool:
    return user.is_authenticated and user.role in TIME_LOGGING_ROLES


def get_provider(user: User) -> User:
    """The signed-in OT or COTA, whose own time and workload the page shows."""
    if not logs_time(user):
        raise Http404("Only therapists log professional time.")
    return user


def get_coordinated_district(user: User) -> District:
    """The district whose therapists a coordinator may compare."""
    if not user.is_authenticated or user.role != Role.COORDINATOR or user.district is None:
        raise Http404("Only a district coordinator sees this page.")
    return user.district
