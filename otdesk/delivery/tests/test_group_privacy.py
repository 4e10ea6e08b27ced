"""A group session or consultation shows nobody the name or data of a student they do not
serve (issue 12, point 6): the other students are counted, never named, and the shared
note is read only by its author and by those who may read every student in it."""

import datetime as dt

import pytest
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.delivery import services
from otdesk.delivery.models import GoalData
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db

NOTE = "Both worked on scissor skills; Noah needed hand-over-hand help."


@pytest.fixture
def group(world):
    """Olive's group session with Maya (whom the COTA also serves) and Noah (whom only
    Olive serves), with goal data for Noah and a shared note."""
    noah = f.make_student(world.school, first_name="Noah", last_name="Quill")
    iep = f.make_iep(noah)
    f.make_line(iep, minutes=30)
    goal = f.make_goal(iep)
    f.add_to_team(noah, world.therapist, TeamRole.OT)
    session = f.make_session(world.therapist, world.school, [world.student, noah], subjective=NOTE)
    noah_record = session.attendees.get(student=noah)
    GoalData.objects.create(record=noah_record, goal=goal, trials=10, correct=7)
    return session, noah


def page(client, user, session):
    client.force_login(user)
    return client.get(reverse("delivery:session", args=[session.pk]))


def test_the_provider_sees_every_student_their_data_and_the_note(client, world, group):
    session, _ = group
    response = page(client, world.therapist, session)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maya Lopez" in body and "Noah Quill" in body
    assert "7 of 10 correct" in body
    assert NOTE in body
    assert "not on your caseload" not in body


def test_a_cota_serving_one_student_sees_only_that_student(client, world, group):
    session, _ = group
    response = page(client, world.cota, session)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maya Lopez" in body
    assert "Noah" not in body
    assert "Quill" not in body
    assert "7 of 10 correct" not in body
    assert NOTE not in body
    assert response.context["hidden"] == 1
    assert [a.student for a in response.context["attendees"]] == [world.student]
    assert (
        "One other student in this group is not on your caseload, so their name and data "
        "are not shown." in body
    )
    assert "only its author and the therapists who serve every student" in body


def test_a_cota_serving_every_student_reads_the_note(client, world, group):
    session, noah = group
    f.add_to_team(noah, world.cota, TeamRole.COTA)
    body = page(client, world.cota, session).content.decode()
    assert "Noah Quill" in body and NOTE in body and "7 of 10 correct" in body


def test_an_outsider_gets_404_and_the_cota_403_on_the_note(client, world, group):
    session, _ = group
    assert page(client, world.outsider, session).status_code == 404
    client.force_login(world.cota)
    response = client.post(reverse("delivery:note", args=[session.pk]), {"subjective": "x"})
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.subjective == NOTE


def test_a_shared_consultation_names_only_the_viewers_students(client, world, group):
    _, noah = group
    log = services.log_consultation(
        actor=world.therapist,
        date=dt.date(2026, 9, 14),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student, noah],
        discussed="Seating for Noah and Maya.",
    )
    url = reverse("delivery:consultation", args=[log.pk])
    client.force_login(world.cota)
    body = client.get(url).content.decode()
    assert "Maya Lopez" in body
    assert "Noah" not in body and "Seating for" not in body
    assert "and one other student you do not serve or teach (not named)" in body
    client.force_login(world.therapist)
    body = client.get(url).content.decode()
    assert "Noah Quill" in body and "Seating for Noah and Maya." in body


def test_a_teacher_reads_consultations_about_their_students_only(client, world):
    log = services.log_consultation(
        actor=world.therapist,
        date=dt.date(2026, 9, 14),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student],
        discussed="Try the slant board at the writing centre.",
    )
    url = reverse("delivery:consultation", args=[log.pk])
    client.force_login(world.teacher)
    response = client.get(url)
    assert response.status_code == 200
    assert "Try the slant board at the writing centre." in response.content.decode()
    other_teacher = f.make_user(Role.TEACHER, world.district, username="other-teacher")
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    client.force_login(world.aide)
    assert client.get(url).status_code == 404
