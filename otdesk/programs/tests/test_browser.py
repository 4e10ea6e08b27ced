"""The team flows in Chromium: an aide logs a program, the therapist monitors it, a teacher
raises a concern, a parent asks for a strategy; axe on every page, desktop and phone."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.demo.generate import school_year_containing
from otdesk.programs import services
from otdesk.programs.models import ImplementationLog, MonitoringCheck
from otdesk.students.models import Concern, StrategyRequest, TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    teacher = f.make_user(Role.TEACHER, district, username="teacher.test", first_name="Tess")
    room = f.make_classroom(school, teacher=teacher, grade="2")
    therapist = f.make_user(Role.OT, district, username="ot.test", first_name="Olive")
    aide = f.make_user(Role.AIDE, district, username="aide.test", first_name="Ada")
    parent = f.make_user(Role.GUARDIAN, district, username="parent.test", first_name="Pat")
    student = f.make_student(school, room, first_name="Maya", last_name="Pupil")
    iep = f.make_iep(
        student,
        start_date=today - dt.timedelta(days=60),
        end_date=today + dt.timedelta(days=300),
        annual_review_due=today + dt.timedelta(days=300),
    )
    f.make_line(iep)
    f.make_line(iep, kind="consultation", delivery_model="consultation", minutes=60, period="month")
    f.make_goal(iep)
    f.make_strategy(student, next_review_date=today - dt.timedelta(days=2))
    f.make_strategy(
        student,
        description="Movement break before writing",
        iep_status="agreed",
        next_review_date=today + dt.timedelta(days=40),
    )
    began = today - dt.timedelta(days=60)
    f.add_to_team(student, therapist, TeamRole.OT, start_date=began)
    f.add_to_team(student, parent, TeamRole.GUARDIAN, start_date=began, relationship="Father")
    program = services.create_program(
        actor=therapist,
        student=student,
        title="Hand warm-up",
        activities="Theraputty",
        instructions="Sit at the desk\nHide 5 beads\nFind them in 5 minutes",
        times_per_week=3,
        minutes_each=10,
        start_date=today - dt.timedelta(days=20),
    )
    services.assign_implementer(actor=therapist, program=program, person=aide, start_date=began)
    return {"program": program, "student": student}


def test_aide_logs_therapist_monitors_teacher_raises_a_concern(page, live_server, team):
    program = team["program"]
    # The aide: one tap on the phone.
    sign_in(page, live_server.url, "aide.test", f.PASSWORD)
    page.get_by_role("heading", name="Your programs").wait_for()
    checked(page, "aide-programs")
    page.get_by_role("button", name="Done today, 10 min for Hand warm-up").click()
    page.get_by_text("Logged Hand warm-up for Maya. Thank you!").wait_for()
    page.get_by_text("Logged today").wait_for()
    log = ImplementationLog.objects.get()
    assert (log.done, log.minutes, log.implementer.username) == (True, 10, "aide.test")
    page.get_by_role("link", name="Steps of Hand warm-up").click()
    page.get_by_text("Hide 5 beads").wait_for()
    checked(page, "aide-program-steps")
    page.get_by_role("button", name="Sign out").click()

    # The teacher raises a concern from the student's page.
    sign_in(page, live_server.url, "teacher.test", f.PASSWORD)
    page.get_by_role("link", name="Record of Maya Pupil").click()
    page.get_by_role("link", name="Raise a concern").click()
    page.wait_for_url("**/concerns/new/")
    checked(page, "concern-form")
    page.get_by_label("What you noticed").fill("Maya cannot open her lunch box.")
    page.get_by_role("button", name="Send concern").click()
    page.get_by_text("Thank you. The therapist will see your concern").wait_for()
    assert Concern.objects.get().text == "Maya cannot open her lunch box."
    page.get_by_role("button", name="Sign out").click()

    # The therapist sees both and records a monitoring check-in.
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    open_task(page, "Team")
    page.get_by_role("heading", name="What the team is waiting on").wait_for()
    page.get_by_text("Maya cannot open her lunch box.").wait_for()
    checked(page, "team-queue")
    page.get_by_role("link", name="Answer Tess").click()
    page.wait_for_url("**/answer/")
    checked(page, "answer-form")
    page.get_by_label("Your answer").fill("I will bring a grip aid on Tuesday.")
    page.get_by_role("button", name="Send answer").click()
    page.get_by_text("Answered Tess").wait_for()

    page.get_by_role("link", name="Review Maya Pupil’s strategy: Triangular pencil grip").click()
    page.wait_for_url("**/review/")
    checked(page, "strategy-review")
    page.get_by_label("Keep as it is").check()
    page.get_by_label("What was observed").fill("Used for all writing.")
    page.get_by_label("Who was consulted").fill("Tess (teacher)")
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Review saved.").wait_for()
    checked(page, "strategy-history")

    open_task(page, "Programs")
    page.get_by_role("link", name="Hand warm-up").click()
    page.get_by_text("done, 10 min").wait_for()
    checked(page, "program-detail")
    page.get_by_role("link", name="Monitoring check-in").click()
    page.wait_for_url("**/check/")
    checked(page, "monitoring-form")
    page.get_by_label("What you observed").fill("Ada follows every step.")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved.").wait_for()
    check = MonitoringCheck.objects.get(program=program)
    assert (check.fidelity, check.observation) == (4, "Ada follows every step.")

    open_task(page, "Consultations")
    page.wait_for_url("**/consultations/")
    checked(page, "consultations")
    page.get_by_role("link", name="Log a consultation").click()
    page.wait_for_url("**/consultations/new/")
    checked(page, "consultation-form")


def test_parent_asks_for_a_strategy_and_therapist_decides(page, live_server, team):
    sign_in(page, live_server.url, "parent.test", f.PASSWORD)
    page.get_by_role("heading", name="How OT works for Maya").wait_for()
    checked(page, "family")
    page.get_by_role(
        "button", name="Ask to add this to the IEP (Movement break before writing)"
    ).click()
    page.get_by_text("Your request was sent to the therapist.").wait_for()
    page.get_by_role("link", name="Ask for something else to be added to the IEP").click()
    page.wait_for_url("**/request/")
    checked(page, "family-request")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    open_task(page, "Team")
    page.get_by_role("link", name="Record the decision for Maya Pupil").click()
    page.wait_for_url("**/decide/")
    checked(page, "decision-form")
    page.get_by_label("Added to the IEP").check()
    page.get_by_label("The decision, for the parent").fill("Added at today's meeting.")
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Decision recorded").wait_for()
    assert StrategyRequest.objects.get().status == "added"
