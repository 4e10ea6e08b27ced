"""Two-factor sign-in (issue 12, point 3): required for coordinators and the admin,
optional for other staff; recovery codes work once."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.accounts.models import Role, User
from otdesk.core.models import AuditEvent
from otdesk.testing import factories as f
from otdesk.testing.login import current_code, sign_in, totp_device

SETUP = "/account/two-factor/"
VERIFY = "/account/two-factor/verify/"
NOW = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)


def _password_sign_in(client: Client, user: User) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": f.PASSWORD})
    assert response.status_code == 302


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.coordinator)
    response = client.get(reverse("delivery:district_compliance"))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fdistrict%2Fminutes%2F"
    page = client.get(SETUP)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your role needs two-factor sign-in before you can go on." in text
    assert '<svg aria-hidden="true" focusable="false"' in text


def test_setting_up_shows_recovery_codes_once_and_opens_the_pages(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.coordinator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    again = client.get(SETUP)  # a reload shows the same key
    assert TOTPDevice.objects.filter(user=world.coordinator).count() == 1
    assert again.context["key"].replace(" ", "") in device.config_url

    wrong = client.post(SETUP, {"code": "000000" if current_code(device) != "000000" else "1"})
    assert "That code does not match." in wrong.content.decode()

    done = client.post(SETUP, {"code": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("delivery:district_compliance")).status_code == 200
    assert (
        AuditEvent.objects.filter(
            user=world.coordinator, summary="Turned on two-factor sign-in"
        ).count()
        == 1
    )
    # The account page never shows the codes again, only how many are left.
    account = client.get(reverse("accounts:account")).content.decode()
    assert "You have 10 unused recovery codes." in account
    assert codes[0] not in account


def test_with_two_factor_the_password_alone_reaches_only_the_code_step(world) -> None:  # type: ignore[no-untyped-def]
    device = totp_device(world.coordinator)
    client = Client()
    _password_sign_in(client, world.coordinator)
    clock = time_machine.travel(NOW, tick=False)
    clock.start()
    response = client.get(reverse("students:caseload"))
    assert response["Location"] == f"{VERIFY}?next=%2Fcaseload%2F"
    wrong = "000000" if current_code(device) != "000000" else "111111"
    bad = client.post(VERIFY, {"code": wrong, "next": "/caseload/"})
    assert bad.status_code == 200
    assert "That code does not match." in bad.content.decode()
    assert client.get(reverse("students:caseload")).status_code == 302
    # After a wrong code the app's codes are refused for a moment (django-otp's throttle).
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 200
    clock.stop()
    clock = time_machine.travel(NOW + dt.timedelta(seconds=31), tick=False)
    clock.start()
    good = client.post(VERIFY, {"code": current_code(device), "next": "/caseload/"})
    clock.stop()
    assert good["Location"] == "/caseload/"
    assert client.get(reverse("students:caseload")).status_code == 200


def test_the_same_app_code_is_taken_once(world) -> None:  # type: ignore[no-untyped-def]
    device = totp_device(world.coordinator)
    code = current_code(device)
    first, second = Client(), Client()
    _password_sign_in(first, world.coordinator)
    assert first.post(VERIFY, {"code": code})["Location"] == "/"
    _password_sign_in(second, world.coordinator)
    assert second.post(VERIFY, {"code": code}).status_code == 200  # refused: shown again


def _recovery_codes(client: Client) -> list[str]:
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 200
    return list(response.context["codes"])


def test_a_recovery_code_signs_in_once(world) -> None:  # type: ignore[no-untyped-def]
    setup = Client()
    sign_in(setup, world.coordinator)
    codes = _recovery_codes(setup)
    first = Client()
    _password_sign_in(first, world.coordinator)
    assert first.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/"
    assert first.get(reverse("students:caseload")).status_code == 200
    assert StaticToken.objects.filter(device__user=world.coordinator).count() == 9
    again = Client()
    _password_sign_in(again, world.coordinator)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert again.get(reverse("students:caseload")).status_code == 302
    assert AuditEvent.objects.filter(summary="Signed in with a recovery code").count() == 1


def test_new_recovery_codes_replace_the_old_ones(world) -> None:  # type: ignore[no-untyped-def]
    totp_device(world.therapist)  # an OT who turned it on
    client = Client()
    sign_in(client, world.therapist)
    old = _recovery_codes(client)
    new = _recovery_codes(client)
    assert set(old).isdisjoint(new)
    other = Client()
    _password_sign_in(other, world.therapist)
    with time_machine.travel(NOW, tick=False) as clock:
        assert other.post(VERIFY, {"code": old[0]}).status_code == 200
        clock.shift(dt.timedelta(seconds=2))
        assert other.post(VERIFY, {"code": new[0]})["Location"] == "/"


def test_two_factor_is_optional_for_other_staff_and_they_may_turn_it_off(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.therapist)
    assert client.get(reverse("students:caseload")).status_code == 200
    assert "Set up two-factor sign-in" in client.get(reverse("accounts:account")).content.decode()
    totp_device(world.therapist)
    sign_in(client, world.therapist)
    response = client.post(reverse("accounts:two_factor_off"))
    assert response["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=world.therapist).exists()
    assert AuditEvent.objects.filter(summary="Turned off two-factor sign-in").count() == 1


def test_a_coordinator_cannot_turn_it_off(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.coordinator)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Your role needs two-factor sign-in, so it stays on." in page
    assert "Turn off two-factor sign-in" not in page
    response = client.post(reverse("accounts:two_factor_off"), follow=True)
    assert "Your role needs two-factor sign-in, so it cannot be turned off." in (
        response.content.decode()
    )
    assert TOTPDevice.objects.filter(user=world.coordinator, confirmed=True).count() == 1


@pytest.mark.django_db
def test_the_admin_needs_two_factor() -> None:
    operator = f.make_user(Role.OPERATOR, None, username="op", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    response = client.get("/admin/")
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    # A staff user of another role without a device is stopped at the admin too.
    helper = f.make_user(Role.OT, f.make_district(), is_staff=True)
    other = Client()
    other.force_login(helper)
    assert other.get("/admin/")["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    sign_in(client, operator)
    assert client.get("/admin/").status_code == 200


def test_an_unverified_session_reaches_only_the_code_step_and_sign_out(world) -> None:  # type: ignore[no-untyped-def]
    totp_device(world.parent)  # a guardian who turned it on
    client = Client()
    _password_sign_in(client, world.parent)
    for path in ("/", "/account/", "/family/", "/account/two-factor/recovery-codes/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    assert client.get(VERIFY).status_code == 200
    assert client.post(reverse("logout"))["Location"] == "/login/"


def test_the_code_page_sends_a_verified_person_on_and_refuses_other_sites(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.coordinator)
    assert client.get(VERIFY, {"next": "/caseload/"})["Location"] == "/caseload/"
    assert client.get(VERIFY, {"next": "https://evil.example/"})["Location"] == "/"


def test_the_key_is_shown_in_groups_the_app_accepts(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.therapist)
    page = client.get(SETUP)
    key = page.context["key"]
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", key)
