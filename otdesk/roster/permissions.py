"""Who may import a roster and read its uploads: the district's coordinator, for their
own district only. Anyone else gets 404, as for every district page, and an upload of
another district is a 404 for the coordinator too."""

from django.http import Http404

from otdesk.accounts.models import User
from otdesk.district.permissions import coordinator_district
from otdesk.schools.models import District

from .models import RosterImport


def roster_district(user: User) -> District:
    """The district whose roster its signed-in coordinator imports; 404 for anyone else."""
    return coordinator_district(user)


def get_import(user: User, pk: int) -> RosterImport:
    district = roster_district(user)
    found = (
        RosterImport.objects.select_related("job", "uploaded_by")
        .filter(pk=pk, district=district)
        .first()
    )
    if found is None:
        raise Http404("No such upload.")
    return found
