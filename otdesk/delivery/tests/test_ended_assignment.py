"""A weekly slot outlives the assignment it was planned for: once a therapist no longer
serves a student, Today, the weekly plan and the calendar feed stop naming them (issue
12, point 5: access follows relationships, on every path)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.scheduling.feed import provider_calendar
from otdesk.students.models import TeamMember
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def pages(client, world):
    client.force_login(world.therapist)
    return [
        client.get(reverse("delivery:week")).content.decode(),
        client.get(reverse("delivery:plan")).content.decode(),
    ]


def test_today_plan_and_feed_name_the_student_while_served(client, world):
    f.make_planned(world.therapist, world.school, [world.student], weekday=4)
    assert all("Maya Lopez" in page for page in pages(client, world))
    feed = provider_calendar(world.therapist, today=FRIDAY.date()).decode()
    assert "SUMMARY:OT integrated (push-in): ML" in feed


def test_after_the_assignment_ends_nobody_is_named(client, world):
    f.make_planned(world.therapist, world.school, [world.student], weekday=4)
    TeamMember.objects.filter(person=world.therapist, student=world.student).update(
        end_date=dt.date(2026, 10, 8)
    )
    assert not any("Maya" in page or "Lopez" in page for page in pages(client, world))
    feed = provider_calendar(world.therapist, today=FRIDAY.date()).decode()
    assert "ML" not in feed.replace("HTML", "")
    assert "SUMMARY:OT integrated (push-in): \r\n" in feed


def test_the_session_form_from_a_slot_leaves_out_a_student_no_longer_served(client, world):
    planned = f.make_planned(world.therapist, world.school, [world.student], weekday=4)
    url = f"{reverse('delivery:log')}?planned={planned.pk}&date=2026-10-09"
    client.force_login(world.therapist)
    assert "Maya Lopez" in client.get(url).content.decode()
    TeamMember.objects.filter(person=world.therapist, student=world.student).update(
        end_date=dt.date(2026, 10, 8)
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "Maya" not in response.content.decode()
