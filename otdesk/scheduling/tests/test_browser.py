import pytest

from otdesk.accounts.models import Role
from otdesk.testing import factories as f
from otdesk.testing.browser import (
    assert_accessible,
    assert_fits_width,
    open_task,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_therapist_makes_a_calendar_link(page, live_server):
    f.make_user(Role.OT, f.make_district(), username="ot.feed")
    sign_in(page, live_server.url, "ot.feed", f.PASSWORD)
    open_task(page, "Calendar feed")
    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_label("Your calendar link").input_value()
    assert link.startswith(f"{live_server.url}/calendar/") and link.endswith(".ics")
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"calendar-feed-{page.width_name}")
    response = page.request.get(link)
    assert response.status == 200
    assert response.text().startswith("BEGIN:VCALENDAR")


def test_generate_page_is_accessible(page, live_server):
    f.make_user(Role.OT, f.make_district(), username="ot.gen")
    sign_in(page, live_server.url, "ot.gen", f.PASSWORD)
    page.goto(f"{live_server.url}/plan/generate/")
    page.get_by_role("heading", name="Generate your weekly plan").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Make a plan").click()
    page.get_by_text("0 of 0 minutes a week placed", exact=True).wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"generate-{page.width_name}")
