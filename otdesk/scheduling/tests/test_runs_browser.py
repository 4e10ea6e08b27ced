"""District plan runs in a browser: the coordinator starts a run and watches it finish; a
run still working shows its progress; the therapist reviews and uses their plan."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from otdesk.jobs import services as jobs
from otdesk.scheduling.models import PlanRun, PlanRunItem
from otdesk.scheduling.services import runs
from otdesk.testing import factories as f
from otdesk.testing.browser import (
    assert_accessible,
    assert_fits_width,
    open_task,
    screenshot,
    sign_in,
)

from .test_runs import add_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_starts_a_run_and_sees_it_finish(page, live_server, world):
    add_week(world)
    sign_in(page, live_server.url, "coord", f.PASSWORD)
    open_task(page, "Weekly plans")
    page.get_by_role("heading", name="Weekly plans for the district's therapists").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_label("Seconds per plan").fill("5")
    page.get_by_role("button", name="Generate plans for every therapist").click()
    page.get_by_role("heading", name=re.compile(r"^Weekly plans of ")).wait_for()
    expect(page.get_by_text("0 of 2", exact=True)).to_be_visible()  # the job's progress
    assert jobs.run_pending() == 1  # what the worker (manage.py run_worker) does
    # The page refreshes itself until every plan is made.
    expect(page.get_by_text("Finished: 2 of 2 plans ready.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("2 of 2", exact=True)).to_be_visible()
    expect(page.get_by_label("Progress of Weekly plans for 2 therapists")).to_have_attribute(
        "value", "2"
    )
    expect(page.get_by_text("placed 30 of 30 minutes")).to_have_count(1)
    # Maya has an OT and a COTA; her sessions go in one plan only, the OT's.
    expect(page.get_by_text("No direct sessions to plan", exact=False)).to_have_count(1)
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"plan-run-finished-{page.width_name}")
    run = PlanRun.objects.get()
    assert run.finished_at is not None
    assert list(run.items.values_list("status", flat=True)) == ["done", "done"]


def test_a_run_still_working_shows_progress(page, live_server, world):
    add_week(world)
    run = PlanRun.objects.create(
        district=world.district, started_by=world.coordinator, seconds_per_plan=10
    )
    PlanRunItem.objects.create(
        run=run,
        provider=world.therapist,
        status="running",
        started_at=timezone.now(),
        placed_minutes=20,
        total_minutes=30,
    )
    PlanRunItem.objects.create(run=run, provider=world.cota)
    sign_in(page, live_server.url, "coord", f.PASSWORD)
    page.goto(f"{live_server.url}/district/plans/{run.pk}/")
    page.get_by_role("heading", name=re.compile(r"^Weekly plans of ")).wait_for()
    expect(page.get_by_text("Working: 0 of 2 plans ready.")).to_be_visible()
    expect(page.get_by_label("Minutes placed for Olive Ot")).to_have_attribute("value", "20")
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"plan-run-working-{page.width_name}")
    # The next refresh shows what the workers wrote meanwhile.
    PlanRunItem.objects.filter(provider=world.therapist).update(placed_minutes=30)
    expect(page.get_by_label("Minutes placed for Olive Ot")).to_have_attribute(
        "value", "30", timeout=10_000
    )


def test_therapist_reviews_and_uses_the_proposed_plan(page, live_server, world):
    add_week(world)
    run = PlanRun.objects.create(
        district=world.district, started_by=world.coordinator, seconds_per_plan=5
    )
    item = PlanRunItem.objects.create(run=run, provider=world.therapist)
    runs.run_item(item.pk)
    sign_in(page, live_server.url, "otr", f.PASSWORD)
    open_task(page, "Plan")
    page.get_by_role("heading", name="Your weekly plan").wait_for()
    page.get_by_role("link", name="review it").click()
    page.get_by_role("heading", name=re.compile(r"^The plan proposed for you on ")).wait_for()
    expect(page.get_by_text("30 of 30 minutes a week placed.")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"plan-run-proposal-{page.width_name}")
    page.get_by_role("button", name="Use this plan").click()
    page.get_by_role("heading", name="Your weekly plan").wait_for()
    expect(page.get_by_text("Your weekly plan now has 1 generated sessions from")).to_be_visible()
    item.refresh_from_db()
    assert item.applied_at is not None
