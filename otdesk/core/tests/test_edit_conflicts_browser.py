"""An OT saving a service line her colleague changed while she had it open, or a check-in
whose steps he changed meanwhile, in Chromium at desktop and phone width: the page shows
both, keeps her typing, and her second save (after merging) goes through."""

import pytest

from otdesk.accounts.models import Role
from otdesk.programs import services as programs
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


def test_a_check_in_opened_before_a_colleagues_change_shows_both_steps(page, live_server, world):
    omar = f.make_user(Role.OT, world.district, first_name="Omar", last_name="Second")
    f.add_to_team(world.student, omar, TeamRole.OT)
    program = programs.create_program(
        actor=world.therapist,
        student=world.student,
        title="Hand warm-up",
        activities="Putty",
        instructions="Squeeze the putty ten times.",
        times_per_week=3,
        minutes_each=10,
        start_date=world.iep.start_date,
    )
    sign_in(page, live_server.url, world.therapist.username, f.PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/check/")
    page.get_by_label("What you observed").fill("Carried out well.")
    page.get_by_label("4", exact=True).check()

    # Meanwhile Omar changes the steps on his own device.
    programs.revise_program(
        actor=omar,
        program=program,
        version=1,
        instructions="Squeeze the putty twenty times.",
        change_note="Stronger now",
    )

    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="What Omar Second saved, beside yours").wait_for()
    conflict = page.locator(".conflict")
    assert conflict.locator("dt").all_inner_texts() == ["Updated instructions"]
    assert conflict.locator("dd").all_inner_texts() == [
        "Saved by Omar Second: Squeeze the putty twenty times.",
        "Yours: Squeeze the putty ten times.",
    ]
    assert page.get_by_label("What you observed").input_value() == "Carried out well."
    checked(page, "check-in-conflict")
    assert not program.checks.exists()

    page.get_by_label("Updated instructions").fill("Squeeze the putty twenty times.")
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved.").wait_for()
    program.refresh_from_db()
    assert (program.version, program.instructions) == (2, "Squeeze the putty twenty times.")
    assert list(program.checks.values_list("fidelity", flat=True)) == [4]
