"""Other specialists (issue 12, point 15): team notes on the students they share, raising
concerns, and the times a student is with them, which the schedule builder keeps free."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.scheduling.build import build_instance
from otdesk.scheduling.engine import Window
from otdesk.students.models import Concern, TeamRole, UnavailableTime
from otdesk.teamwork.models import TeamNote
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
H = 60


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@pytest.fixture
def slp(world):
    person = f.make_user(Role.SPECIALIST, world.district, username="slp", first_name="Sam")
    f.add_to_team(world.student, person, TeamRole.SPECIALIST, relationship="SLP")
    return person


def notes_url(world):
    return reverse("teamwork:team_notes", args=[world.student.pk])


def test_the_specialist_lands_on_the_students_they_share(client, world, slp):
    sign_in(client, slp)
    assert client.get(reverse("home"))["Location"] == reverse("teamwork:shared")
    response = client.get(reverse("teamwork:shared"))
    assert [row.student for row in response.context["rows"]] == [world.student]
    body = response.content.decode()
    assert "Maya Lopez" in body
    assert reverse("scheduling:unavailable_add", args=[world.student.pk]) in body


def test_the_page_is_the_specialists_alone(client, world, slp):
    for user in (world.therapist, world.teacher, world.coordinator, world.parent):
        sign_in(client, user)
        assert client.get(reverse("teamwork:shared")).status_code == 404
    other = f.make_user(Role.SPECIALIST, world.district, username="pt")
    sign_in(client, other)
    assert client.get(reverse("teamwork:shared")).context["rows"] == []


def test_speech_at_ten_on_tuesdays_is_busy_time_for_the_schedule_builder(client, world, slp):
    sign_in(client, slp)
    response = client.post(
        reverse("scheduling:unavailable_add", args=[world.student.pk]),
        {"weekdays": ["1"], "start": "10:00", "end": "10:30", "reason": "Speech therapy"},
    )
    assert response.status_code == 302
    assert list(
        UnavailableTime.objects.values_list("student_id", "weekday", "start", "end", "reason")
    ) == [(world.student.pk, 1, dt.time(10), dt.time(10, 30), "Speech therapy")]
    event = AuditEvent.objects.get(object_type="students.unavailabletime")
    assert (event.user, event.student_id) == (slp, world.student.pk)
    built = build_instance(world.therapist, today=FRIDAY.date())
    assert built.instance.unavailable == {
        str(world.student.pk): [Window(1, 10 * H, 10 * H + 30, "Speech therapy")]
    }
    body = client.get(reverse("teamwork:shared")).content.decode()
    assert "Tuesday 10:00–10:30" in body and "Speech therapy" in body


def test_a_specialist_who_does_not_share_the_student_enters_no_time(client, world, slp):
    other = f.make_user(Role.SPECIALIST, world.district, username="pt")
    sign_in(client, other)
    url = reverse("scheduling:unavailable_add", args=[world.student.pk])
    assert client.get(url).status_code == 404
    sign_in(client, world.teacher)  # reads the record, enters no time
    assert client.get(url).status_code == 403


def test_team_notes_are_shared_by_the_specialist_and_the_therapists(client, world, slp):
    sign_in(client, slp)
    response = client.post(notes_url(world), {"text": "Maya uses a visual schedule in speech."})
    assert response.status_code == 302
    note = TeamNote.objects.get()
    assert (note.student, note.author, note.text) == (
        world.student,
        slp,
        "Maya uses a visual schedule in speech.",
    )
    event = AuditEvent.objects.get(object_type="teamwork.teamnote")
    assert (event.user, event.action, event.student_id) == (slp, "create", world.student.pk)
    sign_in(client, world.therapist)
    assert "Maya uses a visual schedule in speech." in client.get(notes_url(world)).content.decode()
    detail = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Team notes" in detail and "Maya uses a visual schedule in speech." in detail
    client.post(notes_url(world), {"text": "Thanks, I will use it in OT too."})
    assert TeamNote.objects.count() == 2


def test_who_reads_and_writes_team_notes(client, world, slp):
    TeamNote.objects.create(student=world.student, author=slp, text="Secret team note.")
    other_specialist = f.make_user(Role.SPECIALIST, world.district, username="pt")
    for user, read, write in [
        (world.therapist, 200, 302),
        (world.cota, 200, 302),
        (slp, 200, 302),
        (world.coordinator, 200, 403),  # the district's coordinator reads, never writes
        (world.teacher, 403, 403),  # reads the student's record, not the team notes
        (world.outsider, 404, 404),
        (other_specialist, 404, 404),
        (world.parent, 404, 404),
        (world.aide, 404, 404),
    ]:
        sign_in(client, user)
        assert client.get(notes_url(world)).status_code == read, user
        assert client.post(notes_url(world), {"text": "x"}).status_code == write, user
    assert TeamNote.objects.count() == 4
    sign_in(client, world.teacher)
    detail = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Secret team note." not in detail


def test_a_blank_or_long_note_is_refused_in_plain_words(client, world, slp):
    sign_in(client, slp)
    response = client.post(notes_url(world), {"text": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors == {"text": ["Write the note for the team."]}
    response = client.post(notes_url(world), {"text": "a" * 2001})
    assert response.context["form"].errors == {
        "text": [
            "Keep this to 2000 characters; it has 2001. Shorten it or split it over two entries."
        ]
    }
    assert TeamNote.objects.count() == 0


def test_the_specialist_raises_a_concern(client, world, slp):
    sign_in(client, slp)
    response = client.post(
        reverse("students:concern_new", args=[world.student.pk]),
        {"area": "", "text": "Maya covers her ears in the speech room."},
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.text) == (slp, "Maya covers her ears in the speech room.")
    sign_in(client, world.therapist)
    queue = client.get(reverse("students:team_queue"))
    assert list(queue.context["concerns"]) == [concern]
