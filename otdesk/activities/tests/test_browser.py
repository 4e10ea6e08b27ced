"""Library, planning and home programs in Chromium at desktop and phone width, axe on each page."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.activities.models import HomeProgram
from otdesk.delivery.models import Session, SessionPlan
from otdesk.demo.generate import school_year_containing
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def maya(library):
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    room = f.make_classroom(school, teacher=f.make_user(Role.TEACHER, district), grade="2")
    therapist = f.make_user(Role.OT, district, username="ot.test", first_name="Olive")
    parent = f.make_user(Role.GUARDIAN, district, username="parent.test")
    student = f.make_student(school, room, first_name="Maya", last_name="Pupil")
    iep = f.make_iep(
        student,
        start_date=today - dt.timedelta(days=60),
        end_date=today + dt.timedelta(days=300),
        annual_review_due=today + dt.timedelta(days=300),
    )
    f.make_line(iep)
    f.make_goal(iep)  # fine motor
    began = today - dt.timedelta(days=60)
    f.add_to_team(student, therapist, TeamRole.OT, start_date=began)
    f.add_to_team(student, parent, TeamRole.GUARDIAN, start_date=began)
    return student


def test_plan_from_goals_log_it_and_send_a_spanish_home_program(page, live_server, maya):
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    open_task(page, "Activities")
    page.get_by_role("heading", name="Activity library").wait_for()
    checked(page, "library")
    page.get_by_label("For a student's goal").select_option(
        label="Maya Pupil: Manipulation / fine motor goal"
    )
    page.get_by_label("Where").select_option("class")
    page.get_by_role("button", name="Find activities").click()
    page.wait_for_url("**/activities/?*goal=*")
    page.get_by_text("15 activities").wait_for()
    page.get_by_role("link", name="Hide and find in therapy putty").click()
    page.get_by_role("link", name="Español").click()
    page.get_by_role("heading", name="Esconder y buscar en plastilina terapéutica").wait_for()
    checked(page, "activity-es")

    # Plan the next session from Maya's page, then log it with one tap on the plan.
    page.goto(f"{live_server.url}/students/{maya.pk}/")
    page.get_by_role("link", name="Plan next session").click()
    page.get_by_role("button", name="Suggest activities").click()
    page.get_by_label("Clothespins and tongs (in class, pull-out, at home)").check()
    page.get_by_label("Cutting practice (in class, pull-out, at home)").check()
    checked(page, "plan-session")
    page.get_by_role("button", name="Save plan").click()
    page.get_by_text("Plan saved.").wait_for()
    checked(page, "plan-detail")
    page.get_by_role("link", name="Log this session").click()
    assert page.get_by_label("Clothespins and tongs (in class, pull-out, at home)").is_checked()
    today = timezone.localdate()
    school_day = today - dt.timedelta(days=max(0, today.weekday() - 4))
    page.get_by_label("Date").fill(school_day.isoformat())
    page.get_by_role("button", name="Log session").click()
    page.get_by_text("Logged: Integrated (push-in)").wait_for()
    session = Session.objects.get()
    assert sorted(a.key for a in session.library_activities.all()) == [
        "clothespins-tongs",
        "cutting",
    ]
    assert SessionPlan.objects.get().session == session

    # A home program, in Spanish for the family.
    page.goto(f"{live_server.url}/students/{maya.pk}/")
    page.get_by_role("link", name="Make a home program").click()
    page.get_by_label("Buttons practice (in class, pull-out, at home)").check()
    page.get_by_label("Clothespins and tongs (in class, pull-out, at home)").check()
    page.get_by_label("The note in Spanish").fill("Una actividad al día.")
    checked(page, "home-program-form")
    page.get_by_role("button", name="Make the sheet").click()
    page.get_by_role("heading", name="Activities to do at home with Maya").wait_for()
    checked(page, "home-sheet")
    page.get_by_role("link", name="Español").click()
    page.get_by_role("heading", name="Actividades para hacer en casa con Maya").wait_for()
    page.get_by_text("Una actividad al día.").wait_for()
    checked(page, "home-sheet-es")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el PDF").click(modifiers=["Alt"])
    assert download.value.suggested_filename == "home-program-maya-es.pdf"
    assert HomeProgram.objects.get().activities.count() == 2
