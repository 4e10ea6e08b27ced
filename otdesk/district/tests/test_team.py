"""Team assignments: the coordinator adds, ends and re-dates them (students/team.py, the one
writer, audited), and access to a student's record ends the day after an assignment ends."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.chain import lock_statements
from otdesk.core.models import AuditEvent
from otdesk.students import team
from otdesk.students.models import TeamMember, TeamRole
from otdesk.students.permissions import serves, students_visible_to
from otdesk.testing import factories as f

from .helpers import log_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
TODAY = dt.date(2026, 10, 9)


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO), tick=False):
        yield


@pytest.fixture
def other_district():
    district = f.make_district(name="Far Away District")
    school = f.make_school(district)
    student = f.make_student(school, first_name="Zed", last_name="Faraway")
    coordinator = f.make_user(Role.COORDINATOR, district, username="coord.far")
    ot = f.make_user(Role.OT, district, username="ot.far")
    return district, student, coordinator, ot


def test_the_coordinator_sees_the_teams_of_the_district(client, world):
    log_in(client, world.coordinator)
    response = client.get(reverse("district:team"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maya Lopez" in body
    assert 'Olive Ot <span class="muted">(Occupational therapist)</span>' in body
    # One read of the student's record per student shown, in the access log.
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, student_id=world.student.pk)
    assert (event.user, event.summary) == (world.coordinator, "Team assignments list")


def test_the_team_list_filters_by_name_and_school(client, world):
    other_school = f.make_school(world.district)
    f.make_student(other_school, first_name="Ben", last_name="Other")
    log_in(client, world.coordinator)
    body = client.get(reverse("district:team"), {"q": "lop"}).content.decode()
    assert "Maya Lopez" in body and "Ben Other" not in body
    body = client.get(reverse("district:team"), {"school": other_school.pk}).content.decode()
    assert "Ben Other" in body and "Maya Lopez" not in body
    assert client.get(reverse("district:team"), {"school": "²"}).status_code == 200


def test_nobody_else_has_the_team_pages(client, world):
    member = world.student.team.get(role=TeamRole.OT)
    pages = [
        reverse("district:team"),
        reverse("district:student_team", args=[world.student.pk]),
        reverse("district:team_end", args=[member.pk]),
        reverse("district:team_dates", args=[member.pk]),
    ]
    for person in (world.therapist, world.teacher, world.parent, world.aide):
        log_in(client, person)
        for url in pages:
            assert client.get(url).status_code == 404, (person.username, url)
        assert client.post(pages[2], {"end_date": "2026-10-09"}).status_code == 404
    member.refresh_from_db()
    assert member.end_date is None


def test_another_districts_coordinator_gets_404(client, world, other_district):
    _, far_student, far_coordinator, _ = other_district
    member = world.student.team.get(role=TeamRole.OT)
    log_in(client, far_coordinator)
    assert client.get(reverse("district:student_team", args=[world.student.pk])).status_code == 404
    assert client.get(reverse("district:team_end", args=[member.pk])).status_code == 404
    response = client.post(
        reverse("district:team_end", args=[member.pk]), {"end_date": "2026-10-09"}
    )
    assert response.status_code == 404
    assert "Maya" not in client.get(reverse("district:team")).content.decode()
    member.refresh_from_db()
    assert member.end_date is None
    # and the other way round
    log_in(client, world.coordinator)
    assert client.get(reverse("district:student_team", args=[far_student.pk])).status_code == 404


def test_the_coordinator_adds_an_ot_who_then_sees_the_student(client, world):
    new_ot = f.make_user(Role.OT, world.district, first_name="Nina", last_name="New")
    assert not serves(new_ot, world.student)
    log_in(client, world.coordinator)
    url = reverse("district:student_team", args=[world.student.pk])
    response = client.post(
        url,
        {
            "person": new_ot.pk,
            "role": TeamRole.OT,
            "relationship": "",
            "start_date": "2026-10-12",
            "end_date": "",
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(person=new_ot)
    assert (member.role, member.start_date, member.end_date) == (
        TeamRole.OT,
        dt.date(2026, 10, 12),
        None,
    )
    event = AuditEvent.objects.get(object_type="students.teammember", object_id=member.pk)
    assert (event.action, event.student_id, event.user) == (
        "create",
        world.student.pk,
        world.coordinator,
    )
    assert event.after == {
        "person": new_ot.pk,
        "role": "ot",
        "relationship": "",
        "start_date": "2026-10-12",
        "end_date": None,
    }
    assert event.summary == (
        "Team assignment: Nina New, Occupational therapist of Maya Lopez from "
        "Mon 12 Oct 2026, no end date"
    )
    assert event.address == "127.0.0.1"
    # Not before the first day, then from it on.
    assert not serves(new_ot, world.student)
    assert serves(new_ot, world.student, on=dt.date(2026, 10, 12))


def test_adding_refuses_the_wrong_profession_another_district_and_a_double(
    client, world, other_district
):
    _, _, _, far_ot = other_district
    log_in(client, world.coordinator)
    url = reverse("district:student_team", args=[world.student.pk])
    base = {"relationship": "", "start_date": "2026-10-12", "end_date": ""}
    response = client.post(url, {**base, "person": world.teacher.pk, "role": TeamRole.OT})
    assert response.status_code == 400
    assert (
        "Tess Teacher&#x27;s role is Teacher; choose someone whose role is "
        "Occupational therapist (OTR)." in response.content.decode()
    )
    # Someone of another district is not even on the list.
    response = client.post(url, {**base, "person": far_ot.pk, "role": TeamRole.OT})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(url, {**base, "person": world.therapist.pk, "role": TeamRole.OT})
    assert response.status_code == 400
    assert (
        "Olive Ot is already on Maya&#x27;s team as occupational therapist from Sat 1 Aug 2026. "
        "Change the dates of that assignment instead." in response.content.decode()
    )
    response = client.post(
        url, {**base, "person": world.cota.pk, "role": TeamRole.COTA, "end_date": "2026-10-01"}
    )
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.content.decode()
    assert TeamMember.objects.filter(student=world.student).count() == 4
    with pytest.raises(ValidationError) as info:
        team.add_assignment(
            actor=world.coordinator,
            student=world.student,
            person=far_ot,
            role=TeamRole.OT,
            start_date=TODAY,
        )
    assert info.value.message_dict == {
        "person": [f"{far_ot.display_name} works in another district."]
    }


def test_ending_an_assignment_ends_access_the_day_after(client, world):
    member = world.student.team.get(role=TeamRole.OT)
    log_in(client, world.coordinator)
    url = reverse("district:team_end", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"end_date": "2026-10-09"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_date == TODAY
    event = AuditEvent.objects.get(object_type="students.teammember", action="update")
    assert (event.before["end_date"], event.after["end_date"]) == (None, "2026-10-09")
    # Today, the last day, the OT still reads the record; tomorrow the student is gone.
    log_in(client, world.therapist)
    detail = reverse("students:detail", args=[world.student.pk])
    assert client.get(detail).status_code == 200
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, 0, tzinfo=CHICAGO), tick=False):
        log_in(client, world.therapist)  # a day later the sign-in itself has run out
        assert client.get(detail).status_code == 404
        assert not serves(world.therapist, world.student)
        assert world.student not in students_visible_to(world.therapist)


def test_ending_before_the_start_is_refused_in_plain_words(client, world):
    member = world.student.team.get(role=TeamRole.OT)
    log_in(client, world.coordinator)
    response = client.post(
        reverse("district:team_end", args=[member.pk]), {"end_date": "2026-07-01"}
    )
    assert response.status_code == 400
    assert "The assignment started on Sat 1 Aug 2026; end it on that day or later." in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.end_date is None


def test_changing_the_dates_of_an_assignment(client, world):
    member = world.student.team.get(role=TeamRole.COTA)
    log_in(client, world.coordinator)
    url = reverse("district:team_dates", args=[member.pk])
    response = client.post(url, {"start_date": "2026-08-01", "end_date": ""})
    assert response.status_code == 400
    assert (
        "Nothing changed: these are already the assignment&#x27;s dates."
        in response.content.decode()
    )
    response = client.post(url, {"start_date": "2026-09-01", "end_date": "2026-09-30"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.start_date, member.end_date) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    # The COTA's assignment has ended: no access today.
    log_in(client, world.cota)
    assert client.get(reverse("students:detail", args=[world.student.pk])).status_code == 404
    # The ended assignment is listed under "Ended" on the student's team page.
    log_in(client, world.coordinator)
    body = client.get(reverse("district:student_team", args=[world.student.pk])).content.decode()
    ended = body[body.index('id="ended-title"') :]
    assert "From Tue 1 Sep 2026 to Wed 30 Sep 2026" in ended


def _queries(client, url):  # type: ignore[no-untyped-def]
    """The page's queries: those of the access log apart, the others."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    audit = [q for q in captured.captured_queries if "core_auditevent" in q["sql"]]
    return len(captured.captured_queries) - len(audit), audit


def test_the_team_list_costs_the_same_queries_for_more_students(client, world):
    log_in(client, world.coordinator)
    url = reverse("district:team")
    client.get(url)
    others, audit = _queries(client, url)
    for n in range(3):
        student = f.make_student(world.school, first_name=f"Extra{n}")
        f.add_to_team(student, world.therapist, TeamRole.OT)
    more_others, more_audit = _queries(client, url)
    # PostgreSQL takes the access log's lock with one statement of its own.
    assert more_others == others == 8 + lock_statements()
    # One access-log row per student shown (1, then 4), written in one insert.
    assert AuditEvent.objects.filter(summary="Team assignments list").count() == 1 + 1 + 4
    assert len(more_audit) == len(audit)
