"""The demo therapist's whole loop in a browser: generate the week, use it, open the week
calendar, drag a session onto another one and see the rule it would break."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from otdesk.delivery.models import PlannedSession
from otdesk.demo.generate import DEMO_PASSWORD, generate_demo
from otdesk.scheduling.calendar_grid import DROP_STEP
from otdesk.testing.browser import assert_accessible, assert_fits_width, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_demo_therapist_generates_her_week_then_drags_a_session_into_a_clash(page, live_server):
    today = timezone.localdate()
    generate_demo(today=today)
    sign_in(page, live_server.url, "ot.alvarez", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plan/generate/")
    page.get_by_role("heading", name="Generate your weekly plan").wait_for()
    page.get_by_role("button", name="Make a plan").click()
    expect(page.locator(".lede")).to_contain_text("minutes a week placed")
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, "demo-generate-desktop")
    page.get_by_role("button", name="Use this plan").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    expect(page.locator(".messages")).to_contain_text("Your weekly plan now has")

    # Next week (a weekend today would show the week just ended).
    monday = today + dt.timedelta(days=7 - today.weekday())
    mine = [
        p
        for p in PlannedSession.objects.filter(
            provider__username="ot.alvarez", locked=False, replaces=None
        )
        if p.active_on(monday) and p.active_from >= today
    ]
    mover = mine[0]
    other = next(
        p
        for p in mine[1:]
        if p.school_id == mover.school_id and (p.weekday, p.start) != (mover.weekday, mover.start)
    )
    day = monday + dt.timedelta(days=other.weekday)
    # The drop places are every DROP_STEP minutes: the one at or just before the other
    # session's start makes the moved session overlap it.
    begins = other.start.hour * 60 + other.start.minute
    begins -= begins % DROP_STEP
    drop_at = f"{begins // 60:02d}:{begins % 60:02d}"
    page.goto(f"{live_server.url}/schedule/week/?week={monday.isoformat()}")
    page.get_by_role("heading", name=re.compile("^Your week")).wait_for()
    assert_accessible(page)
    card = page.locator(f'.cal-card[data-move-url="/schedule/session/{mover.pk}/move/"]')
    slot = page.locator(f'.cal-slot[data-date="{day.isoformat()}"][data-start="{drop_at}"]')
    card.scroll_into_view_if_needed()
    start = card.bounding_box()
    assert start is not None
    page.mouse.move(start["x"] + 20, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 50, start["y"] + 40, steps=4)
    slot.scroll_into_view_if_needed()
    target = slot.bounding_box()
    assert target is not None
    page.mouse.move(target["x"] + 20, target["y"] + 3, steps=8)
    # A busy machine may still be scrolling the calendar: land on the slot where it is now,
    # and check that the preview stands on that slot (its row and column) before dropping.
    preview = page.locator(".cal-preview")
    here = re.compile(
        rf"\bcal-col-{slot.get_attribute('data-column')}\b.*"
        rf"\bcal-at-{slot.get_attribute('data-row')}\b"
    )
    for _ in range(4):
        target = slot.bounding_box()
        assert target is not None
        page.mouse.move(target["x"] + 20, target["y"] + 3, steps=2)
        if here.search(preview.get_attribute("class") or ""):
            break
        page.wait_for_timeout(300)
    expect(preview).to_have_class(here)
    # The preview names the first rule broken; the clash is among them (an in-class session
    # moved out of its class blocks breaks that rule too, and it may come first).
    expect(preview).to_contain_text("⚠ Breaks a rule: ")
    screenshot(page, "demo-week-dragging")
    page.mouse.up()
    page.get_by_role("heading", name="This move breaks a rule").wait_for()
    page.locator(".cal-problems li", has_text="It clashes with your").first.wait_for()
    assert_accessible(page)
    screenshot(page, "demo-move-warning-desktop")
