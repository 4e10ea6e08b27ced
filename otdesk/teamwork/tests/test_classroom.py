"""The teacher's page (issue 12, point 14): strategies with their next review (overdue
marked) and a one-tap "in place today", OT in the room this week, raising a concern, and
the consultation notes about the teacher's students, never session notes."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery import services as delivery
from otdesk.students.models import TeamRole
from otdesk.teamwork.models import StrategyCheck
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
PAGE = reverse("teamwork:classroom")


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@pytest.fixture
def strategy(world):
    return world.student.strategies.get()


def confirm_url(strategy):
    return reverse("teamwork:confirm_strategy", args=[strategy.pk])


def test_the_teacher_lands_on_their_page(client, world):
    sign_in(client, world.teacher)
    assert client.get(reverse("home"))["Location"] == PAGE


def test_strategies_with_their_next_review_and_overdue_marked(client, world, strategy):
    f.make_strategy(
        world.student, description="Wiggle cushion", next_review_date=dt.date(2026, 12, 1)
    )
    sign_in(client, world.teacher)
    response = client.get(PAGE)
    assert response.status_code == 200
    [item] = response.context["strategies"]
    assert item.student == world.student
    assert [(r.strategy.description, r.review.status, r.review.words) for r in item.rows] == [
        ("Triangular pencil grip", "overdue", "Overdue by 15 days"),
        ("Wiggle cushion", "ok", ""),
    ]
    body = response.content.decode()
    assert "Overdue by 15 days" in body
    assert reverse("students:concern_new", args=[world.student.pk]) in body


def test_in_place_today_is_one_tap_audited_and_once_a_day(client, world, strategy):
    sign_in(client, world.teacher)
    response = client.post(confirm_url(strategy))
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#strategy-{strategy.pk}"
    check = StrategyCheck.objects.get()
    assert (check.strategy, check.date, check.confirmed_by) == (
        strategy,
        dt.date(2026, 10, 9),
        world.teacher,
    )
    event = AuditEvent.objects.get(object_type="teamwork.strategycheck")
    assert (event.user, event.action, event.student_id) == (
        world.teacher,
        "create",
        world.student.pk,
    )
    assert event.summary == "In place on Fri 9 Oct 2026: Triangular pencil grip"
    client.post(confirm_url(strategy))
    assert StrategyCheck.objects.count() == 1
    body = client.get(PAGE).content.decode()
    assert "In place today, confirmed" in body


def test_who_may_confirm_a_strategy(client, world, strategy):
    other_teacher = f.make_user(Role.TEACHER, world.district, username="other-teacher")
    for user, status in [
        (world.therapist, 403),  # sees the student; the teacher confirms
        (world.cota, 403),
        (world.coordinator, 403),  # reads the district
        (other_teacher, 404),
        (world.outsider, 404),
        (world.parent, 404),
        (world.aide, 404),
    ]:
        sign_in(client, user)
        assert client.post(confirm_url(strategy)).status_code == status, user
    assert StrategyCheck.objects.count() == 0


def test_the_page_is_the_teachers_alone(client, world):
    for user in (world.therapist, world.coordinator, world.parent, world.aide):
        sign_in(client, user)
        assert client.get(PAGE).status_code == 404
    client.logout()
    assert client.get(PAGE).status_code == 302


def test_another_teacher_sees_none_of_the_students(client, world):
    other_teacher = f.make_user(Role.TEACHER, world.district, username="other-teacher")
    sign_in(client, other_teacher)
    response = client.get(PAGE)
    assert response.context["strategies"] == []
    assert "Maya" not in response.content.decode()


def test_ot_sessions_in_the_room_this_week(client, world):
    f.make_planned(world.therapist, world.school, [world.student], weekday=1, start=dt.time(10))
    others = f.make_student(world.school, first_name="Zed", last_name="Other")
    f.add_to_team(others, world.therapist, TeamRole.OT)
    in_room = f.make_planned(world.therapist, world.school, [others], weekday=3, start=dt.time(13))
    in_room.classroom = world.student.classroom
    in_room.save()
    sign_in(client, world.teacher)
    response = client.get(PAGE)
    [week] = response.context["weeks"]
    assert week.classroom_id == world.student.classroom_id
    sessions = [(day.date, card.time, card.lines[1]) for day in week.days for card in day.cards]
    assert sessions == [
        (dt.date(2026, 10, 6), "10:00–10:30", "Maya L."),
        (dt.date(2026, 10, 8), "13:00–13:30", "1 other student"),
    ]
    body = response.content.decode()
    assert "Zed" not in body and "Other" not in body.replace("other student", "")


def test_consultation_notes_about_the_teachers_students_and_no_session_notes(client, world):
    delivery.log_consultation(
        actor=world.therapist,
        date=dt.date(2026, 10, 7),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student],
        discussed="Slant board at the writing centre.",
        follow_up="Check the grip again in two weeks.",
    )
    f.make_session(
        world.therapist,
        world.school,
        [world.student],
        date=dt.date(2026, 10, 6),
        subjective="Private session note text.",
    )
    sign_in(client, world.teacher)
    body = client.get(PAGE).content.decode()
    assert "Slant board at the writing centre." in body
    assert "Check the grip again in two weeks." in body
    assert "Private session note text." not in body


def test_a_shared_consultation_names_only_the_teachers_students(client, world):
    zed = f.make_student(world.school, first_name="Zed", last_name="Elsewhere")
    f.make_line(
        f.make_iep(zed),
        kind="consultation",
        delivery_model="consultation",
        minutes=60,
        period="month",
    )
    f.add_to_team(zed, world.therapist, TeamRole.OT)
    delivery.log_consultation(
        actor=world.therapist,
        date=dt.date(2026, 10, 7),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student, zed],
        discussed="Zed and Maya both need a slant board.",
    )
    sign_in(client, world.teacher)
    response = client.get(PAGE)
    [(_, seen)] = response.context["consultations"]
    assert ([r.student for r in seen.rows], seen.hidden) == ([world.student], 1)
    body = response.content.decode()
    assert "Zed" not in body and "Elsewhere" not in body
    assert "and 1 other student (not named)" in body


def test_reading_the_page_is_in_the_access_log(client, world):
    sign_in(client, world.teacher)
    client.get(PAGE)
    events = AuditEvent.objects.filter(action="view")
    assert list(events.values_list("user", "student_id", "summary")) == [
        (world.teacher.pk, world.student.pk, "Teacher's page: strategies and consultations")
    ]


def test_the_page_costs_the_same_queries_for_more_students(client, world):
    sign_in(client, world.teacher)
    client.get(PAGE)  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        client.get(PAGE)
    for n in range(3):
        student = f.make_student(world.school, world.student.classroom, first_name=f"Kid{n}")
        f.make_strategy(student)
    with CaptureQueriesContext(connection) as second:
        client.get(PAGE)
    # The access log writes one event per student shown; everything else stays fixed.
    assert len(reads(second)) == len(reads(first))
    assert AuditEvent.objects.filter(action="view").count() == 1 + 1 + 4


def reads(captured):
    return [q["sql"] for q in captured.captured_queries if "core_auditevent" not in q["sql"]]


def test_the_therapist_sees_the_confirmations_when_reviewing(client, world, strategy):
    history = reverse("students:strategy_history", args=[world.student.pk, strategy.pk])
    review = reverse("students:strategy_review", args=[world.student.pk, strategy.pk])
    sign_in(client, world.therapist)
    assert "No teacher has confirmed it in place yet." in client.get(history).content.decode()
    StrategyCheck.objects.create(
        strategy=strategy, date=dt.date(2026, 10, 8), confirmed_by=world.teacher
    )
    sign_in(client, world.teacher)
    client.post(confirm_url(strategy))
    sign_in(client, world.therapist)
    words = "The teacher confirmed it in place on 2 days; last on Fri 9 Oct 2026 (Tess Teacher)."
    assert words in client.get(history).content.decode()
    assert words in client.get(review).content.decode()
