"""A district's sign-in over OpenID Connect: which identity provider its staff's accounts
live at (Google Workspace, Microsoft Entra ID or another OpenID Connect provider) and the
client OT Desk is registered as there. Written only by sso/services.py.

The client secret is stored as typed; it is never shown back in full and, by its name,
never exported (accesslog/record.py leaves out fields named like a secret)."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# A host name or address (it goes into the sign-in page's Content-Security-Policy), and
# what an address never holds here.
HOST = re.compile(r"^([a-z0-9-]+(\.[a-z0-9-]+)*|\[?[0-9a-f:.]+\]?)$")
UNSAFE = frozenset(" \t\r\n;,'\"<>\\")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
GOOGLE_ISSUER = "https://accounts.google.com"
MICROSOFT_ISSUER = re.compile(r"^https://login\.microsoftonline\.com/[0-9a-fA-F-]{36}/v2\.0$")


def parse_domains(text: str) -> list[str]:
    """'Lakeside.org, @staff.lakeside.org' -> ['lakeside.org', 'staff.lakeside.org'];
    ValueError naming the first that is not a domain."""
    found: list[str] = []
    for word in re.split(r"[\s,;]+", text.strip().lower()):
        domain = word.lstrip("@")
        if not domain:
            continue
        if not DOMAIN.match(domain):
            raise ValueError(f"“{word}” is not an email domain such as lakeside.org.")
        if domain not in found:
            found.append(domain)
    return found


def url_problem(url: str) -> str | None:
    """Why OT Desk will not talk to this address of an identity provider, or None: only
    https, except plain http to this machine when settings allow it (development and
    the test suite's local provider)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        return "This is not a web address."
    if not HOST.match(parts.hostname or "") or any(c in url for c in UNSAFE):
        return "This is not a web address."
    if parts.scheme == "https":
        return None
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if loopback and settings.OTDESK_OIDC_ALLOW_LOOPBACK_HTTP:
        return None
    return "The address must start with https://."


class DistrictSignIn(models.Model):
    class Kind(models.TextChoices):
        GOOGLE = "google", "Google Workspace"
        MICROSOFT = "microsoft", "Microsoft Entra ID"
        OTHER = "other", "Another OpenID Connect provider"

    district = models.OneToOneField(
        "schools.District", on_delete=models.CASCADE, related_name="district_sign_in"
    )
    kind = models.CharField("provider", max_length=12, choices=Kind.choices, default=Kind.GOOGLE)
    issuer = models.CharField(
        "issuer address",
        max_length=300,
        help_text="The provider's OpenID Connect issuer; its settings are read from the "
        "issuer followed by /.well-known/openid-configuration.",
    )
    client_id = models.CharField("client ID", max_length=300)
    client_secret = models.CharField(max_length=500)
    email_domains = models.CharField(
        max_length=500,
        blank=True,
        help_text="The email domains that may sign in this way, separated by commas; blank "
        "for any address of a person in the district.",
    )
    enabled = models.BooleanField(
        default=False, help_text="Staff may sign in with their district account."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "district sign-in"

    def __str__(self) -> str:
        return f"District sign-in of {self.district} ({self.get_kind_display()})"

    @property
    def domains(self) -> list[str]:
        try:
            return parse_domains(self.email_domains)
        except ValueError:
            return []

    def clean(self) -> None:
        errors: dict[str, str] = {}
        problem = url_problem(self.issuer)
        if problem:
            errors["issuer"] = problem
        elif self.kind == self.Kind.MICROSOFT and not MICROSOFT_ISSUER.match(self.issuer):
            errors["issuer"] = (
                "For Microsoft Entra ID use your tenant's own address: "
                "https://login.microsoftonline.com/ then the tenant ID, then /v2.0."
            )
        try:
            self.email_domains = ", ".join(parse_domains(self.email_domains))
        except ValueError as exc:
            errors["email_domains"] = str(exc)
        if errors:
            raise ValidationError(errors)
