"""Two-factor sign-in: a code from an authenticator app (TOTP, django-otp's otp_totp) or
a single-use recovery code (otp_static).

The rule (one place): coordinators, site operators and anyone who reaches /admin/ must
use it; other staff and guardians may. Whoever has it turned on confirms a code after the
password at every sign-in (accounts/middleware.py: TwoFactorMiddleware).
"""

from base64 import b32encode

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent

from .models import Role, User

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
ROLES_THAT_MUST = (Role.COORDINATOR, Role.OPERATOR)


def two_factor_required(user: User) -> bool:
    """Coordinators, site operators and admin users may not sign in without it."""
    return user.role in ROLES_THAT_MUST or user.is_staff or user.is_superuser


def app_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_verified(request: HttpRequest) -> bool:
    """This sign-in confirmed a second step: django_otp.login wrote the device into the
    session, which signing out or in again empties. (Read from the session, with no query,
    rather than through django-otp's middleware, which loads the device on every request.)"""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


# What a sign-in still needs, kept in its session so most requests ask no query.
STEP_SESSION_KEY = "otdesk_second_step"
VERIFY, SET_UP, NONE = "verify", "set-up", "none"


def second_step(user: User) -> str:
    """VERIFY for whoever has two-factor on, SET_UP for whoever must and has not, else NONE."""
    if has_two_factor(user):
        return VERIFY
    return SET_UP if two_factor_required(user) else NONE


def pending_app_device(*, user: User) -> TOTPDevice:
    """The key being set up: the one already shown (so a reload shows the same key), or a
    new one. It does nothing until a code from it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def readable_key(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The key as a QR code, inline SVG (no script, no image request)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", border=4)
    return str(svg).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _audit(user: User, summary: str, request: HttpRequest | None) -> None:
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        student_id=None,
        summary=summary,
        request=request,
    )


def _clean_code(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm_app(
    *, user: User, device: TOTPDevice, code: str, request: HttpRequest | None = None
) -> list[str]:
    """Turn two-factor on with the first code from the app; returns the recovery codes,
    which are shown once."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError("Start the set-up again from your account page.")
    if not device.verify_token(_clean_code(code)):
        raise ValidationError(
            {"code": "That code does not match. Type the 6 numbers your app shows now."}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _audit(user, "Turned on two-factor sign-in", request)
    if request is not None:
        otp_login(request, device)
    return codes


def verify_code(*, user: User, code: str, request: HttpRequest) -> Device | None:
    """Check the second step: the app's current code, else one unused recovery code (used
    up by this). Marks the sign-in verified and returns the device, or None."""
    token = _clean_code(code)
    if not token:
        return None
    app = app_device(user)
    if app is None:
        return None
    # Six digits are the app's code; anything else is a recovery code. Trying each only on
    # its own device keeps one device's slow-down after wrong codes off the other.
    devices: list[Device] = (
        [app]
        if token.isascii() and token.isdecimal() and len(token) == app.digits
        else list(StaticDevice.objects.filter(user=user, confirmed=True))
    )
    for device in devices:
        if device.verify_token(token):
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                _audit(user, "Signed in with a recovery code", request)
            return device
    return None


@transaction.atomic
def regenerate_recovery_codes(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not has_two_factor(user):
        raise ValidationError("Turn on two-factor sign-in first.")
    codes = _new_recovery_codes(user)
    _audit(user, "Made new recovery codes", request)
    return codes


@transaction.atomic
def turn_off(*, user: User, request: HttpRequest | None = None) -> None:
    """Remove the app and the recovery codes; refused where two-factor is required."""
    if two_factor_required(user):
        raise ValidationError("Your role needs two-factor sign-in, so it cannot be turned off.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _audit(user, "Turned off two-factor sign-in", request)
