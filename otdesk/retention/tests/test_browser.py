"""The coordinator destroys a record on a mother's request, in Chromium at desktop and
phone width: from the student's page to the certificate, then the district's list."""

import datetime as dt

import pytest

from otdesk.retention.models import Destruction
from otdesk.students.models import IEP, Student
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_destroys_a_record_and_gives_the_certificate(page, live_server, world):
    IEP.objects.filter(student=world.student).update(
        status=IEP.Status.ENDED,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date.today() - dt.timedelta(days=1),
    )
    sign_in(page, live_server.url, world.coordinator.username, f.PASSWORD)
    page.goto(f"{live_server.url}/students/{world.student.pk}/")
    page.get_by_role(
        "link", name="Legal hold, or destroy the record on the family’s request"
    ).click()
    page.get_by_role("heading", name="Destroy Maya Lopez’s record").wait_for()
    checked(page, "destroy-record")

    page.get_by_label("Request received on").fill(dt.date.today().isoformat())
    page.get_by_label("Who asked, and how").fill("Mother, in writing")
    page.get_by_label("Type the student's full name to confirm").fill("Maya Lopez")
    page.get_by_role("button", name="Destroy the record").click()
    page.get_by_role("heading", name="Certificate of destruction").wait_for()
    page.get_by_text("Maya Lopez, born").wait_for()
    checked(page, "destruction-certificate")
    assert not Student.objects.filter(pk=world.student.pk).exists()

    page.get_by_role("link", name="Records destroyed on request").click()
    reference = Destruction.objects.get().reference
    page.get_by_role("link", name=reference).wait_for()
    assert "Maya" not in page.content()
    checked(page, "destructions")
