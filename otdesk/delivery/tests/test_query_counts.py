"""Today, the weekly plan and the consultations list read in a fixed number of queries:
one row or many, the count stays the same."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.delivery import services
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
MON = dt.date(2026, 10, 5)


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def more_students(world, count: int) -> list:
    students = []
    for n in range(count):
        student = f.make_student(world.school, first_name=f"Kid{n:02d}", last_name="Many")
        iep = f.make_iep(student)
        f.make_line(iep, minutes=30)
        f.make_line(
            iep, kind="consultation", delivery_model="consultation", minutes=60, period="month"
        )
        f.make_strategy(student)
        f.add_to_team(student, world.therapist, TeamRole.OT)
        students.append(student)
    return students


def week_of_plans(world, students: list, first_hour: int) -> None:
    """A planned pair each weekday: Monday's logged, Tuesday's missed, the rest to do."""
    room = f.make_classroom(world.school)
    for weekday in range(5):
        planned = f.make_planned(
            world.therapist,
            world.school,
            students,
            weekday=weekday,
            start=dt.time(first_hour, 0),
            classroom=room,
        )
        day = MON + dt.timedelta(days=weekday)
        if weekday == 0:
            f.make_session(world.therapist, world.school, students, date=day, planned=planned)
        elif weekday == 1:
            services.record_missed_session(
                actor=world.therapist,
                students=students,
                date=day,
                minutes=30,
                reason="provider_pulled",
                planned=planned,
            )


def test_today_reads_in_fixed_queries(world, client):
    client.force_login(world.therapist)
    url = reverse("delivery:week")
    week_of_plans(world, [world.student], first_hour=8)
    one = queries(client, url)
    for hour, pair in zip((9, 10, 11), (0, 2, 4), strict=True):
        week_of_plans(world, more_students(world, 6)[pair : pair + 2], first_hour=hour)
    many = queries(client, url)
    assert many == one
    assert "Kid" in client.get(url).content.decode()


def test_the_weekly_plan_reads_in_fixed_queries(world, client):
    client.force_login(world.therapist)
    url = reverse("delivery:plan")
    week_of_plans(world, [world.student], first_hour=8)
    one = queries(client, url)
    for hour in (9, 10, 11):
        week_of_plans(world, more_students(world, 2), first_hour=hour)
    assert queries(client, url) == one


def consult(world, students: list) -> None:
    services.log_consultation(
        actor=world.therapist,
        date=MON,
        minutes=20,
        with_whom=["teacher", "aide"],
        method="in_person",
        students=students,
        strategies=[s.strategies.first() for s in students if s.strategies.exists()],
        discussed="Seating and breaks.",
    )


def test_the_consultations_list_reads_in_fixed_queries(world, client):
    client.force_login(world.therapist)
    url = reverse("delivery:consultations")
    consult(world, [world.student])
    one = queries(client, url)
    students = more_students(world, 6)
    for pair in (0, 2, 4):
        consult(world, students[pair : pair + 2])
    assert queries(client, url) == one
