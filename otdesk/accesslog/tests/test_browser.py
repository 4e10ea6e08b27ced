"""The coordinator searches the access log in Chromium, at desktop and phone width."""

import pytest

from otdesk.accounts.models import Role
from otdesk.core.audit import record_event
from otdesk.jobs import services as jobs
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in, small_tap_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def district_log():
    district = f.make_district()
    school = f.make_school(district)
    f.make_user(Role.COORDINATOR, district, username="coord.test")
    therapist = f.make_user(
        Role.OT, district, username="ot.test", first_name="Olive", last_name="Ot"
    )
    maya = f.make_student(school, first_name="Maya", last_name="Pupil")
    noah = f.make_student(school, first_name="Noah", last_name="Other")
    iep = f.make_iep(maya)
    record_event(user=therapist, action="view", obj=maya, student_id=maya.pk, summary="Opened")
    record_event(user=therapist, action="view", obj=noah, student_id=noah.pk, summary="Opened")
    record_event(
        user=therapist,
        action="update",
        obj=iep,
        student_id=maya.pk,
        summary="Changed the review date",
        before={"annual_review_due": "2027-03-01"},
        after={"annual_review_due": "2027-02-22"},
    )


def test_coordinator_searches_the_log_for_one_student(page, live_server, district_log):
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    page.goto(f"{live_server.url}/district/audit/")
    page.get_by_role("heading", name="Access log").wait_for()
    assert page.get_by_text("3 events, newest first.").is_visible()
    checked(page, "access-log")

    page.get_by_label("Student").select_option(label="Pupil, Maya")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("2 events, newest first.").wait_for()
    assert page.get_by_text("Noah Other").count() == 0
    page.get_by_text("Values before and after").click()
    assert page.get_by_text("Before: annual_review_due").is_visible()
    checked(page, "access-log-student")

    page.get_by_label("From").fill("2026-10-09")
    page.get_by_label("To").fill("2026-10-01")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("The end date comes before the start date.").wait_for()
    checked(page, "access-log-error")


def test_coordinator_makes_and_downloads_the_district_export(page, live_server, district_log):
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    open_task(page, "District")
    page.get_by_role("link", name="District export").click()
    page.get_by_role("heading", name="District export", level=1).wait_for()
    page.get_by_text("No export has been made yet.").wait_for()
    checked(page, "district-export")
    page.get_by_role("button", name="Make the district export").click()
    page.get_by_text("District export of Test District").wait_for()
    assert jobs.run_pending() == 1
    link = page.get_by_role("link", name="otdesk-test-district-")
    link.wait_for()
    assert small_tap_targets(page) == []
    checked(page, "district-export-done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("otdesk-test-district-")
