"""Gates by a person's role, for pages that belong to one kind of user.

Access to a child's record follows relationships (students/permissions.py and the
permission module of each app); these gates only decide who has a page at all. A person
without the page gets 404 with the reason, as if it did not exist for them.
"""

from django.http import Http404

from otdesk.schools.models import District

from .models import Role, User

THERAPIST_ROLES = (Role.OT, Role.COTA)


def is_therapist(user: User) -> bool:
    """An OT or a COTA: someone who serves students and logs sessions."""
    return bool(user.is_authenticated) and user.is_therapist


def require_therapist(user: User, why: str = "This page is for therapists.") -> User:
    """The signed-in OT or COTA, else 404 saying whose page it is."""
    if not is_therapist(user):
        raise Http404(why)
    return user


def is_coordinator_of(user: User, district_id: int | None) -> bool:
    """The coordinator of this district (never of another, never without one)."""
    return (
        bool(user.is_authenticated)
        and user.is_coordinator
        and district_id is not None
        and user.district_id == district_id
    )


def is_site_operator(user: User) -> bool:
    """The site operator: the only person the Django admin lets in (is_staff as well)."""
    return (
        bool(user.is_authenticated)
        and user.is_active
        and user.is_staff
        and user.role == Role.OPERATOR
    )


def coordinated_district(
    user: User, why: str = "Only a district coordinator sees this page."
) -> District:
    """The district a coordinator runs, else 404."""
    if not user.is_authenticated or not user.is_coordinator or user.district is None:
        raise Http404(why)
    return user.district


def get_district_person(coordinator: User, pk: int) -> User:
    """A person of the coordinator's district (never a site operator), else 404."""
    district = coordinated_district(coordinator)
    person = User.objects.filter(district=district, pk=pk).exclude(role=Role.OPERATOR).first()
    if person is None:
        raise Http404("No such person in your district.")
    return person
