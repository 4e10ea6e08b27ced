import re

import pytest
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.jobs import services as jobs
from otdesk.jobs.tests import sample_tasks as t
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.fixture
def job(world):
    made = jobs.start(
        task=t.count_students,
        owner=world.therapist,
        district=world.district,
        label="Progress reports, Quarter 2",
        params={"names": t.NAMES},
        total=30,
    )
    jobs.progress(made, done=3, message="Ana Díaz")
    return made


def test_running_job_polls_and_shows_the_bar_and_the_count(client, world, job):
    sign_in(client, world.therapist)
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'hx-get="/jobs/{job.pk}/"' in body
    assert 'hx-trigger="every 1s"' in body
    assert f'<progress id="job-bar-{job.pk}" max="30" value="3"' in body
    assert "3 of 30 — Ana Díaz" in text(response)
    assert "<h1>Progress reports, Quarter 2</h1>" in body


def test_a_poll_gets_only_the_progress_part(client, world, job):
    sign_in(client, world.therapist)
    response = client.get(reverse("jobs:detail", args=[job.pk]), **HTMX)
    body = response.content.decode()
    assert body.strip().startswith(f'<div id="job-{job.pk}"')
    assert "<html" not in body


def test_finished_job_stops_polling_and_links_its_files(client, world, job):
    jobs.run_pending()
    sign_in(client, world.therapist)
    response = client.get(reverse("jobs:detail", args=[job.pk]), **HTMX)
    body = response.content.decode()
    assert "hx-get" not in body
    assert 'max="3" value="3"' in body
    assert f'href="/jobs/{job.pk}/files/names.txt"' in body
    assert "3 of 3 — Finished" in text(response)


def test_failed_job_names_the_reason(client, world):
    failing = jobs.start(
        task=t.broken,
        owner=world.therapist,
        district=world.district,
        label="Reports",
        params={"how": "plain"},
    )
    jobs.run_pending()
    sign_in(client, world.therapist)
    response = client.get(reverse("jobs:detail", args=[failing.pk]))
    assert "Failed: Ana Díaz has no goals this period." in text(response)
    assert "hx-get" not in response.content.decode()


def test_waiting_job_says_when_it_tries_again(client, world, settings):
    settings.OTDESK_JOB_RETRY_SECONDS = 600
    waiting = jobs.start(
        task=t.flaky,
        owner=world.therapist,
        district=world.district,
        label="Reports",
        params={"succeed_on": 2},
    )
    jobs.run_pending()
    sign_in(client, world.therapist)
    shown = text(client.get(reverse("jobs:detail", args=[waiting.pk])))
    assert "The last try did not work: The printer was busy (attempt 1). Trying again after" in (
        shown
    )


def test_file_download_is_an_attachment_and_audited(client, world, job):
    jobs.run_pending()
    sign_in(client, world.therapist)
    response = client.get(reverse("jobs:file", args=[job.pk, "names.txt"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="names.txt"'
    assert response.content == "Ana Díaz\nBen Ode\nCai Li".encode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.user == world.therapist
    assert event.summary == "Downloaded names.txt made by the job Progress reports, Quarter 2"
    assert client.get(reverse("jobs:file", args=[job.pk, "other.txt"])).status_code == 404


def test_coordinator_of_the_district_sees_the_job_others_get_404(client, world, job):
    jobs.run_pending()
    sign_in(client, world.coordinator)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("jobs:file", args=[job.pk, "names.txt"])).status_code == 200
    elsewhere = f.make_user(Role.COORDINATOR, f.make_district(name="Elsewhere"), username="c2")
    for person in (world.outsider, world.cota, world.parent, elsewhere):
        client.logout()
        sign_in(client, person)
        for url in (
            reverse("jobs:detail", args=[job.pk]),
            reverse("jobs:file", args=[job.pk, "names.txt"]),
        ):
            response = client.get(url)
            assert response.status_code == 404, (person.username, url)
            assert b"Ana" not in response.content


def test_list_shows_own_jobs_and_the_coordinator_the_district(client, world, job):
    mine = f.make_job(world.outsider, world.district, label="Outsider job")
    sign_in(client, world.therapist)
    shown = text(client.get(reverse("jobs:list")))
    assert "Progress reports, Quarter 2" in shown and "Outsider job" not in shown
    client.logout()
    sign_in(client, world.coordinator)
    shown = text(client.get(reverse("jobs:list")))
    assert "Progress reports, Quarter 2" in shown and mine.label in shown


def test_list_queries_do_not_grow_with_jobs(client, world, django_assert_max_num_queries):
    sign_in(client, world.therapist)
    f.make_job(world.therapist, world.district)
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("jobs:list"))
    for _ in range(5):
        f.make_job(world.therapist, world.district)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("jobs:list"))
