"""The delivery flows in Chromium at desktop and phone width, with axe on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.delivery.models import Session
from otdesk.demo.generate import school_year_containing
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseload():
    """A therapist with a Monday pull-out group and a Monday push-in session, this school year."""
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    teacher = f.make_user(Role.TEACHER, district)
    room = f.make_classroom(school, teacher=teacher, grade="2")
    therapist = f.make_user(Role.OT, district, username="ot.test", first_name="Olive")
    f.make_user(Role.COORDINATOR, district, username="coord.test")
    students = []
    for first in ("Ava", "Ben", "Cal", "Maya"):
        student = f.make_student(school, room, first_name=first, last_name="Pupil")
        iep = f.make_iep(
            student,
            start_date=today - dt.timedelta(days=60),
            end_date=today + dt.timedelta(days=300),
            annual_review_due=today + dt.timedelta(days=300),
        )
        if first == "Maya":
            f.make_line(iep, minutes=30)
        else:
            f.make_line(
                iep,
                delivery_model="pull_out",
                location="therapy_room",
                group_size=3,
                pull_out_reason="skill_gap",
                minutes=30,
            )
        f.make_goal(iep)
        f.add_to_team(student, therapist, TeamRole.OT, start_date=today - dt.timedelta(days=60))
        students.append(student)
    since = today - dt.timedelta(days=60)
    group = f.make_planned(
        therapist,
        school,
        students[:3],
        start=dt.time(9, 0),
        active_from=since,
        session_type="pull_out_group",
        location="therapy_room",
    )
    push_in = f.make_planned(
        therapist, school, students[3:], start=dt.time(10, 0), active_from=since, classroom=room
    )
    monday = today - dt.timedelta(days=today.weekday())
    return {"monday": monday, "students": students, "group": group, "push_in": push_in}


def minutes_cell(page, student: str, label: str) -> str:
    row = page.locator("tr", has=page.get_by_role("link", name=student))
    return row.locator(f'td[data-label="{label}"]').first.inner_text().strip()


def status_and_remaining_in_view(page) -> None:
    """Every row's status and remaining minutes lie inside the viewport's width, so no one
    scrolls sideways to see whether a line is behind."""
    width = page.viewport_size["width"]
    for label in ("Status", "Remaining"):
        cells = page.locator(f'table.minutes-table td[data-label="{label}"]')
        assert cells.count() > 0
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"{label} cell {i} at {box} is outside the {width} px viewport"
            )


def test_log_group_from_worklist_and_record_provider_absence(page, live_server, caseload):
    monday = caseload["monday"]
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.get_by_role("heading", name="Your week").wait_for()
    checked(page, "today")

    open_task(page, "Minutes")
    page.get_by_role("heading", name="Minutes on your caseload").wait_for()
    assert minutes_cell(page, "Ava Pupil", "Delivered").startswith("0 of ")
    status_and_remaining_in_view(page)
    checked(page, "minutes")

    # Logging the planned group: one tap on Today.
    open_task(page, "Today")
    page.get_by_role("heading", name="Your week").wait_for()
    page.get_by_role("button", name="Log as planned for Ava Pupil, Ben Pupil, Cal Pupil").click()
    page.get_by_text("Logged 30 min for Ava Pupil, Ben Pupil, Cal Pupil").wait_for()
    session = Session.objects.get()
    assert (session.date, session.session_type, session.attendees.count()) == (
        monday,
        "pull_out_group",
        3,
    )
    open_task(page, "Minutes")
    for name in ("Ava Pupil", "Ben Pupil", "Cal Pupil"):
        assert minutes_cell(page, name, "Delivered").startswith("30 of ")
    assert minutes_cell(page, "Maya Pupil", "Delivered").startswith("0 of ")
    assert minutes_cell(page, "Maya Pupil", "Owed") == "0 min"

    # The note: view, sign, amend.
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    checked(page, "session")
    page.get_by_role("link", name="Write the note").click()
    page.wait_for_url("**/note/")
    checked(page, "note-form")
    page.get_by_label("O — objective").fill("Ava cut the spiral within 1/4 inch.")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Ava cut the spiral within 1/4 inch.").wait_for()
    page.get_by_role("button", name="Sign note").click()
    page.get_by_text("Signed. The note is now locked").wait_for()
    page.get_by_label("Correction or addition").fill("Ben used the weighted pencil.")
    page.get_by_role("button", name="Add addendum").click()
    page.get_by_text("Ben used the weighted pencil.").wait_for()
    checked(page, "session-signed")

    # Maya's push-in did not happen: the therapist was out.
    open_task(page, "Today")
    page.get_by_role("link", name="Missed for Maya Pupil").first.click()
    page.get_by_role("heading", name="Record a missed session").wait_for()
    page.get_by_role("button", name="Record missed session").click()
    page.get_by_text("Choose why the session was missed.").first.wait_for()
    checked(page, "missed-error")
    page.get_by_label("Provider absent").check()
    page.get_by_role("button", name="Record missed session").click()
    page.get_by_text("A make-up of 30 min is owed to each.").wait_for()
    open_task(page, "Minutes")
    assert minutes_cell(page, "Maya Pupil", "Owed") == "30 min"
    page.get_by_role("link", name="Maya Pupil").click()
    page.get_by_text("30 min owed").wait_for()
    page.get_by_text("30 min outstanding").first.wait_for()
    checked(page, "student-ledger")

    # The make-up form opens from the ledger, pre-filled.
    page.get_by_role("link", name="Log a make-up").click()
    page.get_by_role("heading", name="Log a make-up session").wait_for()
    checked(page, "makeup-form")

    open_task(page, "Plan")
    page.get_by_role("heading", name="Your weekly plan").wait_for()
    checked(page, "plan")
    page.get_by_role("link", name="Add to your weekly plan").click()
    page.get_by_role("button", name="Add to plan").click()
    page.get_by_text("Choose at least one student.").first.wait_for()
    checked(page, "plan-form-error")


def test_coordinator_sets_policy_and_reads_the_district_table(page, live_server, caseload):
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    open_task(page, "Minutes policy")
    page.get_by_role("heading", name="Minutes policy").wait_for()
    assert page.get_by_label("Provider absent").is_checked()
    assert not page.get_by_label("Student absent").is_checked()
    assert page.get_by_label("Pro-rate short weeks").is_checked()
    checked(page, "policy")
    page.get_by_label("Student absent").check()
    page.get_by_label("Make-ups must be given within (days of the miss)").fill("30")
    page.get_by_role("button", name="Save the change").click()
    page.get_by_text("earlier periods keep the rules in force then").wait_for()
    assert page.get_by_label("Student absent").is_checked()
    history = page.get_by_role("region", name="History of changes")
    assert "within 30 days of the miss" in history.inner_text()
    assert "Before any change: OT Desk's defaults" in history.inner_text()
    open_task(page, "Minutes")
    page.get_by_role("heading", name="Minutes across the district").wait_for()
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("All lines: 4 lines.").wait_for()
    assert "Olive Person" in page.get_by_role("row", name="Maya Pupil").first.inner_text()
    status_and_remaining_in_view(page)
    checked(page, "district-minutes")
    page.get_by_label("Student").fill("maya")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("All lines: 1 line.").wait_for()
    assert page.locator("table.minutes-table tbody tr").count() == 1
