"""The therapist's main flow in Chromium, at desktop and phone width, with axe checks."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.demo.generate import DEMO_PASSWORD, generate_demo
from otdesk.students.models import ServiceLine, Student
from otdesk.testing.browser import (
    assert_accessible,
    assert_fits_width,
    open_task,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_therapist_adds_a_service_line_fixing_an_error(page, live_server):
    generate_demo(seed=2026, today=timezone.localdate(), students=12)
    width = page.width_name
    sign_in(page, live_server.url, "ot.alvarez", DEMO_PASSWORD)
    open_task(page, "Caseload")
    page.get_by_role("heading", name="Your caseload").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"caseload-{width}")

    student = (
        Student.objects.filter(team__person__username="ot.alvarez", team__role="ot")
        .order_by("school__name", "last_name", "first_name")
        .first()
    )
    assert student is not None
    page.get_by_role("link", name=student.full_name).click()
    page.get_by_role("heading", name=f"{student.full_name}’s OT services").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"student-{width}")
    lines_before = ServiceLine.objects.filter(iep__student=student).count()

    page.get_by_role("link", name="Add service line").click()
    page.get_by_label("Kind of minutes").select_option("direct")
    page.get_by_label("Delivery model").select_option("pull_out")
    page.get_by_label("Minutes", exact=True).fill("25")
    page.get_by_label("Period").select_option("week")
    page.get_by_label("Location").select_option("therapy_room")
    page.get_by_label("Group size").fill("2")
    page.get_by_role("button", name="Add service line").click()

    summary = page.get_by_role("alert")
    summary.get_by_text("Please fix 1 thing before saving").wait_for()
    reason_error = "Pull-out needs a reason: say why this service cannot happen in class."
    assert page.locator(".field-error").all_inner_texts() == [f"✖ {reason_error}"]
    assert ServiceLine.objects.filter(iep__student=student).count() == lines_before
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"line-form-error-{width}")

    # The summary links to the field; the typed values survived the error.
    assert page.get_by_label("Minutes", exact=True).input_value() == "25"
    page.get_by_role("link", name=f"Reason for pull-out: {reason_error}").click()
    page.get_by_label("Reason for pull-out").select_option("equipment")
    page.get_by_role("button", name="Add service line").click()

    page.get_by_role("heading", name=f"{student.full_name}’s OT services").wait_for()
    page.get_by_text("Saved: Direct 25 min/week (pull-out).").wait_for()
    assert ServiceLine.objects.filter(iep__student=student).count() == lines_before + 1
    line = ServiceLine.objects.get(iep__student=student, minutes=25)
    assert (line.pull_out_reason, line.group_size, line.location) == (
        "equipment",
        2,
        "therapy_room",
    )
    assert line.start_date >= timezone.localdate() - dt.timedelta(days=366)
    assert_accessible(page)
