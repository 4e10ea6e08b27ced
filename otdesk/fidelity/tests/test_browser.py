"""The fidelity report in Chromium, desktop then phone: the therapist opens the caseload
report, chooses the dates, sees the line's minutes and downloads the CSV; the coordinator
opens the district report. Axe and the width check on every page."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseload_report_dates_download_and_the_district(page, live_server, world):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    f.make_session(world.therapist, world.school, [world.student], date=monday)
    sign_in(page, live_server.url, world.therapist.username, f.PASSWORD)
    page.goto(f"{live_server.url}/reports/fidelity/")
    page.get_by_role("heading", level=1).wait_for()
    page.get_by_label("From").fill(monday.isoformat())
    page.get_by_label("To").fill(today.isoformat())
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**start={monday.isoformat()}**")
    page.get_by_text(world.student.full_name).first.wait_for()
    page.get_by_text("30 min").first.wait_for()
    checked(page, "fidelity-caseload")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    body = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert world.student.full_name in body

    page.get_by_label("To").fill((monday - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Show").click()
    page.get_by_text("The last day must be on or after the first day.").wait_for()
    checked(page, "fidelity-bad-range")

    page.context.clear_cookies()
    sign_in(page, live_server.url, world.coordinator.username, f.PASSWORD)
    page.goto(f"{live_server.url}/district/reports/fidelity/")
    page.get_by_role("heading", level=1).wait_for()
    page.get_by_text(world.student.full_name).first.wait_for()
    checked(page, "fidelity-district")
