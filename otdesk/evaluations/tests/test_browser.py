"""An evaluation in Chromium at 1280 and 390 px, as the OT does it between two classrooms:
from the student's page, start it, add the test given (the age warning shows), enter a
score, record the dates; then the coordinator's due list. axe finds nothing; nothing
scrolls sideways; every tap target is 44 px."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.assessments.models import Score
from otdesk.demo.generate import school_year_containing
from otdesk.evaluations.models import Evaluation
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def child(catalog):
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    ot = f.make_user(Role.OT, district, username="ot.test", first_name="Olive", last_name="Ortiz")
    f.make_user(Role.COORDINATOR, district, username="coord.test")
    child = f.make_student(school, first_name="Maya", last_name="Pupil")
    f.make_iep(
        child,
        start_date=start,
        end_date=today + dt.timedelta(days=300),
        annual_review_due=today + dt.timedelta(days=20),
    )
    f.add_to_team(child, ot, TeamRole.OT, start_date=start)
    return child


def test_the_ot_records_an_evaluation_and_the_coordinator_sees_it_due(page, live_server, child):
    today = timezone.localdate()
    consent = today - dt.timedelta(days=10)
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    open_task(page, "Evaluations")
    page.get_by_role("heading", name="Evaluations and reviews due", level=1).wait_for()
    page.get_by_role("cell", name="Annual IEP review").wait_for()
    checked(page, "evaluations-due", tap_targets=True)

    page.goto(f"{live_server.url}/students/{child.pk}/")
    page.get_by_role("link", name="Evaluations and test scores").click()
    page.get_by_role("heading", name="Evaluations of Maya", level=1).wait_for()
    checked(page, "evaluations-student", tap_targets=True)
    page.get_by_label("Initial evaluation").check()
    page.get_by_label("Referred on").fill((consent - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Parent's consent received on").fill(consent.isoformat())
    page.get_by_label("Reason for the evaluation").fill("Slow, effortful handwriting.")
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_text("Started the initial evaluation.").wait_for()
    page.get_by_text("Due in 50 days").wait_for()
    evaluation = Evaluation.objects.get()

    tool = page.get_by_label("Which assessment")
    tool.select_option(label="PDMS-3: Ages birth to 5:11 (years:months)")
    page.get_by_label("Given on").fill(today.isoformat())
    page.get_by_role("button", name="Add the assessment").click()
    page.get_by_role("heading", name="PDMS-3 scores for Maya", level=1).wait_for()
    assert page.get_by_role("note").first.inner_text().startswith("Check the age range:")
    checked(page, "evaluations-scores", tap_targets=True)
    page.get_by_label("Fine Motor: standard score").fill("200")
    page.get_by_role("button", name="Save the scores").click()
    page.get_by_text("A standard score is between 40 and 160.").first.wait_for()
    assert Score.objects.count() == 0
    page.get_by_label("Fine Motor: standard score").fill("82")
    page.get_by_role("button", name="Save the scores").click()
    page.get_by_text("Saved the scores of the PDMS-3.").wait_for()
    assert Score.objects.get().standard_score == 82
    checked(page, "evaluations-detail", tap_targets=True)

    page.get_by_role("link", name="Record dates and findings").click()
    page.get_by_label("Evaluated on").fill(today.isoformat())
    page.get_by_label("Findings and recommendations").fill("Fine motor skills below age level.")
    checked(page, "evaluations-edit", tap_targets=True)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved the evaluation.").wait_for()
    page.get_by_text("Evaluated on time").wait_for()
    evaluation.refresh_from_db()
    assert evaluation.evaluation_date == today

    page.context.clear_cookies()
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    open_task(page, "Evaluations")
    page.get_by_role("link", name="Maya Pupil").first.wait_for()
    checked(page, "evaluations-due-coordinator", tap_targets=True)
