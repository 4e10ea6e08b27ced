"""The coordinator's hub, schools, closed days and district rules: the coordinator of the
district changes them (audited, before and after), its staff read them (403 on a change),
everyone else and another district's coordinator get 404."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.schools.models import NonSchoolDay, School
from otdesk.testing import factories as f

from .helpers import log_in, make_operator

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO), tick=False):
        yield


@pytest.fixture
def far_coordinator(db):
    district = f.make_district(name="Far Away District")
    f.make_school(district)
    return f.make_user(Role.COORDINATOR, district, username="coord.far")


def test_the_hub_links_every_district_page(client, world):
    NonSchoolDay.objects.create(
        district=world.district, date=dt.date(2026, 11, 26), name="Thanksgiving"
    )
    log_in(client, world.coordinator)
    response = client.get(reverse("district:hub"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in (
        "district:team",
        "district:schools",
        "district:closed_days",
        "district:rules",
        "delivery:policy",
        "delivery:district_compliance",
        "workload:district",
        "scheduling:district_runs",
        "scheduling:setup_travel",
    ):
        assert f'href="{reverse(name)}"' in body, name
    assert f'href="{reverse("scheduling:setup_school", args=[world.school.pk])}"' in body
    assert "Next: Thu 26 Nov 2026, Thanksgiving · 1 still to come this school year" in body
    # The navigation's District task.
    assert '<a href="/district/" aria-current="page">District</a>' in body


def test_the_hub_is_the_coordinators_alone(client, world, far_coordinator):
    for person in (world.therapist, world.teacher, world.parent, world.aide, make_operator()):
        log_in(client, person)
        assert client.get(reverse("district:hub")).status_code == 404
    log_in(client, far_coordinator)
    body = client.get(reverse("district:hub")).content.decode()
    assert world.school.name not in body and "Far Away District" in body


def test_the_coordinator_adds_and_changes_a_school(client, world):
    log_in(client, world.coordinator)
    response = client.post(
        reverse("district:school_add"),
        {"name": "Cedar Hill Elementary", "short_name": "CHE", "address": "12 Cedar Rd"},
    )
    assert response.status_code == 302
    school = School.objects.get(name="Cedar Hill Elementary")
    assert (school.district, school.short_name, school.address) == (
        world.district,
        "CHE",
        "12 Cedar Rd",
    )
    created = AuditEvent.objects.get(object_type="schools.school", action="create")
    assert created.after == {
        "name": "Cedar Hill Elementary",
        "short_name": "CHE",
        "address": "12 Cedar Rd",
    }
    response = client.post(
        reverse("district:school_edit", args=[school.pk]),
        {"name": "Cedar Hill Elementary", "short_name": "CHE", "address": "14 Cedar Rd"},
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.address == "14 Cedar Rd"
    changed = AuditEvent.objects.get(object_type="schools.school", action="update")
    assert changed.before["address"] == "12 Cedar Rd" and changed.after["address"] == "14 Cedar Rd"
    assert changed.user == world.coordinator


def test_a_school_name_is_not_used_twice(client, world):
    log_in(client, world.coordinator)
    response = client.post(
        reverse("district:school_add"),
        {"name": world.school.name.upper(), "short_name": world.school.short_name, "address": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Test District already has a school named {world.school.name.upper()}." in body
    assert (
        f"Another school already goes by {world.school.short_name}; calendars would mix them up."
        in body
    )
    response = client.post(
        reverse("district:school_add"), {"name": "", "short_name": "", "address": ""}
    )
    assert "Enter the school&#x27;s name." in response.content.decode()
    assert School.objects.count() == 1


def test_staff_read_the_schools_but_only_the_coordinator_changes_them(
    client, world, far_coordinator
):
    edit = reverse("district:school_edit", args=[world.school.pk])
    data = {"name": "Renamed", "short_name": "RN", "address": ""}
    for person in (world.therapist, world.teacher):
        log_in(client, person)
        body = client.get(reverse("district:schools")).content.decode()
        assert world.school.name in body and "Add a school" not in body
        assert client.get(edit).status_code == 403
        assert client.post(edit, data).status_code == 403
        assert client.post(reverse("district:school_add"), data).status_code == 403
    for person in (world.parent, make_operator()):
        log_in(client, person)
        assert client.get(reverse("district:schools")).status_code == 404
        assert client.post(edit, data).status_code == 404
    log_in(client, far_coordinator)
    assert client.get(edit).status_code == 404
    assert client.post(edit, data).status_code == 404
    assert world.school.name not in client.get(reverse("district:schools")).content.decode()
    world.school.refresh_from_db()
    assert world.school.name != "Renamed"


def test_the_coordinator_closes_a_break_and_opens_a_day_again(client, world):
    log_in(client, world.coordinator)
    url = reverse("district:closed_days")
    response = client.post(
        url, {"first": "2026-11-25", "last": "2026-11-30", "name": "Thanksgiving break"}
    )
    assert response.status_code == 302
    days = list(NonSchoolDay.objects.filter(district=world.district).values_list("date", flat=True))
    # Wednesday to Monday: the weekend is skipped.
    assert days == [
        dt.date(2026, 11, 25),
        dt.date(2026, 11, 26),
        dt.date(2026, 11, 27),
        dt.date(2026, 11, 30),
    ]
    assert (
        AuditEvent.objects.filter(object_type="schools.nonschoolday", action="create").count() == 4
    )
    body = client.get(url).content.decode()
    assert "4 weekdays closed, Wed 25 Nov 2026 to Mon 30 Nov 2026: Thanksgiving break." in body
    response = client.post(url, {"first": "2026-11-26", "last": "", "name": "Again"})
    assert response.status_code == 400
    assert "Thu 26 Nov 2026 is already a closed day." in response.content.decode()
    response = client.post(url, {"first": "2026-11-28", "last": "", "name": "Saturday"})
    assert (
        "That is a weekend; schools are closed then anyway. Choose a weekday."
        in response.content.decode()
    )
    response = client.post(url, {"first": "2027-07-01", "last": "", "name": "Summer"})
    assert (
        "Closed days fall in the school year, Mon 17 Aug 2026 to Fri 4 Jun 2027."
        in response.content.decode()
    )
    response = client.post(url, {"first": "2026-11-30", "last": "2026-11-25", "name": "Backwards"})
    assert "The last day must be on or after the first day." in response.content.decode()
    thursday = NonSchoolDay.objects.get(date=dt.date(2026, 11, 26))
    response = client.post(reverse("district:closed_day_remove", args=[thursday.pk]))
    assert response.status_code == 302
    assert not NonSchoolDay.objects.filter(pk=thursday.pk).exists()
    removed = AuditEvent.objects.get(object_type="schools.nonschoolday", action="delete")
    assert removed.before == {"date": "2026-11-26", "name": "Thanksgiving break"}


def test_staff_read_the_closed_days_others_do_not(client, world, far_coordinator):
    day = NonSchoolDay.objects.create(
        district=world.district, date=dt.date(2026, 11, 26), name="Harvest Day"
    )
    url = reverse("district:closed_days")
    remove = reverse("district:closed_day_remove", args=[day.pk])
    log_in(client, world.therapist)
    body = client.get(url).content.decode()
    assert "Harvest Day" in body and "Add a closed day" not in body and "Remove" not in body
    assert client.post(url, {"first": "2026-11-27", "last": "", "name": "Extra"}).status_code == 403
    assert client.post(remove).status_code == 403
    log_in(client, world.parent)
    assert client.get(url).status_code == 404
    log_in(client, far_coordinator)
    assert "Harvest Day" not in client.get(url).content.decode()
    assert client.post(remove).status_code == 404
    assert NonSchoolDay.objects.filter(district=world.district).count() == 1


def test_the_coordinator_sets_the_district_rules(client, world):
    log_in(client, world.coordinator)
    url = reverse("district:rules")
    body = client.get(url).content.decode()
    assert "Evaluate within 60 calendar days of the parent's consent" in body
    assert "Due at least every 30 days" in body
    response = client.post(
        url,
        {
            "initial_evaluation_days": "45",
            "initial_evaluation_day_kind": "school",
            "cota_cosign_required": "",
            "supervision_every_days": "14",
        },
    )
    assert response.status_code == 302
    world.district.refresh_from_db()
    assert (
        world.district.initial_evaluation_days,
        world.district.initial_evaluation_day_kind,
        world.district.cota_cosign_required,
        world.district.supervision_every_days,
    ) == (45, "school", False, 14)
    event = AuditEvent.objects.get(object_type="schools.district", action="update")
    assert event.before == {
        "initial_evaluation_days": 60,
        "initial_evaluation_day_kind": "calendar",
        "cota_cosign_required": True,
        "supervision_every_days": 30,
    }
    assert event.after == {
        "initial_evaluation_days": 45,
        "initial_evaluation_day_kind": "school",
        "cota_cosign_required": False,
        "supervision_every_days": 14,
    }
    response = client.post(
        url,
        {
            "initial_evaluation_days": "45",
            "initial_evaluation_day_kind": "school",
            "cota_cosign_required": "",
            "supervision_every_days": "14",
        },
    )
    assert (
        "Nothing changed: these are already the district&#x27;s rules." in response.content.decode()
    )
    response = client.post(
        url,
        {
            "initial_evaluation_days": "0",
            "initial_evaluation_day_kind": "weekly",
            "cota_cosign_required": "on",
            "supervision_every_days": "99999999999999999999",
        },
    )
    assert response.status_code == 400
    # Each of the two: in the summary at the top and next to its box.
    assert response.content.decode().count("Enter a number of days from 1 to 365.") == 4


def test_staff_read_the_rules_others_do_not(client, world, far_coordinator):
    url = reverse("district:rules")
    data = {
        "initial_evaluation_days": "10",
        "initial_evaluation_day_kind": "calendar",
        "cota_cosign_required": "",
        "supervision_every_days": "10",
    }
    log_in(client, world.cota)
    body = client.get(url).content.decode()
    assert "Wait for the supervising OT's co-signature" in body and "Change the rules" not in body
    assert client.post(url, data).status_code == 403
    log_in(client, world.parent)
    assert client.get(url).status_code == 404
    log_in(client, far_coordinator)
    assert client.post(url, {**data}).status_code == 302  # their own district, not this one
    world.district.refresh_from_db()
    assert (world.district.initial_evaluation_days, world.district.supervision_every_days) == (
        60,
        30,
    )


def test_the_coordinators_navigation_starts_with_the_district(client, world):
    log_in(client, world.coordinator)
    body = client.get(reverse("delivery:district_compliance")).content.decode()
    # On the district minutes page "Minutes" is the current task, not "District".
    assert body.count('aria-current="page"') == 1
    assert '<a href="/district/minutes/" aria-current="page">Minutes</a>' in body


def test_another_districts_coordinator_gets_404_on_the_bell_schedule(
    client, world, far_coordinator
):
    log_in(client, far_coordinator)
    url = reverse("scheduling:setup_school", args=[world.school.pk])
    assert client.get(url).status_code == 404
    log_in(client, world.coordinator)
    assert client.get(url).status_code == 200


@pytest.mark.urls("otdesk.district.tests.urls_with_people")
def test_the_hub_links_people_and_the_access_log_when_there(client, world):
    log_in(client, world.coordinator)
    body = client.get(reverse("district:hub")).content.decode()
    assert '<a href="/district/people/">People and invitations' in body
    assert '<a href="/district/audit/">Access log' in body
