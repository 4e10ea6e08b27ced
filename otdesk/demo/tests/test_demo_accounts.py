"""The demo's coordinator is not a superuser; the admin belongs to a separate site
operator account, printed with the other demo logins."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from otdesk.accounts.models import Role, User
from otdesk.district.tests.helpers import log_in

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_is_no_superuser_and_the_operator_has_the_admin(client, capsys):
    call_command("load_demo", "--students", "6", "--today", "2026-11-28")
    out = capsys.readouterr().out
    line = "  operator             Site operator: the Django admin (/admin/) only; no district"
    assert line in out.splitlines()
    coordinator = User.objects.get(username="coord.davis")
    assert (coordinator.role, coordinator.is_staff, coordinator.is_superuser) == (
        Role.COORDINATOR,
        False,
        False,
    )
    operator = User.objects.get(username="operator")
    assert (operator.role, operator.is_staff, operator.is_superuser, operator.district) == (
        Role.OPERATOR,
        True,
        True,
        None,
    )
    assert User.objects.filter(is_superuser=True).count() == 1
    log_in(client, coordinator)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("district:hub")).status_code == 200
    log_in(client, operator)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("district:hub")).status_code == 404
