"""Aide programs: who sees them, implementation logs, training, monitoring and versions."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.programs import services
from otdesk.programs.models import AideProgram, ImplementationLog, ProgramVersion
from otdesk.programs.permissions import programs_visible_to
from otdesk.programs.queries import program_rows
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 9)


@pytest.fixture(autouse=True)
def on_a_friday():
    when = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with time_machine.travel(when, tick=False):
        yield


@pytest.fixture
def program(world):
    program = services.create_program(
        actor=world.therapist,
        student=world.student,
        title="Hand warm-up",
        activities="Theraputty hide-and-find\nClothespin pinch",
        instructions="Sit at the desk\nHide 5 beads\nTime 5 minutes",
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date(2026, 9, 21),
        goals=list(world.iep.goals.all()),
    )
    services.assign_implementer(
        actor=world.therapist, program=program, person=world.aide, start_date=dt.date(2026, 9, 21)
    )
    return program


def test_aide_sees_only_programs_assigned_to_them(client, world, program):
    other_student = f.make_student(world.school)
    f.make_iep(other_student)
    f.add_to_team(other_student, world.therapist, TeamRole.OT)
    hidden = services.create_program(
        actor=world.therapist,
        student=other_student,
        title="Not yours",
        activities="a",
        instructions="b",
        times_per_week=2,
        minutes_each=5,
        start_date=TODAY,
    )
    assert list(programs_visible_to(world.aide)) == [program]
    client.force_login(world.aide)
    html = client.get(reverse("programs:list")).content.decode()
    assert "Hand warm-up" in html and "Not yours" not in html
    assert client.get(reverse("programs:detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("programs:detail", args=[program.pk])).status_code == 200
    # Assigned people read and log; they do not change the program.
    assert client.get(reverse("programs:revise", args=[program.pk])).status_code == 403
    for persona in ("outsider", "teacher", "parent"):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("programs:detail", args=[program.pk])).status_code == 404
    sign_in(client, world.coordinator)
    assert client.get(reverse("programs:detail", args=[program.pk])).status_code == 200
    assert client.get(reverse("programs:check", args=[program.pk])).status_code == 403


def test_aide_logs_done_in_one_tap_and_not_done_with_a_reason(client, world, program):
    client.force_login(world.aide)
    url = reverse("programs:log", args=[program.pk])
    response = client.post(url, {"date": "2026-10-09", "done": "yes", "minutes": "10"})
    assert response.status_code == 302
    log = ImplementationLog.objects.get()
    assert (log.implementer, log.done, log.minutes) == (world.aide, True, 10)
    assert "Logged today" in client.get(reverse("programs:list")).content.decode()
    response = client.post(url, {"date": "2026-10-08", "done": "no"})
    assert response.status_code == 400
    assert "Say why it was not done today." in response.content.decode()
    response = client.post(url, {"date": "2026-10-08", "done": "yes"})
    assert "Say how many minutes it took." in response.content.decode()
    assert ImplementationLog.objects.count() == 1


def test_training_needs_an_assigned_trainee(world, program):
    with pytest.raises(ValidationError) as info:
        services.record_training(
            actor=world.therapist,
            program=program,
            trainee=world.teacher,
            kind="modeling",
            date=TODAY,
            minutes=20,
        )
    assert info.value.message_dict == {
        "trainee": ["Assign this person to the program before training them."]
    }
    event = services.record_training(
        actor=world.therapist,
        program=program,
        trainee=world.aide,
        kind="competency",
        date=TODAY,
        minutes=15,
        signed_off=True,
    )
    assert (event.trainer, event.signed_off) == (world.therapist, True)


def test_monitoring_with_new_steps_keeps_the_old_version(world, program):
    check = services.record_monitoring(
        actor=world.therapist,
        program=program,
        date=TODAY,
        minutes=15,
        observation="Aide skips the timer.",
        fidelity=3,
        changes="Added a visual timer",
        new_instructions="Sit at the desk\nHide 5 beads\nSet the visual timer for 5 minutes",
        version=1,
    )
    program.refresh_from_db()
    assert (check.fidelity, program.version) == (3, 2)
    assert program.steps[-1] == "Set the visual timer for 5 minutes"
    old = ProgramVersion.objects.get()
    assert (old.number, old.instructions, old.change_note) == (
        1,
        "Sit at the desk\nHide 5 beads\nTime 5 minutes",
        "Added a visual timer",
    )
    with pytest.raises(ValidationError) as info:
        services.record_monitoring(
            actor=world.therapist,
            program=program,
            date=TODAY,
            minutes=15,
            observation="x",
            fidelity=7,
        )
    assert info.value.message_dict == {"fidelity": ["Rate fidelity from 1 to 5."]}


def test_flags_programs_without_recent_implementation_or_monitoring(world, program):
    [row] = program_rows(AideProgram.objects.all(), TODAY)
    assert row.flags == ["Never carried out yet"]  # started 18 days ago; monitoring not yet due
    services.log_implementation(
        actor=world.aide, program=program, date=dt.date(2026, 9, 30), done=True, minutes=10
    )
    [row] = program_rows(AideProgram.objects.all(), TODAY)
    assert row.flags == ["No implementation logged in 9 days"]
    services.log_implementation(
        actor=world.aide, program=program, date=TODAY, done=True, minutes=10
    )
    [row] = program_rows(AideProgram.objects.all(), dt.date(2026, 10, 30))
    assert row.flags == ["No implementation logged in 21 days", "Never monitored yet"]


def test_program_list_query_count_is_constant(client, world, program):
    client.force_login(world.therapist)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("programs:list")).status_code == 200
    for n in range(10):
        student = f.make_student(world.school)
        f.make_iep(student)
        f.add_to_team(student, world.therapist, TeamRole.OT)
        made = services.create_program(
            actor=world.therapist,
            student=student,
            title=f"P{n}",
            activities="a",
            instructions="b",
            times_per_week=2,
            minutes_each=5,
            start_date=TODAY,
        )
        services.log_implementation(
            actor=world.therapist, program=made, date=TODAY, done=True, minutes=5
        )
    with CaptureQueriesContext(connection) as eleven:
        html = client.get(reverse("programs:list")).content.decode()
    assert html.count("work-item") == 11
    assert len(eleven.captured_queries) == len(one.captured_queries)


def test_therapist_creates_a_program_through_the_form(client, world):
    client.force_login(world.therapist)
    url = reverse("programs:new") + f"?student={world.student.pk}"
    assert client.post(url, {"title": ""}).status_code == 400
    assert AideProgram.objects.count() == 0
    response = client.post(
        url,
        {
            "title": "Seating check",
            "activities": "Feet flat",
            "instructions": "Check feet",
            "times_per_week": "5",
            "minutes_each": "2",
            "start_date": "2026-10-09",
        },
    )
    assert response.status_code == 302
    created = AideProgram.objects.get()
    assert (created.created_by, response.url) == (
        world.therapist,
        reverse("programs:detail", args=[created.pk]),
    )
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_assigning_someone_outside_the_roles_is_refused(world, program):
    parent = world.parent
    with pytest.raises(ValidationError) as info:
        services.assign_implementer(
            actor=world.therapist, program=program, person=parent, start_date=TODAY
        )
    assert info.value.message_dict == {"person": ["Choose an aide, behaviorist or teacher."]}
    assert world.aide.role == Role.AIDE


def test_assigning_again_does_not_move_the_start(world, program):
    with pytest.raises(ValidationError) as info:
        services.assign_implementer(
            actor=world.therapist, program=program, person=world.aide, start_date=TODAY
        )
    assert info.value.message_dict == {
        "person": [f"{world.aide.display_name} already carries out this program."]
    }
    assert list(programs_visible_to(world.aide)) == [program]


def test_someone_whose_assignment_ended_is_assigned_again_from_the_new_start(world, program):
    assignment = program.assignments.get(person=world.aide)
    assignment.end_date = dt.date(2026, 9, 30)
    assignment.save()
    assert list(programs_visible_to(world.aide)) == []
    again = services.assign_implementer(
        actor=world.therapist, program=program, person=world.aide, start_date=TODAY
    )
    assert (again.pk, again.start_date, again.end_date) == (assignment.pk, TODAY, None)
    assert list(programs_visible_to(world.aide)) == [program]
