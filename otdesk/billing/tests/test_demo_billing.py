"""The demo shows billing with something on it: lines to bill, each kind of reason not to."""

import datetime as dt
from collections import Counter

import pytest

from otdesk.billing.models import BilledLine, BillingExport
from otdesk.billing.queries import NO_CONSENT, NO_MEDICAID_ID, billing_run
from otdesk.demo.generate import generate_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def test_demo_billing() -> None:
    result = generate_demo(today=TODAY, students=30)
    export = BillingExport.objects.get()
    assert (export.start, export.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert BilledLine.objects.filter(export=export, units__gt=0).exists()
    run = billing_run(district=result.district, start=dt.date(2026, 11, 1), end=TODAY)
    assert run.billed
    assert {line.modifier for line in run.billed} == {"GO", "CO"}
    reasons = Counter(r for p in run.problems for r in p.reasons)
    assert reasons[NO_CONSENT] > 0
    assert reasons[NO_MEDICAID_ID] > 0
