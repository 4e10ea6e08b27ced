"""Passwords, lockout and session limits (issue 12, point 2)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from otdesk import settings as project_settings
from otdesk.accounts.models import Role, User
from otdesk.testing import factories as f

START = dt.datetime(2026, 10, 5, 14, 0, tzinfo=dt.UTC)


def test_argon2_is_the_first_hasher_and_hashes() -> None:
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("a long enough phrase", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("a long enough phrase", encoded)


def _refusals(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@pytest.mark.django_db
def test_the_validators_refuse_what_the_issue_names() -> None:
    alvarez = User(username="ot.alvarez", first_name="Rosa", last_name="Alvarez")
    assert _refusals("84736291") == [
        "This password is too short. It must contain at least 10 characters.",
        "This password is entirely numeric.",
    ]
    assert _refusals("ot.alvarez1", alvarez) == ["The password is too similar to the username."]
    assert _refusals("password123") == ["This password is too common."]
    assert _refusals("9173650284") == ["This password is entirely numeric."]
    assert _refusals("blue kettle on the porch", alvarez) == []


def _try(client: Client, username: str, password: str, address: str) -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_username_from_that_address_only() -> None:
    district = f.make_district()
    f.make_user(Role.OT, district, username="olive")
    f.make_user(Role.OT, district, username="oscar")
    client = Client()
    for _ in range(4):
        assert _try(client, "olive", "wrong-guess-000", "10.1.1.1") == 200
    # The fifth wrong password locks: the answer is the locked page.
    assert _try(client, "olive", "wrong-guess-000", "10.1.1.1") == 429
    # Locked: even the right password is refused, with a plain page.
    locked = client.post(
        reverse("login"), {"username": "olive", "password": f.PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Sign-in paused for this username" in text
    assert "There were 5 wrong passwords in a row" in text
    assert "for 15 minutes" in text
    assert "_auth_user_id" not in client.session
    # The same person from another address, and a colleague on the school's address.
    assert _try(Client(), "olive", f.PASSWORD, "10.2.2.2") == 302
    assert _try(Client(), "oscar", f.PASSWORD, "10.1.1.1") == 302


@pytest.mark.django_db
def test_the_lock_lifts_after_fifteen_minutes_and_success_resets_the_count() -> None:
    district = f.make_district()
    f.make_user(Role.OT, district, username="olive")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            _try(Client(), "olive", "wrong-guess-000", "10.1.1.1")
        assert _try(Client(), "olive", f.PASSWORD, "10.1.1.1") == 429
        clock.shift(dt.timedelta(minutes=14))
        assert _try(Client(), "olive", f.PASSWORD, "10.1.1.1") == 429
        # A try during the pause counts as a failure: the 15 minutes start again from it.
        clock.shift(dt.timedelta(minutes=14))
        assert _try(Client(), "olive", f.PASSWORD, "10.1.1.1") == 429
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert _try(Client(), "olive", f.PASSWORD, "10.1.1.1") == 302
        # The success cleared the count: four wrong ones do not lock.
        for _ in range(4):
            _try(Client(), "olive", "wrong-guess-000", "10.1.1.1")
        assert _try(Client(), "olive", f.PASSWORD, "10.1.1.1") == 302


@pytest.mark.django_db
def test_sixty_wrong_passwords_are_not_followed_by_a_sign_in() -> None:
    district = f.make_district()
    f.make_user(Role.OT, district, username="olive")
    client = Client()
    codes = [_try(client, "olive", f"guess-{n:04d}-x", "10.1.1.1") for n in range(60)]
    assert codes[:4] == [200] * 4
    assert set(codes[4:]) == {429}
    assert _try(client, "olive", f.PASSWORD, "10.1.1.1") == 429


def _signed_in(client: Client) -> bool:
    response = client.get(reverse("accounts:account"))
    return response.status_code == 200


@pytest.mark.django_db
def test_idle_for_thirty_minutes_signs_out() -> None:
    district = f.make_district()
    user = f.make_user(Role.OT, district)
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(user)
        assert _signed_in(client)
        clock.shift(dt.timedelta(minutes=29))
        assert _signed_in(client)  # 29 idle minutes: still in, and the clock restarts
        clock.shift(dt.timedelta(minutes=29, seconds=59))
        assert _signed_in(client)
        clock.shift(dt.timedelta(minutes=30))
        response = client.get(reverse("accounts:account"))
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=%2Faccount%2F"
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out after 30 minutes without activity." in page
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_twelve_hours_after_signing_in_signs_out_however_busy() -> None:
    district = f.make_district()
    user = f.make_user(Role.OT, district)
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(user)
        for _ in range(47):  # a request every 15 minutes for 11 h 45 min
            clock.shift(dt.timedelta(minutes=15))
            assert _signed_in(client)
        clock.shift(dt.timedelta(minutes=15))
        response = client.get(reverse("accounts:account"))
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out 12 hours after signing in." in page


def test_the_session_cookie_lasts_no_longer_than_the_absolute_limit() -> None:
    assert project_settings.SESSION_COOKIE_AGE == 12 * 3600
    assert project_settings.OTDESK_IDLE_MINUTES == 30


@pytest.mark.django_db
def test_htmx_requests_after_the_timeout_reload_the_whole_page() -> None:
    user = f.make_user(Role.OT, f.make_district())
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(user)
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("accounts:account"), HTTP_HX_REQUEST="true")
        assert response.status_code == 204
        assert response["HX-Redirect"] == "/login/"
