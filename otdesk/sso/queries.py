"""Which district sign-in applies: a district's own (DistrictSignIn, switched on by its
coordinator) or the one the environment sets (OTDESK_OIDC_*, for one district, which the
district's page then shows read-only and cannot change).

A work email picks the district's: first by its domain (a configuration listing it), then,
when only one district has district sign-in, that one, and last by the district of the
staff member with that email."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from otdesk.accounts.models import Role, User
from otdesk.core.http import parse_id
from otdesk.schools.models import District

from . import oidc
from .models import DistrictSignIn, parse_domains, url_problem

KIND_LABELS = dict(DistrictSignIn.Kind.choices)


@dataclass(frozen=True)
class Setup:
    """The district sign-in in force for one district."""

    district: District
    kind: str
    issuer: str
    client_id: str
    client_secret: str
    domains: tuple[str, ...]
    from_environment: bool

    @property
    def client(self) -> oidc.Client:
        return oidc.Client(self.issuer, self.client_id, self.client_secret)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def microsoft(self) -> bool:
        return self.kind == DistrictSignIn.Kind.MICROSOFT

    @property
    def google(self) -> bool:
        return self.kind == DistrictSignIn.Kind.GOOGLE


def secret_hint(secret: str) -> str:
    """How a stored secret is shown: its last four characters, never more."""
    if not secret:
        return ""
    return f"saved, ends in …{secret[-4:]}" if len(secret) >= 12 else "saved"


def _environment_district() -> District | None:
    """The district OTDESK_OIDC_DISTRICT names, by id or by name (any case), if exactly one."""
    named = settings.OTDESK_OIDC_DISTRICT
    pk = parse_id(named)
    query = Q(name__iexact=named) | Q(pk=pk) if pk is not None else Q(name__iexact=named)
    found = list(District.objects.filter(query)[:2])
    return found[0] if len(found) == 1 else None


def environment_setup() -> Setup | None:
    """The configuration the environment sets, when it names one district."""
    if not settings.OTDESK_OIDC_ISSUER or url_problem(settings.OTDESK_OIDC_ISSUER):
        return None
    district = _environment_district()
    if district is None:
        return None
    try:
        domains = parse_domains(",".join(settings.OTDESK_OIDC_EMAIL_DOMAINS))
    except ValueError:
        domains = []
    return Setup(
        district=district,
        kind=settings.OTDESK_OIDC_PROVIDER,
        issuer=settings.OTDESK_OIDC_ISSUER,
        client_id=settings.OTDESK_OIDC_CLIENT_ID,
        client_secret=settings.OTDESK_OIDC_CLIENT_SECRET,
        domains=tuple(domains),
        from_environment=True,
    )


def _from_record(record: DistrictSignIn) -> Setup:
    return Setup(
        district=record.district,
        kind=record.kind,
        issuer=record.issuer,
        client_id=record.client_id,
        client_secret=record.client_secret,
        domains=tuple(record.domains),
        from_environment=False,
    )


def stored_setup(district: District) -> DistrictSignIn | None:
    """The district's own configuration, on or off."""
    return DistrictSignIn.objects.filter(district=district).first()


def setup_for(district: District) -> Setup | None:
    """The configuration in force for the district: the environment's, else its own when
    it is switched on."""
    from_env = environment_setup()
    if from_env is not None and from_env.district.pk == district.pk:
        return from_env
    record = DistrictSignIn.objects.filter(district=district, enabled=True).first()
    return _from_record(record) if record is not None else None


def setups_in_force() -> list[Setup]:
    """Every configuration in force, the environment's first."""
    from_env = environment_setup()
    records = DistrictSignIn.objects.filter(enabled=True).select_related("district")
    found = [from_env] if from_env is not None else []
    if from_env is not None:
        records = records.exclude(district=from_env.district)
    return found + [_from_record(record) for record in records.order_by("pk")]


def setup_for_email(email: str) -> Setup | None:
    """The configuration a work email signs in with (see the module's note), or None."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    setups = setups_in_force()
    for setup in setups:
        if domain in setup.domains:
            return setup
    if len(setups) == 1 and not setups[0].domains:
        return setups[0]
    districts = set(
        User.objects.filter(email__iexact=email.strip(), is_active=True, district__isnull=False)
        .exclude(role__in=(Role.GUARDIAN, Role.OPERATOR))
        .values_list("district_id", flat=True)
    )
    if len(districts) == 1:
        [district_id] = districts
        return next((s for s in setups if s.district.pk == district_id and not s.domains), None)
    return None


def form_action_sources() -> list[str]:
    """The origins a sign-in form may lead to: every configuration's issuer (Google's,
    Microsoft's and most providers' sign-in pages are at the issuer's origin). Chrome applies
    the page's CSP form-action to the redirect that follows the form."""
    found: list[str] = []
    for setup in setups_in_force():
        source = oidc.origin(setup.issuer)
        if url_problem(setup.issuer) is None and source not in found:
            found.append(source)
    return found
