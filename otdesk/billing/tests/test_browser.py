"""Billing in Chromium, desktop then phone: the coordinator opens the month, sees the line
to bill, what cannot be billed and a billed session voided since (needs correction), marks
the correction sent, and edits a student's billing record (first with a mistake); axe and
the width check on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.billing import services
from otdesk.billing.forms import month_of
from otdesk.billing.models import BilledLine
from otdesk.billing.queries import billing_run
from otdesk.delivery import services as delivery
from otdesk.demo.generate import school_year_containing
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def month():
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    coordinator = f.make_user(Role.COORDINATOR, district, username="coord.test")
    services.ensure_default_codes(district=district)
    ot = f.make_user(Role.OT, district, first_name="Olive", last_name="Ot")
    services.save_credential(actor=coordinator, provider=ot, credential="OTR/L 1234", npi="")
    first, last = month_of(today)
    billed = f.make_student(school, first_name="Maya", last_name="Pupil")
    unconsented = f.make_student(school, first_name="Noah", last_name="Reyes")
    for kid, consent in ((billed, first - dt.timedelta(days=30)), (unconsented, None)):
        services.save_profile(
            actor=coordinator,
            student=kid,
            medicaid_id="MC1",
            consent_received=consent,
            consent_withdrawn=None,
            prescription_date=None,
        )
    kept = f.make_session(
        ot,
        school,
        [billed, unconsented],
        date=first,
        minutes=40,
        session_type="pull_out_group",
        location="therapy_room",
    )
    delivery.sign_session(actor=ot, session=kept)
    voided = f.make_session(
        ot,
        school,
        [billed],
        date=first,
        start=dt.time(13, 0),
        minutes=30,
        session_type="pull_out_individual",
    )
    delivery.sign_session(actor=ot, session=voided)
    services.record_export(
        actor=coordinator, run=billing_run(district=district, start=first, end=last)
    )
    delivery.void_session(actor=ot, session=voided, reason="logged on the wrong day")
    return {"billed": billed, "first": first, "last": last}


def test_billing_month_corrections_and_a_record(page, live_server, month):
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    page.goto(f"{live_server.url}/billing/?start={month['first']}&end={month['last']}")
    page.get_by_role("heading", name="Medicaid billing", level=1).wait_for()
    page.get_by_text("1 line, 1 unit").wait_for()
    page.get_by_text("No billing consent on file").first.wait_for()
    page.get_by_text("Voided after it was billed").wait_for()
    checked(page, "billing-month")
    page.get_by_role("button", name="Correction sent").click()
    page.get_by_text("Marked corrected: 97530").wait_for()
    assert BilledLine.objects.get(code="97530").correction_done is True
    checked(page, "billing-corrected")

    page.get_by_role("link", name="billing codes").click()
    page.get_by_role("heading", name="Billing codes", level=1).wait_for()
    checked(page, "billing-codes")

    page.goto(f"{live_server.url}/billing/students/")
    page.get_by_role("link", name="Maya Pupil").click()
    page.get_by_role("heading", name="Billing record of Maya Pupil").wait_for()
    page.get_by_label("Medicaid id").fill("MC 1!")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A Medicaid id has only letters and digits").first.wait_for()
    checked(page, "billing-student-error")
    page.get_by_label("Medicaid id").fill("MC77")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved the billing record of Maya Pupil.").wait_for()
    checked(page, "billing-students")

    page.goto(f"{live_server.url}/billing/providers/")
    page.get_by_role("heading", name="Therapists' credentials").wait_for()
    checked(page, "billing-providers")
