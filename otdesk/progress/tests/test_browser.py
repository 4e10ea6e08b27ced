"""The progress report in Chromium at 1280 and 390 px: the coordinator's periods page, the
OT's draft (codes, words) and the report with its goal chart, the guardian's comment from
the portal. axe finds nothing; nothing scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.delivery.models import GoalData
from otdesk.demo.generate import school_year_containing
from otdesk.jobs import services as jobs
from otdesk.progress import services
from otdesk.progress.models import ParentComment, ProgressReport
from otdesk.schools.models import ReportingPeriod
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def student():
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    ot = f.make_user(Role.OT, district, username="ot.test", first_name="Olive", last_name="Ortiz")
    f.make_user(Role.COORDINATOR, district, username="coord.test")
    parent = f.make_user(Role.GUARDIAN, district, username="parent.test")
    child = f.make_student(school, first_name="Maya", last_name="Pupil")
    began = max(start, today - dt.timedelta(days=70))
    iep = f.make_iep(
        child,
        start_date=began,
        end_date=today + dt.timedelta(days=300),
        annual_review_due=today + dt.timedelta(days=300),
    )
    f.make_line(iep)
    goal = f.make_goal(
        iep,
        area="visual_motor",
        baseline="Copies phrases with 40% of letters on the line.",
        target="Copies a sentence with 80% of letters on the line.",
    )
    f.add_to_team(child, ot, TeamRole.OT, start_date=began)
    f.add_to_team(child, parent, TeamRole.GUARDIAN, relationship="Mother", start_date=began)
    for n, correct in enumerate([4, 5, 5, 6, 7, 7]):
        day = today - dt.timedelta(days=7 * (6 - n))
        session = f.make_session(ot, school, [child], date=day)
        GoalData.objects.create(
            record=session.attendees.get(), goal=goal, trials=10, correct=correct
        )
    return child


def test_the_report_from_periods_to_the_familys_comment(page, live_server, student):
    today = timezone.localdate()
    district = student.school.district
    last = min(district.school_year_end, today + dt.timedelta(days=1))
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    page.goto(f"{live_server.url}/progress/periods/")
    page.get_by_label("Name").fill("Fall")
    page.get_by_label("First day").fill(district.school_year_start.isoformat())
    page.get_by_label("Last day").fill(last.isoformat())
    page.get_by_role("button", name="Add period").click()
    page.get_by_text("Saved the reporting period Fall").wait_for()
    checked(page, "progress-periods")
    period = ReportingPeriod.objects.get()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/progress/students/{student.pk}/")
    checked(page, "progress-student")
    page.get_by_role("button", name="Start the draft").click()
    page.get_by_role("heading", name="Draft progress report: Maya, Fall").wait_for()
    checked(page, "progress-edit")
    page.get_by_label("Progress code: Visual-motor").select_option(label="Making progress")
    page.get_by_label("What the data show: Visual-motor").fill("Letters on the line more often.")
    page.get_by_label("About the period").fill("A good start to the year.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved the draft.").wait_for()
    page.locator(
        "figcaption", has_text="Up from 47% to 67% over 6 sessions; target 80%."
    ).wait_for()
    assert page.locator("svg[role=img] > title").first.text_content() == (
        "Visual-motor / eye-hand coordination: percent correct per session"
    )
    checked(page, "progress-report-draft")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "parent.test", f.PASSWORD)
    page.goto(f"{live_server.url}/family/{student.pk}/")
    page.get_by_role("link", name="Add your comments to the report for Fall").click()
    page.get_by_label("Your comments").fill("She writes her name on the line at home now.")
    checked(page, "progress-family-draft")
    page.get_by_role("button", name="Send my comments").click()
    page.get_by_text("Thank you.").wait_for()
    assert ParentComment.objects.get().text == "She writes her name on the line at home now."

    page.context.clear_cookies()
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    report = ProgressReport.objects.get(period=period)
    page.goto(f"{live_server.url}/progress/{report.pk}/")
    page.get_by_text("She writes her name on the line at home now.").wait_for()
    page.get_by_role("button", name="Make final").click()
    page.get_by_text("The report is final.").wait_for()
    checked(page, "progress-report-final")


def test_the_batch_and_its_bar(page, live_server, student):
    """The OT starts the batch from the caseload page, the bar shows it waiting, a worker
    runs it (here: jobs.run_pending, in this process) and the bar, polling, fills and
    offers the zip; the student without a report is named with the reason."""
    district = student.school.district
    today = timezone.localdate()
    ot = student.team.get(role=TeamRole.OT).person
    fall = services.save_period(
        actor=f.make_user(Role.COORDINATOR, district),
        period=ReportingPeriod(
            district=district,
            name="Fall",
            start_date=district.school_year_start,
            end_date=min(district.school_year_end, today + dt.timedelta(days=1)),
        ),
    )
    services.start_report(actor=ot, student=student, period=fall)
    other = f.make_student(student.school, first_name="Ben", last_name="Ng")
    f.add_to_team(other, ot, TeamRole.OT)
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/progress/?period={fall.pk}")
    page.get_by_role("button", name="Make all reports for this period").click()
    bar = page.locator("progress")
    bar.wait_for()
    assert bar.get_attribute("max") == "2" and bar.get_attribute("value") == "0"
    page.locator(".job-count", has_text="0 of 2").wait_for()
    checked(page, "progress-batch-queued")
    assert jobs.run_pending() == 1
    # The partial polls every second: the bar fills, the zip is offered.
    page.get_by_role("link", name="progress-reports-Fall.zip").wait_for(timeout=15_000)
    assert bar.get_attribute("value") == "2"
    page.get_by_text("1 made. Not made: Ben Ng (No report started for Fall.)").wait_for()
    checked(page, "progress-batch-done")
