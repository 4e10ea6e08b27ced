"""The workload report in Chromium, as a therapist and a coordinator, at 1280 and 390."""

import pytest

from otdesk.testing import factories as f
from otdesk.testing.browser import sign_in
from otdesk.workload.tests.test_browser import caseload, checked  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("caseload")
def test_therapist_opens_the_report_from_the_workload_page(page, live_server):
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/workload/")
    page.get_by_role("link", name="See this as a report with a chart").click()
    page.get_by_role("heading", name="Your workload report this week").wait_for()
    assert page.locator("figcaption.chart-summary").inner_text() == (
        "Hours logged: Olive Ot 1.0 hours."
    )
    assert page.locator("svg.bar-chart rect.bar").count() == 1
    checked(page, "workload-report")


@pytest.mark.usefixtures("caseload")
def test_coordinator_opens_the_report_from_the_hub(page, live_server):
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    page.goto(f"{live_server.url}/district/workload/")
    page.get_by_role("link", name="See this as a report with a chart").click()
    page.get_by_role("heading", name="Therapists’ workload report this week").wait_for()
    summary = page.locator("figcaption.chart-summary").inner_text()
    assert summary == "Hours logged: Olive Ot 1.0 hours. All therapists together: 1.0 hours."
    checked(page, "district-workload-report")
