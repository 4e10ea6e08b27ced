"""The Team page with a concern a consultation raised, in Chromium at desktop and phone
width, with axe."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.delivery import services
from otdesk.students.models import Concern
from otdesk.testing import factories as f
from otdesk.testing.browser import (
    assert_accessible,
    assert_fits_width,
    screenshot,
    sign_in,
    small_tap_targets,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultation_concern_on_the_team_page_and_answered(page, live_server, world):
    log = services.log_consultation(
        actor=world.therapist,
        date=timezone.localdate() - dt.timedelta(days=1),
        minutes=20,
        with_whom=["teacher", "aide"],
        method="in_person",
        students=[world.student],
        new_concerns="Falls often on the playground; trips on the stairs after lunch.",
    )
    sign_in(page, live_server.url, "cota", f.PASSWORD)
    page.goto(f"{live_server.url}/team/")
    page.get_by_role("heading", name="New concerns (1)").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    assert small_tap_targets(page) == []
    screenshot(page, f"team-consultation-concern-{page.width_name}")

    page.get_by_role("link", name=f"a consultation on {log.date:%a} {log.date.day}").click()
    page.get_by_role("heading", name="Consultation on").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    page.go_back()

    page.get_by_role("link", name="Answer").first.click()
    page.get_by_label("Your answer").fill("The PE teacher will watch the stairs this week.")
    page.get_by_role("button", name="Send answer").click()
    page.get_by_role("heading", name="New concerns (0)").wait_for()
    assert Concern.objects.get().answered_by == world.cota
