"""Supervision in Chromium, desktop then phone: the coordinator assigns the supervising OT,
the OT sends a note back, logs a contact and co-signs, the COTA sends the note again;
axe and the width check on every new page (and the session page with its new line)."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.core.dates import nice_date
from otdesk.demo.generate import school_year_containing
from otdesk.students.models import TeamRole
from otdesk.supervision.models import NoteReview, ReviewOutcome, SupervisionContact
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in
from otdesk.testing.supervision_factories import (
    make_contact,
    make_signed_note,
    make_supervision,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    f.make_user(Role.COORDINATOR, district, username="coord.test", first_name="Cora")
    ot = f.make_user(Role.OT, district, username="ot.test", first_name="Olive", last_name="Ot")
    cota = f.make_user(
        Role.COTA, district, username="cota.test", first_name="Mei", last_name="Chen"
    )
    student = f.make_student(school, first_name="Maya", last_name="Pupil")
    iep = f.make_iep(
        student,
        start_date=today - dt.timedelta(days=90),
        end_date=today + dt.timedelta(days=270),
        annual_review_due=today + dt.timedelta(days=270),
    )
    f.make_line(iep)
    began = today - dt.timedelta(days=90)
    f.add_to_team(student, ot, TeamRole.OT, start_date=began)
    f.add_to_team(student, cota, TeamRole.COTA, start_date=began)
    note = make_signed_note(cota, school, [student], date=today - dt.timedelta(days=1))
    return {"note": note, "ot": ot, "cota": cota, "began": began}


def test_supervision_from_assignment_to_co_signature(page, live_server, team):
    note = team["note"]
    # The coordinator records who supervises the COTA.
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    open_task(page, "Supervision")
    page.get_by_role("heading", name="COTA supervision", level=1).wait_for()
    checked(page, "supervision-district")
    page.get_by_label("COTA", exact=True).select_option(label="Mei Chen")
    page.get_by_label("Supervising OT", exact=True).select_option(label="Olive Ot")
    page.get_by_label("From", exact=True).fill(team["began"].isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved: Olive Ot supervises Mei Chen").wait_for()
    checked(page, "supervision-district-saved")
    page.get_by_role("button", name="Sign out").click()

    # The supervising OT reads the note and sends it back.
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    open_task(page, "Supervision")
    page.get_by_role("heading", name="Supervision", level=1).wait_for()
    checked(page, "supervision-ot-home")
    page.get_by_role("link", name="Review and log contacts").click()
    page.get_by_role("heading", name="Supervision of Mei Chen").wait_for()
    checked(page, "supervision-detail")
    page.get_by_role("link", name=f"Integrated (push-in) on {_day(note.date)}").click()
    page.get_by_text("Copied 8 of 10 letters within the lines.").wait_for()
    checked(page, "supervision-review")
    page.get_by_role("button", name="Send back to the COTA").click()
    page.get_by_text("Say what the COTA should correct or add.").first.wait_for()
    checked(page, "supervision-review-error")
    page.get_by_label("Comment or reason").fill("Add the assistance level.")
    page.get_by_role("button", name="Send back to the COTA").click()
    page.get_by_text("Sent back: Mei Chen's note").wait_for()

    # ... and logs a supervision contact, first with a mistake.
    page.get_by_role("link", name="Log a supervision contact").click()
    page.get_by_role("heading", name="Log a supervision contact").wait_for()
    checked(page, "supervision-contact-form")
    page.get_by_label("Video call").check()
    page.get_by_label("Minutes").fill("1")
    page.get_by_role("button", name="Save contact").click()
    page.get_by_text("Enter a whole number from 5 to 480.").first.wait_for()
    checked(page, "supervision-contact-form-error")
    page.get_by_label("Minutes").fill("30")
    page.get_by_label("What was discussed").fill("Talked through the handwriting group.")
    page.get_by_role("button", name="Save contact").click()
    page.get_by_text("Logged: Video call").wait_for()
    assert SupervisionContact.objects.get().minutes == 30
    page.get_by_role("button", name="Sign out").click()

    # The COTA adds nothing here but sends the note again from her supervision page.
    sign_in(page, live_server.url, "cota.test", f.PASSWORD)
    open_task(page, "Supervision")
    page.get_by_text("Add the assistance level.").first.wait_for()
    checked(page, "supervision-cota-home")
    page.get_by_label("What you changed").fill("Added an addendum with the assistance level.")
    page.get_by_role("button", name="Send for review again").click()
    page.get_by_text("for review again.").first.wait_for()
    page.get_by_role("link", name=f"Integrated (push-in) on {_day(note.date)}").first.click()
    page.get_by_text("Waiting for co-signature by the supervising OT").wait_for()
    checked(page, "supervision-session-waiting")
    page.get_by_role("button", name="Sign out").click()

    # The OT co-signs; the session page says who and when.
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/supervision/notes/{note.pk}/")
    page.get_by_label("Comment or reason").fill("Clear now, thank you.")
    page.get_by_role("button", name="Co-sign the note").click()
    page.get_by_text("Co-signed: Mei Chen's note").wait_for()
    assert [r.outcome for r in NoteReview.objects.order_by("at", "pk")] == [
        ReviewOutcome.SENT_BACK,
        ReviewOutcome.RESUBMITTED,
        ReviewOutcome.COSIGNED,
    ]
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "cota.test", f.PASSWORD)
    page.goto(f"{live_server.url}/sessions/{note.pk}/")
    page.get_by_text("Co-signed by Olive Ot").wait_for()
    checked(page, "supervision-session-cosigned")


def _day(day: dt.date) -> str:
    return nice_date(day)


def test_the_due_flag_on_a_phone(page, live_server, team):
    """An overdue supervision shows its flag on the COTA's page too."""
    supervision = make_supervision(team["cota"], team["ot"], start_date=team["began"])
    make_contact(supervision, team["began"] + dt.timedelta(days=10))
    sign_in(page, live_server.url, "cota.test", f.PASSWORD)
    page.goto(f"{live_server.url}/supervision/{supervision.pk}/")
    page.get_by_text("Supervision due: overdue by").first.wait_for()
    checked(page, "supervision-cota-detail-due")
