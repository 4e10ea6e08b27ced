"""The therapist's week in a browser: drag a session onto protected reading time, see the
warning while hovering, drop, and confirm on the Move page (the Move link on a phone)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from otdesk.accounts.models import Role
from otdesk.delivery.models import PlannedSession
from otdesk.scheduling.calendar_views import _default_start
from otdesk.schools.models import BlockKind, SchoolAssignment
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

WARNING = "It pulls Maya Lopez out of Reading (8:30–9:30), which is protected instruction."


def _therapist_with_a_week() -> tuple[PlannedSession, dt.date]:
    today = timezone.localdate()
    district = f.make_district(
        school_year_start=today - dt.timedelta(days=100),
        school_year_end=today + dt.timedelta(days=200),
    )
    school = f.make_school(district)
    school.short_name = "Maple"
    school.save(update_fields=["short_name"])
    for weekday in range(5):
        for name, kind, start, end, protected in [
            ("Arrival", BlockKind.ARRIVAL, dt.time(8), dt.time(8, 30), False),
            ("Reading", BlockKind.READING, dt.time(8, 30), dt.time(9, 30), True),
            ("Writing", BlockKind.WRITING, dt.time(9, 30), dt.time(10, 15), False),
            ("Math", BlockKind.MATH, dt.time(10, 35), dt.time(11, 35), True),
            ("Centers", BlockKind.CENTERS, dt.time(12, 5), dt.time(14, 30), False),
        ]:
            f.make_block(
                school,
                weekday=weekday,
                name=name,
                kind=kind,
                start=start,
                end=end,
                protected=protected,
            )
    room = f.make_classroom(school, room="104")
    maya = f.make_student(school, room, first_name="Maya", last_name="Lopez")
    jon = f.make_student(school, room, first_name="Jon", last_name="Kent")
    therapist = f.make_user(Role.OT, district, username="ot.week")
    for student in (maya, jon):
        f.add_to_team(student, therapist, TeamRole.OT, start_date=today - dt.timedelta(days=90))
    SchoolAssignment.objects.create(
        person=therapist, school=school, start_date=today - dt.timedelta(days=90)
    )
    pull_out = f.make_planned(
        therapist,
        school,
        [maya],
        start=dt.time(12, 30),
        session_type="pull_out_individual",
        location="therapy_room",
        active_from=today - dt.timedelta(days=60),
        reason="pull-out outside reading and math",
    )
    f.make_planned(
        therapist,
        school,
        [jon],
        weekday=1,
        classroom=room,
        active_from=today - dt.timedelta(days=60),
        locked=True,
        reason="push-in during writing block: matches the student's goals",
    )
    # The week the calendar opens on (the coming week on a weekend).
    return pull_out, _default_start(today)


def test_therapist_drags_a_session_onto_protected_reading_and_sees_the_warning(page, live_server):
    pull_out, monday = _therapist_with_a_week()
    tuesday = (monday + dt.timedelta(days=1)).isoformat()
    sign_in(page, live_server.url, "ot.week", f.PASSWORD)
    page.goto(f"{live_server.url}/schedule/week/")
    page.get_by_role("heading", name="Your week").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"calendar-week-{page.width_name}")
    card = page.locator(".cal-card", has_text="12:30–13:00")
    expect(card).to_contain_text("ML Therapy room · Maple Pull-out, individual")
    expect(card).to_contain_text("Why here: pull-out outside reading and math")

    if page.width_name == "desktop":
        slot = page.locator(f'.cal-slot[data-date="{tuesday}"][data-start="09:00"]')
        card.scroll_into_view_if_needed()
        start = card.bounding_box()
        target = slot.bounding_box()
        assert start is not None and target is not None
        page.mouse.move(start["x"] + 30, start["y"] + 5)
        page.mouse.down()
        page.mouse.move(start["x"] + 60, start["y"] + 40, steps=4)
        # Read the slot's place again once the drag has begun: a busy machine may still be
        # settling the page's scroll when the first box was read.
        target = slot.bounding_box()
        assert target is not None
        page.mouse.move(target["x"] + 30, target["y"] + 5, steps=8)
        preview = page.locator(".cal-preview")
        expect(preview).to_have_text(f"⚠ Breaks a rule: {WARNING}")
        expect(preview).to_have_class(re.compile(r"\bis-problem\b"))
        expect(page.get_by_role("status")).to_have_text(
            f"Moving 12:30–13:00 ML to Tuesday 09:00 breaks a rule: {WARNING}"
        )
        screenshot(page, "calendar-week-dragging")
        page.mouse.up()
        page.wait_for_url(re.compile(r"/schedule/session/\d+/move/\?day="))
    else:
        # On a phone the week is a list: the Move link leads to the same form.
        card.get_by_role("link", name="Move for 12:30–13:00 ML, Monday").click()
        page.get_by_role("heading", name="Move a session").wait_for()
        page.get_by_label("Day").select_option("Tuesday")
        page.get_by_label("Start").fill("09:00")
        page.get_by_role("button", name="Move session").click()

    page.get_by_role("heading", name="This move breaks a rule").wait_for()
    alert = page.locator(".cal-problems")
    expect(alert.locator("li")).to_have_text([WARNING])
    expect(page.get_by_label("Day")).to_have_value("1")
    expect(page.get_by_label("Start")).to_have_value("09:00")
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"calendar-move-warning-{page.width_name}")
    page.get_by_role("button", name="Move anyway").click()
    page.get_by_role("heading", name=re.compile("^Your week")).wait_for()
    expect(page.locator(".messages")).to_have_text(
        "Moved to Tuesdays at 09:00 and locked there, so a new generated plan keeps it."
    )
    moved = page.locator(".cal-card", has_text="09:00–09:30")
    expect(moved.locator(".cal-lock")).to_have_text("Locked")
    expect(moved).to_contain_text("Why here: moved by the therapist")
    pull_out.refresh_from_db()
    assert (pull_out.weekday, pull_out.start, pull_out.locked) == (1, dt.time(9), True)
    assert_accessible(page)
    screenshot(page, f"calendar-week-moved-{page.width_name}")


def test_teacher_reads_her_class_week_and_prints_it_on_one_page(page, live_server):
    pull_out, _ = _therapist_with_a_week()
    room = pull_out.students.get().classroom
    teacher = f.make_user(Role.TEACHER, room.school.district, username="teacher.week")
    room.teacher = teacher
    room.save(update_fields=["teacher"])
    sign_in(page, live_server.url, "teacher.week", f.PASSWORD)
    open_task(page, "Schedule")
    page.get_by_role("heading", name="Schedules").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=f"OT in {room.name} (Maple)").click()
    page.get_by_role("heading", name=re.compile(f"^OT in {room.name}")).wait_for()
    cards = page.locator(".cal-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("12:30–13:00")
    expect(cards.first).to_contain_text("Maya L.")
    expect(page.locator("main")).not_to_contain_text("Why here")
    expect(page.get_by_role("link", name=re.compile("^Move"))).to_have_count(0)
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"calendar-classroom-{page.width_name}")
    if page.width_name == "desktop":
        pdf = page.pdf(landscape=True, format="Letter")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
        page.emulate_media(media="print")
        screenshot(page, "calendar-classroom-print")
