"""An OT saving a service line her colleague changed while she had it open, in Chromium at
desktop and phone width: the page shows both, keeps her typing, and her second save
(after merging) goes through."""

import pytest

from otdesk.accounts.models import Role
from otdesk.students import services
from otdesk.students.models import ServiceLine, TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_colleagues_save_meanwhile_is_shown_and_merged(page, live_server, world):
    omar = f.make_user(Role.OT, world.district, first_name="Omar", last_name="Second")
    f.add_to_team(world.student, omar, TeamRole.OT)
    line = ServiceLine.objects.get(iep=world.iep, minutes=30)
    sign_in(page, live_server.url, world.therapist.username, f.PASSWORD)
    page.goto(f"{live_server.url}/students/{world.student.pk}/lines/{line.pk}/")
    page.get_by_label("Minutes", exact=True).fill("60")

    # Meanwhile Omar, on his own device, makes the same line 45 minutes.
    theirs = ServiceLine.objects.get(pk=line.pk)
    theirs.minutes = 45
    services.save_service_line(actor=omar, line=theirs)

    page.get_by_role("button", name="Save service line").click()
    page.get_by_role("heading", name="What Omar Second saved, beside yours").wait_for()
    conflict = page.locator(".conflict")
    assert conflict.locator("dt").all_inner_texts() == ["Minutes"]
    assert conflict.locator("dd").all_inner_texts() == ["Saved by Omar Second: 45", "Yours: 60"]
    assert page.get_by_label("Minutes", exact=True).input_value() == "60"
    checked(page, "edit-conflict")
    assert ServiceLine.objects.get(pk=line.pk).minutes == 45

    page.get_by_label("Minutes", exact=True).fill("50")  # what the two settle on
    page.get_by_role("button", name="Save service line").click()
    page.get_by_text("Saved: Direct 50 min/week").wait_for()
    assert ServiceLine.objects.values_list("minutes", "version").get(pk=line.pk) == (50, 3)
