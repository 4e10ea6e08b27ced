"""The demo's two-factor sign-in: whoever must use it (the coordinator, a site operator:
accounts/two_factor.py) gets an authenticator key and recovery codes that are the same in
every demo, printed by `load_demo` with the logins (docs/running.md). Fixed secrets are
fine for synthetic data and nowhere else: real accounts set up their own on /account/."""

from binascii import hexlify

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.accounts.models import User
from otdesk.accounts.two_factor import (
    APP_DEVICE_NAME,
    RECOVERY_DEVICE_NAME,
    readable_key,
    two_factor_required,
)

# 20 bytes, as django-otp's own keys; base32 "N52GIZLTNMWWIZLNN4WTEZTBFVVWK6JB".
DEMO_KEY = hexlify(b"otdesk-demo-2fa-key!").decode()
DEMO_RECOVERY_CODES = [f"demo-code-{n:02d}" for n in range(1, 11)]


def give_demo_two_factor(usernames: list[str]) -> list[User]:
    """The demo's key and codes for each of these people who must use two-factor."""
    people = [u for u in User.objects.filter(username__in=usernames) if two_factor_required(u)]
    for user in people:
        TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, key=DEMO_KEY, confirmed=True)
        codes = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            [StaticToken(device=codes, token=code) for code in DEMO_RECOVERY_CODES]
        )
    return people


def demo_two_factor_lines(usernames: list[str]) -> list[str]:
    """What load_demo prints for the people above who still have the demo's key."""
    devices = TOTPDevice.objects.filter(
        user__username__in=usernames, key=DEMO_KEY, confirmed=True
    ).select_related("user")
    names = sorted(d.user.username for d in devices)
    if not names:
        return []
    key = readable_key(devices[0])
    return [
        f"{', '.join(names)}: a second step after the password (two-factor sign-in).",
        f"  Add this key to an authenticator app (time-based, 6 digits): {key}",
        "  or type a recovery code, each once per database: "
        + ", ".join(DEMO_RECOVERY_CODES[:3])
        + f" ... {DEMO_RECOVERY_CODES[-1]}.",
    ]
