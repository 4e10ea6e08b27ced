"""Every write of district sign-in, audited: the coordinator's configuration, a sign-in
with a district account, and a refused one (on the account it matched)."""

from typing import Any

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District

from . import oidc
from .models import DistrictSignIn
from .queries import Setup, environment_setup

# The project's own backend (settings.AUTHENTICATION_BACKENDS): the session remembers it.
BACKEND = "django.contrib.auth.backends.ModelBackend"
SHOWN_FIELDS = ("kind", "issuer", "client_id", "email_domains", "enabled")


def _values(record: DistrictSignIn) -> dict[str, Any]:
    """What the access log keeps of a configuration: never the secret itself."""
    return {name: getattr(record, name) for name in SHOWN_FIELDS}


def save_district_sign_in(
    *,
    actor: User,
    district: District,
    kind: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    email_domains: str,
    enabled: bool,
    request: HttpRequest | None = None,
) -> DistrictSignIn:
    """Save the district's configuration. A blank secret keeps the saved one. Switched
    on, the issuer's settings are read first (fresh), so a wrong address is said now,
    not at the first staff member's sign-in."""
    from_env = environment_setup()
    if from_env is not None and from_env.district.pk == district.pk:
        raise ValidationError(
            "District sign-in is set by the server's environment for this district; change "
            "it there (see running.md)."
        )
    record = DistrictSignIn.objects.filter(district=district).first()
    before = _values(record) if record is not None else None
    record = record or DistrictSignIn(district=district)
    record.kind = kind
    record.issuer = issuer.strip()
    record.client_id = client_id.strip()
    secret_changed = bool(client_secret.strip())
    if secret_changed:
        record.client_secret = client_secret.strip()
    record.email_domains = email_domains
    record.enabled = enabled
    record.updated_by = actor
    record.full_clean()
    if enabled:
        try:
            oidc.discover(record.issuer, fresh=True)
        except oidc.OIDCError as exc:
            raise ValidationError(
                {
                    "issuer": "OT Desk could not read the provider's sign-in settings "
                    f"({exc.reason}). Check the issuer address, or save with district "
                    "sign-in off and try again later."
                }
            ) from exc
    return _store(record, actor, before, secret_changed, request)


@transaction.atomic
def _store(
    record: DistrictSignIn,
    actor: User,
    before: dict[str, Any] | None,
    secret_changed: bool,
    request: HttpRequest | None,
) -> DistrictSignIn:
    record.save()
    after = _values(record) | {"client_secret": "changed" if secret_changed else "kept"}
    state = "on" if record.enabled else "off"
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
        obj=record,
        student_id=None,
        summary=f"Saved district sign-in ({record.get_kind_display()}, {state})",
        request=request,
        before=before,
        after=after,
    )
    return record


@transaction.atomic
def complete_sign_in(*, request: HttpRequest, user: User, setup: Setup) -> None:
    """Sign the person in. Their second step is still asked for: logging in starts the
    session's clocks and notes what it still needs (accounts/middleware.py), and nothing
    here marks it done."""
    login(request, user, backend=BACKEND)
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        student_id=None,
        summary=f"Signed in with the district account ({setup.kind_label})",
        request=request,
    )


@transaction.atomic
def record_refused_sign_in(*, request: HttpRequest, person: User, reason: str) -> None:
    """A district sign-in the provider vouched for and OT Desk refused, on the account the
    email matched."""
    record_event(
        user=person,
        action=AuditEvent.Action.VIEW,
        obj=person,
        student_id=None,
        summary=f"District sign-in refused: {reason}",
        request=request,
    )
