"""The demo coordinator's two-factor sign-in is reachable: load_demo prints the key and
the recovery codes it set up."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.demo.generate import DEMO_PASSWORD
from otdesk.testing.login import current_code

pytestmark = pytest.mark.django_db


def test_the_demo_prints_the_coordinators_second_step_and_it_works() -> None:
    out = StringIO()
    call_command("load_demo", "--students", "6", "--today", "2026-11-28", stdout=out)
    text = out.getvalue()
    assert "coord.davis, operator: a second step after the password (two-factor sign-in)." in text
    assert "N52G IZLT NMWW IZLN N4WT EZTB FVVW K6JB" in text
    assert "demo-code-01, demo-code-02, demo-code-03 ... demo-code-10." in text
    device = TOTPDevice.objects.get(user__username="coord.davis")
    assert TOTPDevice.objects.count() == 2  # the coordinator and the operator, nobody else

    client = Client()
    client.post("/login/", {"username": "coord.davis", "password": DEMO_PASSWORD})
    assert client.get("/caseload/")["Location"] == "/account/two-factor/verify/?next=%2Fcaseload%2F"
    assert (
        client.post("/account/two-factor/verify/", {"code": current_code(device)})["Location"]
        == "/"
    )
    assert client.get("/caseload/").status_code == 200

    other = Client()
    other.post("/login/", {"username": "coord.davis", "password": DEMO_PASSWORD})
    assert other.post("/account/two-factor/verify/", {"code": "demo-code-01"})["Location"] == "/"
