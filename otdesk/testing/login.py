"""Signing a person in from a test, past two-factor sign-in.

`sign_in(client, user)` is force_login plus, for whoever has or needs two-factor sign-in
(a coordinator, a site operator, an admin user: accounts/two_factor.py), a verified second
step with a real, confirmed TOTP device. It works for every role, so a test looping over
personas may use it for all of them. Browser tests use otdesk/testing/browser.py's
sign_in, which types the code `current_code(device)` gives."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.accounts.models import User
from otdesk.accounts.two_factor import APP_DEVICE_NAME, two_factor_required


def totp_device(user: User) -> TOTPDevice:
    """The person's confirmed authenticator device, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
    return device


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The 6 numbers the person's app would show now (or at a moment)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: User) -> TOTPDevice | None:
    """Signed in, and verified as after the password and the app's code for whoever has or
    needs two-factor sign-in (others are left without a device, as they start)."""
    if not (two_factor_required(user) or TOTPDevice.objects.filter(user=user).exists()):
        client.force_login(user)
        return None
    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
