"""Who may use district sign-in, and who sets it up.

- The settings page (/district/sign-in/) is the district coordinator's, for their own
  district (district.permissions.coordinator_district: 404 for anyone else).
- Signing in with a district account is for the district's staff: the email the provider
  vouches for must belong to exactly one active person of that district (any case) whose
  role is a staff role: never a parent or guardian (they keep their password, even when
  their email matches) and never the site operator or an admin user. Nobody is created:
  an unknown email is refused with whom to ask.
"""

from otdesk.accounts.models import Role, User
from otdesk.district.permissions import coordinator_district
from otdesk.schools.models import District

from .queries import Setup

# Everyone who works in a district: not its families, not the site operator.
STAFF_ROLES = tuple(role for role in Role if role not in (Role.GUARDIAN, Role.OPERATOR))


class Refused(Exception):
    """The provider vouched for the person, but OT Desk does not let them in this way.
    `person`: the account the email matched, when there is one (the refusal is logged on
    it)."""

    def __init__(self, message: str, reason: str, person: User | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.person = person


def settings_district(user: User) -> District:
    """The district whose sign-in the signed-in coordinator sets up; 404 for anyone else."""
    return coordinator_district(user)


def check_domain(setup: Setup, email: str, claims: dict[str, object]) -> None:
    """An email outside the configuration's domains is refused; with Google Workspace and
    domains listed, the account must also be one of those Workspace domains (the hd claim:
    a personal Google account can carry a work address)."""
    if not setup.domains:
        return
    domain = email.rsplit("@", 1)[-1].lower()
    listed = ", ".join(setup.domains)
    if domain not in setup.domains:
        raise Refused(
            f"District sign-in for {setup.district.name} takes addresses at {listed} only. "
            "Sign in with your district email, or with your username and password.",
            f"the email's domain {domain} is not listed",
        )
    if setup.google and str(claims.get("hd", "")).lower() not in setup.domains:
        raise Refused(
            f"Sign in with your {setup.district.name} Google Workspace account, not a "
            "personal Google account.",
            f"the Google account's hosted domain is {claims.get('hd')!r}",
        )


def person_for_email(district: District, email: str) -> User:
    """The staff member of the district the email belongs to, else Refused."""
    people = list(User.objects.filter(district=district, email__iexact=email).order_by("pk")[:5])
    if not people:
        raise Refused(
            f"No one in {district.name} has the email {email}; ask your coordinator to invite you.",
            "no account has this email",
        )
    staff = [p for p in people if p.role in STAFF_ROLES and not (p.is_staff or p.is_superuser)]
    if not staff:
        raise Refused(
            "District sign-in is for the district's staff. Parents and guardians sign in "
            "with their username and password.",
            "the account with this email is not a staff account",
            people[0],
        )
    active = [p for p in staff if p.is_active]
    if not active:
        raise Refused(
            "Your OT Desk account is switched off. Ask your coordinator to switch it on again.",
            "the account is switched off",
            staff[0],
        )
    if len(active) > 1:
        raise Refused(
            f"More than one person in {district.name} has the email {email}, so OT Desk "
            "cannot tell who you are. Ask your coordinator to give each their own email.",
            "several accounts have this email",
        )
    return active[0]
