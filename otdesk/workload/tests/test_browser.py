"""Logging professional time and reading workload in Chromium, at desktop and phone width."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.core.dates import nice_date
from otdesk.demo.generate import school_year_containing
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in
from otdesk.workload.models import ProfessionalTime

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def last_weekday(today: dt.date) -> dt.date:
    """Today on a weekday, else the Friday before: always inside the current workload week."""
    return today - dt.timedelta(days=max(0, today.weekday() - 4))


@pytest.fixture
def caseload():
    """An OT with one student and an hour of direct service this week, and a coordinator."""
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    therapist = f.make_user(
        Role.OT, district, username="ot.test", first_name="Olive", last_name="Ot"
    )
    f.make_user(Role.COORDINATOR, district, username="coord.test")
    student = f.make_student(school, first_name="Maya", last_name="Pupil")
    f.add_to_team(student, therapist, TeamRole.OT, start_date=today - dt.timedelta(days=60))
    day = last_weekday(today)
    f.make_session(
        therapist, school, [], date=day, start=dt.time(9, 0), minutes=60, status="signed"
    )
    return {"day": day, "student": student}


def test_therapist_logs_time_with_an_error_then_reads_the_workload(page, live_server, caseload):
    day = caseload["day"]
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/time/")
    page.get_by_role("heading", name="Log professional time").wait_for()
    checked(page, "time-entry")

    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_role("button", name="Log time").click()
    page.get_by_role("heading", name="Please fix 2 things before saving").wait_for()
    assert page.get_by_text("Choose what the time was for.").count() == 2  # summary and field
    assert ProfessionalTime.objects.count() == 0
    checked(page, "time-entry-error")

    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Documentation", exact=True).check()
    page.get_by_label("Student").select_option(str(caseload["student"].pk))
    page.get_by_label("Note").fill("Progress report for Maya")
    page.get_by_role("button", name="Log time").click()
    page.get_by_text(f"Logged 45 min of documentation on {nice_date(day)}.").wait_for()
    page.get_by_role("cell", name="Progress report for Maya").wait_for()
    entry = ProfessionalTime.objects.get()
    assert (entry.date, entry.minutes, entry.category) == (day, 45, "documentation")
    checked(page, "time-entry-logged")

    page.get_by_role("link", name="See your workload").click()
    page.get_by_role("heading", name="Your workload this week").wait_for()
    summary = page.locator("#workload-summary").inner_text()
    assert summary.startswith(
        "This week: 1.8 hours logged, 57% direct service, 43% professional time."
    ), summary
    checked(page, "workload")

    page.get_by_role("link", name="Show the month").click()
    page.get_by_role("heading", name="Your workload this month").wait_for()
    checked(page, "workload-month")


def test_coordinator_compares_the_therapists(page, live_server, caseload):
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    # A coordinator starts from the District page, on a phone too.
    page.get_by_role("navigation", name="Tasks").get_by_role("link", name="District").click()
    page.get_by_role("link", name="Workload of every therapist").click()
    page.get_by_role("heading", name="Therapists’ workload this week").wait_for()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Olive Ot"))
    assert row.locator('td[data-label="Direct service"]').inner_text().strip() == "1.0 h"
    assert row.locator('td[data-label="Caseload"]').inner_text().strip() == "1 student"
    checked(page, "district-workload")
