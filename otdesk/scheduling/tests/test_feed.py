"""The calendar feed, parsed back with the icalendar package."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from otdesk.delivery.models import MissedSession
from otdesk.scheduling.models import CalendarFeed
from otdesk.schools.models import NonSchoolDay
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture(autouse=True)
def in_october():
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO), tick=False):
        yield


@pytest.fixture
def plan(world):
    room = world.student.classroom
    room.room = "12"
    room.save()
    planned = f.make_planned(world.therapist, world.school, [world.student], classroom=room)
    NonSchoolDay.objects.create(district=world.district, date=dt.date(2026, 10, 12), name="PD")
    return planned


def test_feed_events_show_initials_room_and_local_time(client, world, plan):
    client.force_login(world.therapist)
    client.post(reverse("scheduling:feed_new"))
    feed = CalendarFeed.objects.get()
    client.logout()
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "OT integrated (push-in): ML"
    assert "Maya" not in response.content.decode()
    assert str(event["LOCATION"]) == f"{world.school.short_name}, 12"
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2026, 10, 5, 9, 30, tzinfo=CHICAGO)
    assert start.tzinfo.key == "America/Chicago"
    assert event.decoded("DTEND") - start == dt.timedelta(minutes=30)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    skipped = [d.dt for d in event["EXDATE"].dts]
    assert skipped == [dt.datetime(2026, 10, 12, 9, 30, tzinfo=CHICAGO)]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/Chicago"


def test_a_new_link_revokes_the_old_and_stop_ends_it(client, world, plan):
    client.force_login(world.therapist)
    client.post(reverse("scheduling:feed_new"))
    old = CalendarFeed.objects.get().token
    client.post(reverse("scheduling:feed_new"))
    new = CalendarFeed.objects.get(revoked_at__isnull=True).token
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    client.post(reverse("scheduling:feed_revoke"))
    assert client.get(f"/calendar/{new}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_feed_settings_are_for_therapists(client, world):
    for persona in ("teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("scheduling:feed")).status_code == 404
    client.force_login(world.therapist)
    assert "Make my calendar link" in client.get(reverse("scheduling:feed")).content.decode()


def test_a_three_one_session_recurs_every_fourth_week_and_a_make_up_once(client, world, plan):

    plan.weeks = "123"
    plan.save()
    miss = MissedSession.objects.create(
        student=world.student,
        service_line=world.iep.service_lines.get(kind="direct"),
        provider=world.therapist,
        planned=plan,
        date=dt.date(2026, 10, 5),
        minutes=30,
        reason="provider_absent",
    )
    makeup = f.make_planned(
        world.therapist,
        world.school,
        [world.student],
        weekday=2,
        start=dt.time(13),
        session_type="pull_out_individual",
        location="therapy_room",
        active_from=dt.date(2026, 10, 14),
        active_until=dt.date(2026, 10, 14),
        makeup_for=miss,
        locked=True,
    )
    feed = CalendarFeed.objects.create(person=world.therapist)
    calendar = Calendar.from_ical(client.get(f"/calendar/{feed.token}.ics").content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"plan-{makeup.pk}@otdesk",
        f"plan-{plan.pk}-w1@otdesk",
        f"plan-{plan.pk}-w2@otdesk",
        f"plan-{plan.pk}-w3@otdesk",
    }
    # The year starts Monday 17 August (week 1); 5 October is week 4, so it is skipped.
    starts = {uid: e.decoded("DTSTART").date() for uid, e in events.items() if "RRULE" in e}
    assert starts == {
        f"plan-{plan.pk}-w1@otdesk": dt.date(2026, 10, 12),
        f"plan-{plan.pk}-w2@otdesk": dt.date(2026, 10, 19),
        f"plan-{plan.pk}-w3@otdesk": dt.date(2026, 10, 26),
    }
    assert {e["RRULE"]["INTERVAL"][0] for uid, e in events.items() if "RRULE" in e} == {4}
    # The closed Monday 12 October falls in week 1's series.
    week_1 = events[f"plan-{plan.pk}-w1@otdesk"]
    assert [d.dt.date() for d in week_1["EXDATE"].dts] == [dt.date(2026, 10, 12)]
    once = events[f"plan-{makeup.pk}@otdesk"]
    assert "RRULE" not in once
    assert str(once["SUMMARY"]) == "OT make-up: ML"
    assert once.decoded("DTSTART") == dt.datetime(2026, 10, 14, 13, 0, tzinfo=CHICAGO)
