"""The district's time zone governs "today", times and calendars, not settings.TIME_ZONE."""

import datetime as dt
import re

import pytest
import time_machine
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.core.dates import district_now, district_today, in_district_zone, zone_named
from otdesk.core.middleware import DistrictTimeZoneMiddleware
from otdesk.testing import factories as f

# Thursday 8 October 2026, 23:30 UTC: Thursday afternoon in Honolulu and evening in Chicago
# (the settings' zone), already Friday in Berlin.
LATE_THURSDAY_UTC = dt.datetime(2026, 10, 8, 23, 30, tzinfo=dt.UTC)
# Friday 9 October, 08:00 UTC: Friday in Chicago and Berlin, still Thursday in Honolulu.
EARLY_FRIDAY_UTC = dt.datetime(2026, 10, 9, 8, 0, tzinfo=dt.UTC)
TODAY_SECTION = re.compile(r'id="day-(\d{4}-\d\d-\d\d)"[^>]*data-today')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "zone", "today"),
    [
        (LATE_THURSDAY_UTC, "Europe/Berlin", "2026-10-09"),
        (LATE_THURSDAY_UTC, "Pacific/Honolulu", "2026-10-08"),
        (LATE_THURSDAY_UTC, "America/Chicago", "2026-10-08"),
        (EARLY_FRIDAY_UTC, "Pacific/Honolulu", "2026-10-08"),
        (EARLY_FRIDAY_UTC, "Europe/Berlin", "2026-10-09"),
        (EARLY_FRIDAY_UTC, "America/Chicago", "2026-10-09"),
    ],
)
def test_the_today_page_marks_the_districts_today(client, world, moment, zone, today):
    world.district.timezone = zone
    world.district.save()
    client.force_login(world.therapist)
    with time_machine.travel(moment, tick=False):
        response = client.get(reverse("delivery:week"))
    assert response.status_code == 200
    assert TODAY_SECTION.findall(response.content.decode()) == [today]


@pytest.mark.django_db
def test_a_request_runs_in_the_districts_zone_and_the_default_returns_after(world):
    world.district.timezone = "Europe/Berlin"
    world.district.save()
    seen = []

    def view(request):
        template = Template("{% load otdesk %}{{ moment|nice_moment }}")
        seen.append(
            (
                timezone.get_current_timezone_name(),
                timezone.localdate(),
                template.render(Context({"moment": LATE_THURSDAY_UTC})),
            )
        )
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = world.therapist
    with time_machine.travel(LATE_THURSDAY_UTC, tick=False):
        DistrictTimeZoneMiddleware(view)(request)
        assert seen == [("Europe/Berlin", dt.date(2026, 10, 9), "Fri 9 Oct 2026, 01:30")]
        assert timezone.get_current_timezone_name() == "America/Chicago"
        assert timezone.localdate() == dt.date(2026, 10, 8)


@pytest.mark.django_db
def test_a_person_without_a_district_keeps_the_sites_zone():
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = f.make_user(Role.OT, None, username="nodistrict")
    DistrictTimeZoneMiddleware(view)(request)
    assert seen == ["America/Chicago"]


@pytest.mark.django_db
def test_work_outside_a_request_names_the_district():
    honolulu = f.make_district(timezone="Pacific/Honolulu")
    berlin = f.make_district(timezone="Europe/Berlin")
    with time_machine.travel(LATE_THURSDAY_UTC, tick=False):
        assert district_today(honolulu) == dt.date(2026, 10, 8)
        assert district_today(berlin) == dt.date(2026, 10, 9)
        assert district_now(honolulu).strftime("%a %H:%M") == "Thu 13:30"
        with in_district_zone(berlin):
            assert timezone.localdate() == dt.date(2026, 10, 9)
            assert district_today(honolulu) == dt.date(2026, 10, 8)
        assert timezone.localdate() == dt.date(2026, 10, 8)


def test_an_unknown_zone_name_falls_back_to_the_sites():
    assert str(zone_named("Mars/Olympus_Mons")) == "America/Chicago"
    assert str(zone_named("")) == "America/Chicago"
    assert str(zone_named("Europe/Berlin")) == "Europe/Berlin"
