"""The coordinator's set-up: reporting periods (validated) and the district's progress
codes (defaults, rename, add, retire)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.progress import services
from otdesk.progress.models import ProgressCode
from otdesk.schools.models import ReportingPeriod
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .helpers import NOW, period


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def errors(world, start, end, pk=None):
    p = ReportingPeriod(pk=pk, district=world.district, name="X", start_date=start, end_date=end)
    with pytest.raises(ValidationError) as caught:
        services.save_period(actor=world.coordinator, period=p)
    return caught.value.message_dict


def test_periods_end_after_start_inside_the_year_and_never_overlap(world):
    q1 = period(world)
    assert errors(world, dt.date(2026, 11, 9), dt.date(2026, 11, 9)) == {
        "end_date": ["A reporting period must end after it starts."]
    }
    assert errors(world, dt.date(2026, 8, 1), dt.date(2026, 8, 30)) == {
        "start_date": ["Start inside the school year (Mon 17 Aug 2026 to Fri 4 Jun 2027)."]
    }
    assert errors(world, dt.date(2027, 4, 1), dt.date(2027, 6, 30)) == {
        "end_date": ["End inside the school year (Mon 17 Aug 2026 to Fri 4 Jun 2027)."]
    }
    assert errors(world, dt.date(2026, 10, 30), dt.date(2026, 12, 18)) == {
        "start_date": [
            "These dates overlap Quarter 1 (Mon 17 Aug 2026 to Fri 30 Oct 2026): periods "
            "may not share a day."
        ]
    }
    q2 = period(world, "Quarter 2", dt.date(2026, 10, 31), dt.date(2027, 1, 22))
    # Moving a period over itself is no overlap.
    q2.end_date = dt.date(2027, 1, 29)
    services.save_period(actor=world.coordinator, period=q2)
    assert list(ReportingPeriod.objects.values_list("name", flat=True)) == [
        "Quarter 1",
        "Quarter 2",
    ]
    with pytest.raises(ValidationError):
        services.save_period(actor=world.therapist, period=q1)


def test_a_period_with_reports_stays(world):
    q1 = period(world)
    services.start_report(actor=world.therapist, student=world.student, period=q1)
    with pytest.raises(ValidationError) as caught:
        services.delete_period(actor=world.coordinator, period=q1)
    assert caught.value.messages == [
        "1 progress report was written for Quarter 1: it stays. Change its name or dates instead."
    ]


def test_the_coordinator_adds_changes_and_removes_periods(client, world):
    sign_in(client, world.coordinator)
    url = reverse("progress:periods")
    page = client.get(url).content.decode()
    assert "No reporting periods yet" in page
    response = client.post(
        url, {"name": "Quarter 1", "start_date": "2026-08-17", "end_date": "2026-10-30"}
    )
    assert response.status_code == 302
    q1 = ReportingPeriod.objects.get()
    assert (q1.name, q1.start_date, q1.end_date) == (
        "Quarter 1",
        dt.date(2026, 8, 17),
        dt.date(2026, 10, 30),
    )
    bad = client.post(
        url, {"name": "Quarter 2", "start_date": "2026-10-01", "end_date": "2026-09-01"}
    ).content.decode()
    assert "A reporting period must end after it starts." in bad
    overlap = client.post(
        url, {"name": "Quarter 2", "start_date": "2026-10-01", "end_date": "2026-12-01"}
    ).content.decode()
    assert "These dates overlap Quarter 1" in overlap
    assert ReportingPeriod.objects.count() == 1
    edit = reverse("progress:period_edit", args=[q1.pk])
    client.post(edit, {"name": "Fall", "start_date": "2026-08-17", "end_date": "2026-10-23"})
    q1.refresh_from_db()
    assert (q1.name, q1.end_date) == ("Fall", dt.date(2026, 10, 23))
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.UPDATE,
            summary__startswith=("Changed the reporting period Fall"),
        ).count()
        == 1
    )
    client.post(reverse("progress:period_delete", args=[q1.pk]))
    assert not ReportingPeriod.objects.exists()


def test_only_the_districts_coordinator_reaches_the_set_up(client, world):
    q1 = period(world)
    other = f.make_user(f.Role.COORDINATOR, f.make_district(name="Elsewhere"))
    for person in (world.therapist, world.cota, world.teacher, world.parent, other):
        sign_in(client, person)
        assert client.get(reverse("progress:periods")).status_code == (
            200 if person is other else 404
        )
        assert client.get(reverse("progress:period_edit", args=[q1.pk])).status_code == 404
        assert client.post(reverse("progress:period_delete", args=[q1.pk])).status_code == 404
    assert ReportingPeriod.objects.count() == 1


def test_default_codes_once_then_the_districts_own(client, world):
    made = services.ensure_default_codes(district=world.district)
    assert [(c.label, c.order) for c in made] == [
        ("Making progress", 1),
        ("Not yet making progress", 2),
        ("Met", 3),
        ("Not addressed this period", 4),
    ]
    sign_in(client, world.coordinator)
    met = ProgressCode.objects.get(label="Met")
    client.post(
        reverse("progress:code_edit", args=[met.pk]),
        {"label": "Goal met", "order": 3, "active": "on"},
    )
    client.post(reverse("progress:codes"), {"label": "Emerging", "order": "", "active": "on"})
    skip = ProgressCode.objects.get(label="Not addressed this period")
    client.post(reverse("progress:code_edit", args=[skip.pk]), {"label": skip.label, "order": 4})
    dup = client.post(reverse("progress:codes"), {"label": "emerging", "active": "on"})
    assert "The district already has a code “emerging”." in dup.content.decode()
    # Opening the page again makes no defaults: the district has its own codes.
    assert client.get(reverse("progress:codes")).status_code == 200
    assert list(ProgressCode.objects.values_list("label", "order", "active")) == [
        ("Making progress", 1, True),
        ("Not yet making progress", 2, True),
        ("Goal met", 3, True),
        ("Not addressed this period", 4, False),
        ("Emerging", 5, True),
    ]
