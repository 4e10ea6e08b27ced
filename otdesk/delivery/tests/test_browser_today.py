"""Today and Log with details in Chromium at 1280 px and 390 px, on a Wednesday: the page opens
at today, returns to the card just logged, missed or signed; ticking a student brings their
goal fields without a reload; the long lists start short, with a search for the rest."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.delivery.models import MissedSession, Session
from otdesk.demo.generate import school_year_containing
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NAMES = ["Ava", "Ben", "Cal", "Dee", "Eli", "Fay"]


def in_view(page, locator) -> bool:
    """Wholly in the screen as it is, above the phone's bottom bar. The browser scrolls to
    a card named in the address once the page is laid out: give it a moment."""
    for _ in range(30):
        box = locator.bounding_box()
        assert box is not None
        bottom = page.evaluate(
            "(() => { const bar = document.querySelector('.tasknav');"
            " const fixed = bar && getComputedStyle(bar).position === 'fixed';"
            " return fixed ? bar.getBoundingClientRect().top : window.innerHeight; })()"
        )
        if box["y"] >= 0 and box["y"] + box["height"] <= bottom:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.fixture
def wednesday():
    """This week's (or next week's) Wednesday at 10:30, as the clock of the whole test."""
    today = timezone.localdate()
    day = today + dt.timedelta(days=(2 - today.weekday()) % 7)
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 30), tzinfo=CHICAGO)):
        yield day


@pytest.fixture
def week(wednesday):
    """A therapist with four sessions on Monday, four on Tuesday and three on Wednesday."""
    start, end = school_year_containing(wednesday)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    room = f.make_classroom(school, teacher=f.make_user(Role.TEACHER, district), grade="2")
    therapist = f.make_user(Role.OT, district, username="ot.week", first_name="Olive")
    students = {}
    for name in NAMES:
        student = f.make_student(school, room, first_name=name, last_name="Pupil")
        iep = f.make_iep(
            student,
            start_date=wednesday - dt.timedelta(days=60),
            end_date=wednesday + dt.timedelta(days=300),
            annual_review_due=wednesday + dt.timedelta(days=300),
        )
        f.make_line(iep, minutes=120)
        f.make_goal(iep, description=f"{name} will cut along a curved line.")
        f.make_goal(iep, area="visual_motor", description=f"{name} will copy a sentence.")
        f.add_to_team(student, therapist, TeamRole.OT, start_date=wednesday - dt.timedelta(days=60))
        students[name] = student
    plans = {}
    for weekday, who in (
        (0, ["Ava", "Ben", "Cal", "Dee"]),
        (1, ["Eli", "Fay", "Ava", "Ben"]),
        (2, ["Ava", "Ben Cal", "Dee"]),
    ):
        for hour, names in enumerate(who, start=8):
            plan = f.make_planned(
                therapist,
                school,
                [students[n] for n in names.split()],
                weekday=weekday,
                start=dt.time(hour, 0),
                classroom=room,
                active_from=wednesday - dt.timedelta(days=60),
            )
            plans[(weekday, names)] = plan
    return {"day": wednesday, "plans": plans, "students": students}


def test_today_opens_at_today_and_comes_back_to_each_card(page, live_server, week):
    day, plans = week["day"], week["plans"]
    sign_in(page, live_server.url, "ot.week", f.PASSWORD)
    page.get_by_role("heading", name="Your week").wait_for()
    today = page.locator("section", has=page.get_by_role("heading", name=re.compile("Today$")))
    first = today.locator(".work-item").first
    assert "Ava Pupil" in first.inner_text()
    assert in_view(page, first), "today's first card is not in the first screen"
    earlier = page.get_by_role("link", name="8 sessions from earlier this week still to log")
    assert in_view(page, earlier)
    checked(page, "today-opens-at-today", tap_targets=True)

    # Log as planned: the page comes back to this card, with the message on it.
    group = page.locator(f"#plan-{plans[(2, 'Ben Cal')].pk}-{day.isoformat()}")
    group.get_by_role("button", name="Log as planned").click()
    group.get_by_text("Logged 30 min for Ben Pupil, Cal Pupil").wait_for()
    assert page.url.endswith(f"#plan-{plans[(2, 'Ben Cal')].pk}-{day.isoformat()}")
    assert in_view(page, group.get_by_role("button", name="Sign note"))
    checked(page, "today-after-log", tap_targets=True)

    # One more tap signs the note.
    group.get_by_role("button", name="Sign note").click()
    group.get_by_text("Signed. The note is now locked").wait_for()
    assert in_view(page, group)
    assert Session.objects.get().status == "signed"
    assert group.get_by_role("button", name="Sign note").count() == 0
    checked(page, "today-after-sign", tap_targets=True)

    # Missed: the form, then back to the card.
    last = page.locator(f"#plan-{plans[(2, 'Dee')].pk}-{day.isoformat()}")
    last.get_by_role("link", name="Missed").click()
    page.get_by_role("heading", name="Record a missed session").wait_for()
    page.get_by_label("Provider absent").check()
    page.get_by_role("button", name="Record missed session").click()
    last.get_by_text("Recorded as missed for 1 student.").wait_for()
    assert in_view(page, last)
    assert MissedSession.objects.get().student.first_name == "Dee"
    checked(page, "today-after-missed", tap_targets=True)

    # The link to earlier work goes to Monday's first card.
    page.get_by_role("link", name="8 sessions from earlier this week still to log").click()
    monday = day - dt.timedelta(days=2)
    assert in_view(page, page.locator(f"#plan-{plans[(0, 'Ava')].pk}-{monday.isoformat()}"))


def test_log_with_details_brings_goal_fields_as_students_are_ticked(
    page, live_server, week, library
):
    sign_in(page, live_server.url, "ot.week", f.PASSWORD)
    today = page.locator("section", has=page.get_by_role("heading", name=re.compile("Today$")))
    today.locator(".work-item").first.get_by_role("link", name="Log with details").click()
    page.get_by_role("heading", name="Log a session").wait_for()
    students = page.locator("#id_students_group")
    attendees = page.locator("#attendees")

    # The planned group first; the rest of the caseload behind a summary, with a search.
    assert students.get_by_label("Ava Pupil").is_checked()
    assert students.locator("[data-picker-item]:visible").count() == 0
    students.get_by_text("Everyone else on your caseload (5)").wait_for()
    assert page.get_by_role("button", name="Update students").count() == 0  # no-JS only
    assert attendees.get_by_role("heading").all_inner_texts() == ["Ava Pupil"]
    assert attendees.get_by_label("Trials").count() == 2
    checked(page, "log-details-planned", tap_targets=True)

    page.evaluate("window.sameDocument = true")
    students.get_by_label("Find another student").fill("cal")
    assert students.locator("[data-picker-item]:visible").all_inner_texts() == [
        "Cal Pupil (Grade 2, " + week["students"]["Cal"].school.short_name + ")"
    ]
    attendees.get_by_label("Trials").first.fill("5")
    students.get_by_label("Cal Pupil").check()
    attendees.get_by_role("heading", name="Cal Pupil").wait_for()
    assert attendees.get_by_role("heading").all_inner_texts() == ["Ava Pupil", "Cal Pupil"]
    assert attendees.get_by_label("Trials").count() == 4
    assert attendees.get_by_label("Trials").first.input_value() == "5"  # typed, kept
    assert page.evaluate("window.sameDocument") is True  # no reload
    page.get_by_text("Cal will copy a sentence.").wait_for()
    checked(page, "log-details-ticked", tap_targets=True)

    # Unticking takes the student's part away again.
    students.get_by_label("Ava Pupil").uncheck()
    attendees.get_by_role("heading", name="Ava Pupil").wait_for(state="detached")
    students.get_by_label("Ava Pupil").check()
    attendees.get_by_role("heading", name="Ava Pupil").wait_for()

    # Activities: the goals' suggestions first, the rest behind a search.
    activities = page.locator("#id_library_activities_group")
    assert activities.get_by_label("Cutting practice").is_visible()
    assert not activities.get_by_label("Zipping a coat").is_visible()
    activities.get_by_label("Find another activity").fill("zip")
    activities.get_by_label("Zipping a coat").check()
    activities.get_by_label("Find another activity").press("Enter")  # searches, never sends
    assert page.evaluate("window.sameDocument") is True

    cal = attendees.locator(f"#s{week['students']['Cal'].pk}")
    cal.get_by_label("Trials").first.fill("4")
    cal.get_by_label("Correct").first.fill("3")
    page.get_by_role("button", name="Log session").click()
    page.get_by_text("Logged:").wait_for()
    session = Session.objects.get()
    assert sorted(a.student.first_name for a in session.attendees.all()) == ["Ava", "Cal"]
    datum = session.attendees.get(student__first_name="Cal").goal_data.get()
    assert (datum.trials, datum.correct) == (4, 3)
    assert [a.name for a in session.library_activities.all()] == ["Zipping a coat"]


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_log_with_details_works_without_javascript(browser, page, live_server, week):
    """The no-JavaScript path: the rest of the caseload opens with a tap, and Update
    students brings the ticked students' fields."""
    context = browser.new_context(
        viewport=page.viewport_size, base_url=live_server.url, java_script_enabled=False
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    sign_in(tab, live_server.url, "ot.week", f.PASSWORD)
    plan = week["plans"][(2, "Ava")]
    tab.goto(f"{live_server.url}/sessions/new/?planned={plan.pk}&date={week['day'].isoformat()}")
    students = tab.locator("#id_students_group")
    assert not students.get_by_label("Find another student").is_visible()
    students.get_by_text("Everyone else on your caseload (5)").click()
    students.get_by_label("Dee Pupil").check()
    tab.get_by_role("button", name="Update students").click()
    tab.locator("#attendees").get_by_role("heading", name="Dee Pupil").wait_for()
    assert students.locator(".picker-shown input:checked").count() == 2
    # (axe needs JavaScript; the same form is checked with it in the test above.)
    screenshot(tab, "log-details-no-js-phone")
    tab.get_by_role("button", name="Log session").click()
    tab.get_by_text("Logged:").wait_for()
    session = Session.objects.get()
    assert sorted(a.student.first_name for a in session.attendees.all()) == ["Ava", "Dee"]
    context.close()
