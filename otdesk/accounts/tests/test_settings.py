"""The sign-in settings read from the environment (docs/running.md)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from otdesk import settings as otdesk_settings


@pytest.mark.parametrize("value", ["abc", "0", "99999", "3.5", "²", "-4"])
def test_a_bad_number_stops_start_up_naming_the_variable(monkeypatch, value) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTDESK_IDLE_MINUTES", value)
    with pytest.raises(ImproperlyConfigured) as caught:
        otdesk_settings.env_int("OTDESK_IDLE_MINUTES", 30, low=1, high=1440)
    assert str(caught.value) == (
        f"OTDESK_IDLE_MINUTES={value!r} is not a whole number from 1 to 1440."
    )


def test_numbers_and_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTDESK_IDLE_MINUTES", " 45 ")
    assert otdesk_settings.env_int("OTDESK_IDLE_MINUTES", 30, low=1, high=1440) == 45
    monkeypatch.setenv("OTDESK_IDLE_MINUTES", "")
    assert otdesk_settings.env_int("OTDESK_IDLE_MINUTES", 30, low=1, high=1440) == 30


def test_the_shipped_sign_in_settings() -> None:
    assert otdesk_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert otdesk_settings.AXES_FAILURE_LIMIT == 5
    assert otdesk_settings.AXES_COOLOFF_MINUTES == 15
    assert otdesk_settings.OTDESK_INVITATION_DAYS == 7
    assert otdesk_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
