"""Making, revoking and checking API tokens (every write audited)."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent

from .models import ApiToken
from .permissions import may_hold_tokens

PREFIX = "otd_"
SHOWN = 8  # characters of the token kept to tell it apart
LIFETIMES = (30, 90, 365)  # days a person may choose
# last_used_at is written at most this often, so a busy script does not write every call.
TOUCH_EVERY = dt.timedelta(minutes=1)


def digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the actor; the plain token is returned once and never stored."""
    if not may_hold_tokens(actor):
        raise ValidationError("API tokens are for the district's staff.")
    if days not in LIFETIMES:
        raise ValidationError({"days": "Choose how long the token lasts: 30, 90 or 365 days."})
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        person=actor,
        name=name.strip(),
        scope=scope,
        token_prefix=plain[: len(PREFIX) + SHOWN],
        token_hash=digest(plain),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=token,
        student_id=None,
        summary=f"Made the API token {token} ({token.get_scope_display().lower()}, {days} days)",
    )
    return token, plain


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    if token.person_id != actor.pk:
        raise ValidationError("Only the token's owner revokes it.")
    if token.revoked_at is not None:
        raise ValidationError("This token is revoked already.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=token,
        student_id=None,
        summary=f"Revoked the API token {token}",
    )
    return token


def authenticate(plain: str) -> ApiToken | None:
    """The active token with this value (its person active and still allowed tokens), or
    None; notes when it was last used."""
    if not plain.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("person__district").filter(token_hash=digest(plain)).first()
    )
    now = timezone.now()
    if token is None or token.state(now) != "active" or not may_hold_tokens(token.person):
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
