"""Who may read the assessment catalog: the district's staff (therapists, teachers, aides,
coordinators), as for the district's set-up pages."""

from otdesk.accounts.models import User
from otdesk.district.permissions import readable_district


def require_catalog_reader(user: User) -> None:
    """404 for anyone who is not a district's staff member."""
    readable_district(user)
