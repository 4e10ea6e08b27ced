"""The activity library costs the same number of queries however many activities and
caseload goals it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.activities import services
from otdesk.activities.models import Activity
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
N = 5


def own_activity(world, n):
    activity = Activity(
        name=f"Own activity {n}",
        materials="paper",
        instructions="Fold it.",
        easier="Bigger paper.",
        harder="Smaller paper.",
        at_home=True,
    )
    services.save_activity(actor=world.therapist, activity=activity, areas=["fine_motor"])


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize("search", ["", "?area=fine_motor&setting=home&q=own"])
def test_library_queries_do_not_grow_with_the_activities(client, world, search):
    client.force_login(world.therapist)
    url = reverse("activities:library") + search
    own_activity(world, 0)
    one, html = queries_for(client, url)
    for n in range(1, N):
        own_activity(world, n)
        student = f.make_student(world.school)
        f.make_goal(f.make_iep(student), description=f"Goal {n}")
        f.add_to_team(student, world.therapist, TeamRole.OT)
    many, html = queries_for(client, url)
    assert html.count("Own activity") == N
    assert many == one
