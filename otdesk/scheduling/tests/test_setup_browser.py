"""The schedule set-up pages in a real browser: the hub, a class block on four days, a
travel time and a meeting, each page checked with axe at desktop and phone width."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.scheduling.models import FixedTime
from otdesk.schools.models import BellBlock, SchoolAssignment, TravelTime
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import (
    assert_accessible,
    assert_fits_width,
    open_task,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_school_day(today: dt.date) -> dt.date:
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"{name}-{page.width_name}")


def test_therapist_sets_up_blocks_travel_and_a_meeting(page, live_server):
    today = timezone.localdate()
    district = f.make_district(
        school_year_start=today - dt.timedelta(days=90),
        school_year_end=today + dt.timedelta(days=200),
    )
    maple, cedar = f.make_school(district), f.make_school(district)
    maple.name, cedar.name = "Maple Grove", "Cedar Hill"
    maple.save()
    cedar.save()
    teacher = f.make_user(Role.TEACHER, district, first_name="Rosa", last_name="Castellanos")
    room = f.make_classroom(maple, teacher=teacher)
    room.name = "Room 12 — Grade 2"
    room.save()
    therapist = f.make_user(Role.OT, district, username="ot.setup")
    SchoolAssignment.objects.create(
        person=therapist, school=maple, start_date=today - dt.timedelta(days=30), days="Mon Tue"
    )
    SchoolAssignment.objects.create(
        person=therapist, school=cedar, start_date=today - dt.timedelta(days=30), days="Wed"
    )
    student = f.make_student(maple, room, first_name="Maya", last_name="Lopez")
    f.make_line(f.make_iep(student), minutes=30)  # the student page shows panels with an IEP
    f.add_to_team(student, therapist, TeamRole.OT, start_date=today - dt.timedelta(days=30))

    sign_in(page, live_server.url, "ot.setup", f.PASSWORD)
    open_task(page, "Schedule set-up")
    page.get_by_role("heading", name="Schedule set-up", level=1).wait_for()
    check(page, "setup-hub")

    # A class block on four days at once; first an empty try shows the error summary.
    page.get_by_role("link", name=re.compile("^Maple Grove")).click()
    page.get_by_role("heading", name="Bell schedule of Maple Grove").wait_for()
    page.get_by_role("link", name="Add a block for Room 12 — Grade 2").click()
    page.get_by_role("heading", name="Add a block to Maple Grove").wait_for()
    page.get_by_role("button", name="Add block").click()
    page.get_by_role("heading", name="Please fix 4 things before saving").wait_for()
    check(page, "setup-block-errors")
    page.get_by_label("Name", exact=True).fill("Writing block")
    page.get_by_label("Kind", exact=True).select_option("writing")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday"):
        page.get_by_label(day).check()
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("09:45")
    assert page.get_by_label("Classroom (optional)", exact=True).input_value() == str(room.pk)
    page.get_by_role("button", name="Add block").click()
    page.get_by_role("heading", name="Bell schedule of Maple Grove").wait_for()
    page.get_by_text(
        "Added Writing block 09:00–09:45 on Monday, Tuesday, Wednesday, Thursday."
    ).wait_for()
    rows = BellBlock.objects.filter(classroom=room).order_by("weekday")
    assert [(b.weekday, b.start, b.end, b.protected) for b in rows] == [
        (day, dt.time(9), dt.time(9, 45), False) for day in range(4)
    ]
    check(page, "setup-school")

    # A travel time between the two schools.
    page.get_by_role("main").get_by_role("link", name="Schedule set-up").click()
    page.get_by_role("heading", name="Schedule set-up", level=1).wait_for()
    page.get_by_role("link", name="Enter travel times").click()
    page.get_by_role("heading", name="Travel times between schools").wait_for()
    page.get_by_label("Maple Grove and Cedar Hill").fill("25")
    check(page, "setup-travel")
    page.get_by_role("button", name="Save travel times").click()
    page.get_by_text("Saved travel times (1 changed).").wait_for()
    assert list(TravelTime.objects.values_list("school_a", "school_b", "minutes")) == [
        (maple.pk, cedar.pk, 25)
    ]

    # A one-off IEP meeting on the next school day at Cedar Hill.
    day = next_school_day(today)
    page.goto(f"{live_server.url}/schedule/setup/fixed/")
    page.get_by_role("heading", name="Meetings and protected time").wait_for()
    page.get_by_role("link", name="Add a meeting or protected time").click()
    page.get_by_role("heading", name="Add a meeting or protected time").wait_for()
    check(page, "setup-fixed-form")
    page.get_by_label("Title", exact=True).fill("IEP meeting")
    page.get_by_label("Date of a one-off").fill(day.isoformat())
    page.get_by_label("Start", exact=True).fill("14:00")
    page.get_by_label("End", exact=True).fill("15:00")
    page.get_by_label("School (optional)", exact=True).select_option(str(cedar.pk))
    page.get_by_role("button", name="Add meeting or protected time").click()
    page.get_by_role("heading", name="Meetings and protected time").wait_for()
    page.get_by_role("link", name=re.compile("^Change IEP meeting")).wait_for()
    fixed = FixedTime.objects.get()
    assert (fixed.date, fixed.weekday, fixed.school_id) == (day, day.weekday(), cedar.pk)
    check(page, "setup-fixed")

    # The other parts are reachable and clean too.
    unavailable = f"/students/{student.pk}/unavailable/add/"
    for path, heading, name in (
        ("/schedule/setup/days/", "Your days at each school", "setup-days"),
        ("/schedule/setup/rules/", "Group rules and preference weights", "setup-rules"),
        (unavailable, "A time Maya cannot be seen", "setup-unavailable"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.get_by_role("heading", name=heading).wait_for()
        check(page, name)
    page.get_by_label("Wednesday").check()
    page.get_by_label("Start", exact=True).fill("10:00")
    page.get_by_label("End", exact=True).fill("10:30")
    page.get_by_label("Reason", exact=True).fill("Speech therapy")
    page.get_by_role("button", name="Add the time").click()
    page.get_by_role("heading", name="Times the student cannot be seen").wait_for()
    page.get_by_text("Wednesday 10:00–10:30").wait_for()
    check(page, "setup-student-panel")
