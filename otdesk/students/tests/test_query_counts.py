"""The team queue and the student page cost the same number of queries
for one row as for many (the family portal's: family/tests/test_portal.py)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.activities.models import Activity, HomeProgram
from otdesk.students.models import Concern, StrategyRequest, TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
N = 4


@pytest.fixture(autouse=True)
def on_a_friday():
    when = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with time_machine.travel(when, tick=False):
        yield


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def queue_items(world, student):
    """A strategy due, an open concern and a parent's open request for the student."""
    strategy = f.make_strategy(student, iep_status="agreed", next_review_date=dt.date(2026, 10, 1))
    Concern.objects.create(student=student, raised_by=world.teacher, text="Grip slips")
    StrategyRequest.objects.create(
        student=student, strategy=strategy, text="Please add it", requested_by=world.parent
    )


def test_team_queue_queries_do_not_grow_with_the_rows(client, world):
    client.force_login(world.therapist)
    queue_items(world, world.student)
    one, html = queries_for(client, reverse("students:team_queue"))
    assert "New concerns (1)" in html
    for _ in range(N - 1):
        student = f.make_student(world.school)
        f.add_to_team(student, world.therapist, TeamRole.OT)
        queue_items(world, student)
    many, html = queries_for(client, reverse("students:team_queue"))
    assert (f"New concerns ({N})" in html, f"Parents’ requests ({N})" in html) == (True, True)
    assert many == one


def home_program(world, student):
    program = HomeProgram.objects.create(student=student, created_by=world.therapist)
    program.activities.set(Activity.objects.filter(key="buttons"))


def fill_record(world):
    """More of everything the student page lists: goals, lines, strategies, concerns,
    team members, aide programs and home programs."""
    student = world.student
    f.make_goal(world.iep, description="Another goal")
    f.make_line(world.iep, minutes=15)
    f.make_strategy(student, description="Slant board")
    Concern.objects.create(student=student, raised_by=world.teacher, text="Tires quickly")
    f.add_to_team(student, f.make_user(Role.SPECIALIST, world.district), TeamRole.SPECIALIST)
    home_program(world, student)
    Concern.objects.create(student=student, raised_by=world.teacher, text="Drops the pencil")


def test_student_page_queries_do_not_grow_with_the_record(client, world):
    client.force_login(world.therapist)
    url = reverse("students:detail", args=[world.student.pk])
    home_program(world, world.student)
    one, _ = queries_for(client, url)
    for _ in range(N):
        fill_record(world)
    many, html = queries_for(client, url)
    assert html.count("Drops the pencil") == N
    assert many == one
