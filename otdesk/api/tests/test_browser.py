"""A therapist makes an API token on her Account page, copies it, reads the API's docs and
revokes the token, in Chromium at 1280 and 390 px: axe finds nothing, nothing scrolls
sideways, every tap target is 44 px."""

import pytest
from django.test import Client

from otdesk.accounts.models import Role
from otdesk.api.models import ApiToken
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_therapist_makes_uses_and_revokes_a_token(page, live_server):  # type: ignore[no-untyped-def]
    district = f.make_district()
    f.make_user(Role.OT, district, username="ot.test")
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Manage API tokens").click()
    page.get_by_role("heading", name="API tokens", level=1).wait_for()
    checked(page, "api-tokens", tap_targets=True)

    page.get_by_label("Name").fill("Caseload sheet")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Make the token").click()
    page.get_by_role("heading", name="Your new token: copy it now").wait_for()
    plain = page.get_by_label("Token for Caseload sheet").input_value()
    assert plain.startswith("otd_")
    checked(page, "api-tokens-made", tap_targets=True)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/students").status_code == 200

    page.get_by_role("link", name="OT Desk API").click()
    page.get_by_role("heading", name="OT Desk API", level=1).wait_for()
    page.get_by_role("heading", name="POST /api/v1/sessions/{session_id}/sign").wait_for()
    checked(page, "api-docs", tap_targets=True)

    page.goto(f"{live_server.url}/account/api-tokens/")  # the token page is never cached
    page.get_by_role("button", name="Revoke Caseload sheet").click()
    page.get_by_text("Revoked Caseload sheet: it no longer opens the API.").wait_for()
    assert ApiToken.objects.get().revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/students").status_code == 401
