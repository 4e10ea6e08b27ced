"""The Django admin's scripts run under the strict Content-Security-Policy: in Chromium the
list's select-all box and the change form's date shortcut work, and the browser reports
no violation of the policy on the way."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from otdesk.district.tests.helpers import make_operator
from otdesk.testing.browser import sign_in
from otdesk.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_works_under_the_policy(page, live_server, world):
    operator = make_operator(username="operator")
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server.url, operator.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/students/student/")
    page.locator("#action-toggle").check()  # admin/js/actions.js
    assert page.locator(".action-counter").inner_text() == "1 of 1 selected"
    page.goto(f"{live_server.url}/admin/students/student/{world.student.pk}/change/")
    page.locator("#id_date_of_birth").fill("")
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()  # DateTimeShortcuts
    today = dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    assert page.locator("#id_date_of_birth").input_value() == today.isoformat()
    assert refused == []
