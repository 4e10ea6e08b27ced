"""The coordinator's search of the access log: only their district's events, the four
filters, pages of 50, plain messages for bad input, and a fixed number of queries."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
URL = reverse("accesslog:search")


def sign_in_coordinator(client, user) -> None:
    """The one place these tests sign a coordinator in, past two-factor sign-in."""
    sign_in(client, user)


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, 0, tzinfo=CHICAGO)


def write(user, obj, *, student_id, day, action="view", summary="", hour=10) -> AuditEvent:
    with time_machine.travel(at(day, hour), tick=False):
        return record_event(
            user=user, action=action, obj=obj, student_id=student_id, summary=summary
        )


@pytest.fixture
def log(world):
    """Events about our student, one without a student by our therapist, and another
    district's events (which our coordinator must never see)."""
    other = f.make_district(name="Other district")
    elsewhere = f.make_student(f.make_school(other), first_name="Zed", last_name="Hidden")
    their_ot = f.make_user(Role.OT, other, username="their-ot")
    student = world.student
    return {
        "viewed": write(world.therapist, student, student_id=student.pk, day=5),
        "changed": write(
            world.cota, student, student_id=student.pk, day=6, action="update", summary="IEP"
        ),
        "printed": write(world.teacher, student, student_id=student.pk, day=7, action="print"),
        "plan": write(world.therapist, world.therapist, student_id=None, day=8, action="update"),
        "theirs": write(their_ot, elsewhere, student_id=elsewhere.pk, day=8),
        "their_plan": write(their_ot, their_ot, student_id=None, day=8, action="update"),
        # Our therapist looking at a student of another district still is not ours to show.
        "ours_about_theirs": write(world.therapist, elsewhere, student_id=elsewhere.pk, day=8),
        "other_coordinator": f.make_user(Role.COORDINATOR, other, username="their-coord"),
    }


def shown(response) -> list[int]:
    return [
        int(n) for n in re.findall(r'<span class="muted">#(\d+)</span>', response.content.decode())
    ]


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_the_coordinator_sees_only_the_districts_events(client, world, log):
    sign_in_coordinator(client, world.coordinator)
    response = search(client)
    assert shown(response) == [
        log["plan"].pk,
        log["printed"].pk,
        log["changed"].pk,
        log["viewed"].pk,
    ]
    text = response.content.decode()
    assert "Maya" in text and "Hidden" not in text and "their-ot" not in text
    assert "4 events, newest first." in text
    assert response["Cache-Control"] == "no-store"


def test_another_districts_coordinator_sees_none_of_ours(client, world, log):
    sign_in_coordinator(client, log["other_coordinator"])
    # Theirs, and our therapist's look at their student: it is about their student.
    assert shown(search(client)) == [
        log["ours_about_theirs"].pk,
        log["their_plan"].pk,
        log["theirs"].pk,
    ]


def test_filter_by_person(client, world, log):
    sign_in_coordinator(client, world.coordinator)
    assert shown(search(client, person=world.therapist.pk)) == [log["plan"].pk, log["viewed"].pk]


def test_filter_by_student_writes_an_access_event(client, world, log):
    sign_in_coordinator(client, world.coordinator)
    before = AuditEvent.objects.count()
    response = search(client, student=world.student.pk)
    assert shown(response) == [log["printed"].pk, log["changed"].pk, log["viewed"].pk]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.user, event.action, event.student_id, event.summary) == (
        world.coordinator,
        "view",
        world.student.pk,
        "Read the access log",
    )


def test_filter_by_days_of_the_district(client, world, log):
    sign_in_coordinator(client, world.coordinator)
    assert shown(search(client, start="2026-10-06", end="2026-10-07")) == [
        log["printed"].pk,
        log["changed"].pk,
    ]
    # The last minute of a day in the district's zone belongs to that day.
    late = write(world.aide, world.student, student_id=world.student.pk, day=9, hour=23)
    assert shown(search(client, start="2026-10-09", end="2026-10-09")) == [late.pk]
    assert shown(search(client, end="2026-10-05")) == [log["viewed"].pk]


def test_filter_by_action(client, world, log):
    sign_in_coordinator(client, world.coordinator)
    assert shown(search(client, action="update")) == [log["plan"].pk, log["changed"].pk]
    assert shown(search(client, action="print", person=world.cota.pk)) == []
    assert "No event matches this search." in search(client, action="export").content.decode()


def test_changes_show_their_values(client, world):
    record_event(
        user=world.therapist,
        action="update",
        obj=world.iep,
        student_id=world.student.pk,
        before={"minutes": 30},
        after={"minutes": 45},
    )
    sign_in_coordinator(client, world.coordinator)
    text = search(client).content.decode()
    assert "<dt>Before: minutes</dt><dd>30</dd>" in text
    assert "<dt>After: minutes</dt><dd>45</dd>" in text
    assert "Changed: IEP" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"person": "abc"}, "Choose a person of your district."),
        ({"student": "99999999"}, "Choose a student of your district."),
        ({"action": "forge"}, "Choose one of the actions."),
        ({"start": "2026-10-09", "end": "2026-10-01"}, "The end date comes before the start date."),
        ({"start": "0001-01-01"}, "Enter a date between 2000 and"),
        ({"end": "yesterday"}, "Enter a valid date."),
    ],
)
def test_bad_input_gets_a_plain_message(client, world, log, params, message):
    sign_in_coordinator(client, world.coordinator)
    text = search(client, **params).content.decode()
    assert message in text
    assert "Correct the search above to see events." in text
    assert shown_none(text)


def shown_none(text: str) -> bool:
    return re.search(r'<span class="muted">#\d+</span>', text) is None


def test_another_districts_people_and_students_cannot_be_chosen(client, world, log):
    sign_in_coordinator(client, world.coordinator)
    their_ot = log["theirs"].user
    assert (
        "Choose a person of your district." in search(client, person=their_ot.pk).content.decode()
    )
    elsewhere = log["theirs"].student_id
    assert (
        "Choose a student of your district." in search(client, student=elsewhere).content.decode()
    )


def test_pages_of_fifty_newest_first(client, world):
    made = [
        write(world.therapist, world.student, student_id=world.student.pk, day=1 + n % 20)
        for n in range(55)
    ]
    sign_in_coordinator(client, world.coordinator)
    first = search(client, person=world.therapist.pk)
    assert shown(first) == [e.pk for e in reversed(made)][:50]
    assert "55 events, newest first, 1–50 shown." in first.content.decode()
    second = search(client, person=world.therapist.pk, page="2")
    assert shown(second) == [e.pk for e in reversed(made)][50:]
    assert f'href="?person={world.therapist.pk}&amp;page=1"' in second.content.decode()


def test_the_page_costs_the_same_queries_for_more_events(client, world, django_assert_num_queries):
    write(world.therapist, world.student, student_id=world.student.pk, day=2)
    sign_in_coordinator(client, world.coordinator)
    search(client)
    with CaptureQueriesContext(connection) as one:
        search(client)
    for n in range(10):
        other = f.make_student(world.school)
        write(world.cota, other, student_id=other.pk, day=3 + n)
    with django_assert_num_queries(len(one.captured_queries)):
        search(client)


@pytest.mark.parametrize("persona", ["therapist", "cota", "teacher", "aide", "parent", "outsider"])
def test_only_a_coordinator_opens_the_log(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert (response.status_code, response["Location"]) == (302, f"/login/?next={URL}")


def test_a_coordinator_sees_the_log_in_the_navigation(client, world):
    sign_in_coordinator(client, world.coordinator)
    assert f'<a href="{URL}">Access log</a>' in client.get(reverse("more")).content.decode()
