"""The demo's progress reporting (otdesk/demo/progress.py)."""

import datetime as dt

import pytest

from otdesk.demo.generate import generate_demo
from otdesk.demo.progress import quarters
from otdesk.progress.models import ParentComment, ProgressCode, ProgressReport
from otdesk.schools.models import ReportingPeriod

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def test_quarters_cover_the_year_without_overlap():
    assert quarters(dt.date(2026, 8, 17), dt.date(2027, 6, 4)) == [
        ("Quarter 1", dt.date(2026, 8, 17), dt.date(2026, 10, 28)),
        ("Quarter 2", dt.date(2026, 10, 29), dt.date(2027, 1, 9)),
        ("Quarter 3", dt.date(2027, 1, 10), dt.date(2027, 3, 23)),
        ("Quarter 4", dt.date(2027, 3, 24), dt.date(2027, 6, 4)),
    ]


def test_the_demo_has_periods_codes_finals_and_drafts():
    generate_demo(seed=2026, today=TODAY, students=20)
    assert ReportingPeriod.objects.count() == 4
    assert ProgressCode.objects.count() == 4
    by = dict(
        (status, ProgressReport.objects.filter(status=status).count())
        for status in ("draft", "final")
    )
    assert by == {"draft": 6, "final": 6}
    assert set(
        ProgressReport.objects.filter(status="final").values_list("period__name", flat=True)
    ) == {"Quarter 1"}
    assert ParentComment.objects.count() == 1
    assert ParentComment.objects.get().report.status == "draft"
