"""The teacher's page, the specialist's page and team notes in Chromium at desktop and
phone width, with axe; and the pages point 6 changed (a group session seen by a COTA who
serves one student, a COTA's proposal the OT decides)."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.delivery import services as delivery
from otdesk.students import services as students
from otdesk.students.models import TeamRole
from otdesk.teamwork.models import StrategyCheck, TeamNote
from otdesk.testing import factories as f
from otdesk.testing.browser import (
    assert_accessible,
    assert_fits_width,
    screenshot,
    sign_in,
    small_tap_targets,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page, name):
    assert_accessible(page)
    assert_fits_width(page)
    assert small_tap_targets(page) == []
    screenshot(page, f"{name}-{page.width_name}")


def last_school_day():
    day = timezone.localdate() - dt.timedelta(days=1)
    while day.weekday() > 4:
        day -= dt.timedelta(days=1)
    return day


def test_the_teachers_page(page, live_server, world):
    world.teacher.username = "teacher"
    world.teacher.save()
    f.make_strategy(
        world.student,
        description="Wiggle cushion at circle time",
        category="sensory_equipment",
        next_review_date=timezone.localdate() + dt.timedelta(days=40),
    )
    today = timezone.localdate()
    f.make_planned(world.therapist, world.school, [world.student], weekday=min(today.weekday(), 4))
    log = delivery.log_consultation(
        actor=world.therapist,
        date=last_school_day(),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student],
        discussed="Slant board at the writing centre; try it for two weeks.",
        follow_up="Check the grip again in two weeks.",
    )
    sign_in(page, live_server.url, "teacher", f.PASSWORD)
    page.get_by_role("heading", name="Your students and OT").wait_for()
    assert "Overdue by" in page.get_by_role("main").inner_text()
    check_page(page, "teacher-page")
    page.get_by_role("button", name="In place today for Maya Lopez: Triangular pencil grip").click()
    page.get_by_text("Thank you: Maya’s “Triangular pencil grip” is in place today.").wait_for()
    page.get_by_text("In place today, confirmed").wait_for()
    assert StrategyCheck.objects.filter(confirmed_by=world.teacher).count() == 1
    check_page(page, "teacher-page-confirmed")
    page.goto(f"{live_server.url}/consultations/{log.pk}/")
    page.get_by_text("Slant board at the writing centre").wait_for()
    check_page(page, "consultation-teacher")


def test_the_specialists_page_and_team_notes(page, live_server, world):
    slp = f.make_user(Role.SPECIALIST, world.district, username="slp", first_name="Sam")
    f.add_to_team(world.student, slp, TeamRole.SPECIALIST, relationship="SLP")
    sign_in(page, live_server.url, "slp", f.PASSWORD)
    page.get_by_role("heading", name="Students you share").wait_for()
    check_page(page, "specialist-page")
    page.get_by_role("link", name="Team notes about Maya Lopez").click()
    page.get_by_label("Note for the team").fill("Maya uses a visual schedule in speech.")
    page.get_by_role("button", name="Add note").click()
    page.get_by_text("Note added.").wait_for()
    assert TeamNote.objects.get().author == slp
    check_page(page, "team-notes")


def test_a_group_session_and_a_proposal_seen_by_a_cota_and_the_ot(page, live_server, world):
    noah = f.make_student(world.school, first_name="Noah", last_name="Quill")
    f.make_line(f.make_iep(noah), minutes=30)
    f.add_to_team(noah, world.therapist, TeamRole.OT)
    session = f.make_session(
        world.therapist, world.school, [world.student, noah], subjective="Group note."
    )
    strategy = world.student.strategies.get()
    students.review_strategy(
        actor=world.cota,
        strategy=strategy,
        date=timezone.localdate(),
        outcome="modify",
        observed="The grip slips when she tires.",
        consulted="Tess Teacher (teacher)",
        new_description="Crossover grip",
    )
    sign_in(page, live_server.url, "cota", f.PASSWORD)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_text("One other student in this group is not on your caseload").wait_for()
    assert "Noah" not in page.content()
    check_page(page, "group-session-cota")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "otr", f.PASSWORD)
    page.goto(f"{live_server.url}/team/")
    page.get_by_role("heading", name="Changes proposed by a COTA (1)").wait_for()
    check_page(page, "team-page-proposal")
    page.goto(f"{live_server.url}/students/{world.student.pk}/")
    page.get_by_role("heading", name="Team notes").wait_for()
    check_page(page, "student-page-team-notes")
    page.goto(f"{live_server.url}/team/")
    page.get_by_role("link", name="Decide Maya Lopez’s proposed change").click()
    check_page(page, "strategy-proposal-ot")
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Accepted; the strategy is changed.").wait_for()
    strategy.refresh_from_db()
    assert strategy.description == "Crossover grip"
