"""The coordinator's district pages in a real browser, at desktop and phone width: the
hub, team assignments (an error, an addition, an ending), schools, closed days and the
district rules, each checked with axe and for sideways scrolling."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import TeamMember, TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import assert_accessible, assert_fits_width, open_task, screenshot

from .helpers import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"district-{name}-{page.width_name}")


def test_the_coordinator_keeps_teams_schools_closed_days_and_rules(page, live_server):
    today = timezone.localdate()
    district = f.make_district(
        name="Riverbend Unified",
        school_year_start=today - dt.timedelta(days=60),
        school_year_end=today + dt.timedelta(days=200),
    )
    school = f.make_school(district)
    school.name, school.short_name = "Maple Grove Elementary", "MGE"
    school.save()
    student = f.make_student(school, first_name="Maya", last_name="Lopez")
    ot = f.make_user(Role.OT, district, first_name="Rosa", last_name="Alvarez")
    f.make_user(Role.OT, district, first_name="Nina", last_name="Newman")
    f.make_user(Role.TEACHER, district, first_name="Tess", last_name="Teacher")
    f.add_to_team(student, ot, TeamRole.OT, start_date=today - dt.timedelta(days=30))
    NonSchoolDay.objects.create(
        district=district, date=today - dt.timedelta(days=3), name="Teacher work day"
    )
    coordinator = f.make_user(Role.COORDINATOR, district, first_name="Pat", last_name="Davis")

    browser_log_in(page, live_server.url, coordinator)
    open_task(page, "District")
    page.get_by_role("heading", name="Riverbend Unified", level=1).wait_for()
    check(page, "hub")

    page.get_by_role("link", name="Team assignments").click()
    page.get_by_role("heading", name="Team assignments", level=1).wait_for()
    check(page, "team-list")
    page.get_by_role("link", name="Maya Lopez").click()
    page.get_by_role("heading", name="Team of Maya Lopez").wait_for()
    check(page, "student-team")

    # A teacher cannot be the OT: the page says so next to the person.
    page.get_by_label("Person").select_option(label="Tess Teacher — Teacher")
    page.get_by_label("Role on the team").select_option("ot")
    page.get_by_role("button", name="Add to the team").click()
    refused = "Tess Teacher's role is Teacher; choose someone whose role is"
    page.get_by_text(refused).first.wait_for()
    check(page, "student-team-error")
    page.get_by_label("Person").select_option(label="Nina Newman — Occupational therapist (OTR)")
    page.get_by_role("button", name="Add to the team").click()
    page.get_by_text("Added Nina Newman, Occupational therapist of Maya Lopez").wait_for()
    assert TeamMember.objects.filter(person__last_name="Newman", student=student).count() == 1

    page.get_by_role("link", name="End Rosa Alvarez's assignment").click()
    page.get_by_role("heading", name="End Rosa Alvarez's assignment").wait_for()
    check(page, "end-assignment")
    page.get_by_role("button", name="End the assignment").click()
    page.get_by_text("Rosa Alvarez's assignment ends on").wait_for()
    assert TeamMember.objects.get(person=ot).end_date == today

    page.goto(f"{live_server.url}/district/schools/")
    page.get_by_role("heading", name="Schools of Riverbend Unified").wait_for()
    check(page, "schools")
    page.get_by_role("link", name="Add a school").click()
    page.get_by_role("button", name="Add the school").click()
    page.get_by_text("Enter the school's name.").first.wait_for()
    check(page, "school-errors")
    page.get_by_label("Name", exact=True).fill("Cedar Hill Elementary")
    page.get_by_label("Short name").fill("CHE")
    page.get_by_role("button", name="Add the school").click()
    page.get_by_text("Saved Cedar Hill Elementary.").wait_for()

    page.goto(f"{live_server.url}/district/closed-days/")
    page.get_by_role("heading", name="Closed days", level=1).wait_for()
    check(page, "closed-days")
    closing = today + dt.timedelta(days=7)
    while closing.weekday() >= 5:
        closing += dt.timedelta(days=1)
    page.get_by_label("Closed on").fill(closing.isoformat())
    page.get_by_label("What it is").fill("Parent conferences")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("is a closed day: Parent conferences.").wait_for()

    page.goto(f"{live_server.url}/district/rules/")
    page.get_by_role("heading", name="District rules", level=1).wait_for()
    check(page, "rules")
    page.get_by_label("Days allowed for an initial evaluation").fill("45")
    page.get_by_role("button", name="Save the rules").click()
    page.get_by_text("Saved the rules of Riverbend Unified.").wait_for()
    district.refresh_from_db()
    assert district.initial_evaluation_days == 45
