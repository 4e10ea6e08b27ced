"""From the make-up ledger: plan a make-up, book it with one tap, see it on Today."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.core.dates import nice_date
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import MissedSession, MissReason, PlannedSession
from otdesk.schools.models import BlockKind, SchoolAssignment
from otdesk.students.models import DeliveryModel, Location, Period, PullOutReason, TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import assert_accessible, assert_fits_width, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_therapist_plans_and_books_a_makeup_from_the_ledger(page, live_server):
    today = timezone.localdate()
    district = f.make_district(
        school_year_start=today - dt.timedelta(days=100),
        school_year_end=today + dt.timedelta(days=200),
    )
    school = f.make_school(district)
    school.short_name = "Cedar Hill"
    school.save(update_fields=["short_name"])
    for weekday in range(5):
        for name, kind, start, end, protected in [
            ("Writing", BlockKind.WRITING, dt.time(8), dt.time(10), False),
            ("Reading", BlockKind.READING, dt.time(10), dt.time(11), True),
            ("Centers", BlockKind.CENTERS, dt.time(11), dt.time(15), False),
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
    student = f.make_student(school, f.make_classroom(school), first_name="Maya", last_name="Lopez")
    iep = f.make_iep(
        student,
        start_date=today - dt.timedelta(days=60),
        end_date=today + dt.timedelta(days=200),
    )
    line = f.make_line(
        iep,
        delivery_model=DeliveryModel.PULL_OUT,
        pull_out_reason=PullOutReason.EQUIPMENT,
        location=Location.THERAPY_ROOM,
        minutes=900,
        period=Period.YEAR,
    )
    therapist = f.make_user(Role.OT, district, username="ot.makeup")
    f.add_to_team(student, therapist, TeamRole.OT, start_date=today - dt.timedelta(days=90))
    SchoolAssignment.objects.create(
        person=therapist, school=school, start_date=today - dt.timedelta(days=90)
    )
    cal = SchoolCalendar.for_district(district)
    missed_on = max(cal.school_days(today - dt.timedelta(days=10), today - dt.timedelta(days=1)))
    miss = MissedSession.objects.create(
        student=student,
        service_line=line,
        provider=therapist,
        date=missed_on,
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )

    sign_in(page, live_server.url, "ot.makeup", f.PASSWORD)
    page.goto(f"{live_server.url}/students/{student.pk}/")
    page.get_by_role("heading", name="Make-up ledger").wait_for()
    page.get_by_role("link", name=re.compile(r"^Plan a make-up")).click()
    page.get_by_role("heading", name="Plan a make-up for Maya Lopez").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"makeup-plan-{page.width_name}")

    # How many slots are offered depends on the hour (today's passed slots are not offered).
    offered = page.locator("form[action$='/book/']").count()
    assert offered > 0
    first = page.locator("form[action$='/book/'] button").first
    label = first.text_content() or ""  # "Book Mon 30 Nov 08:00": with the hidden words
    first.click()
    page.get_by_role("heading", name=re.compile(r"^(Your week|Week of)")).wait_for()
    planned = PlannedSession.objects.get(makeup_for=miss)
    when = f"{nice_date(planned.active_from, year=False)} {planned.start:%H:%M}"
    assert " ".join(label.split()) == f"Book {when}"
    item = page.locator(
        ".work-item", has_text=f"Booked make-up for {nice_date(missed_on, year=False)}"
    )
    item.wait_for()
    assert item.locator(".work-time").inner_text() == (
        f"{planned.start:%H:%M}–{planned.end:%H:%M} · 30 min"
    )
    assert "Maya Lopez" in item.inner_text()
    assert "Booked a make-up for Maya Lopez" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"makeup-booked-today-{page.width_name}")

    page.goto(f"{live_server.url}/students/{student.pk}/")
    page.get_by_role("heading", name="Make-up ledger").wait_for()
    assert page.get_by_text(f"Booked: {when}").is_visible()
    assert_accessible(page)

    # Back on the planner the booking shows, and it can be cancelled.
    page.get_by_role("link", name=re.compile(r"^Plan a make-up")).click()
    page.get_by_role("heading", name="Booked").wait_for()
    assert page.get_by_text(f"Booked: {when}").is_visible()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"makeup-plan-booked-{page.width_name}")
    page.get_by_role("button", name=f"Cancel this make-up on {when}").click()
    page.get_by_text(
        f"Cancelled the make-up booked for {nice_date(planned.active_from)}"
    ).wait_for()
    assert not PlannedSession.objects.filter(makeup_for=miss).exists()
    assert page.locator("form[action$='/book/']").count() == offered
