"""/health/ for the load balancer and monitoring: the database answers, the workers that
beat within their timeout, the jobs waiting; no sign-in, no names."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from otdesk.jobs.models import Job, WorkerBeat
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db


def test_health_counts_live_workers_and_waiting_jobs(world):
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="a", host="web1", pid=10, last_seen=now)
    WorkerBeat.objects.create(
        worker_id="b", host="web2", pid=11, last_seen=now - dt.timedelta(hours=1)
    )
    f.make_job(world.therapist, world.district, label="Progress reports for Maya")
    f.make_job(world.therapist, world.district, status=Job.Status.DONE)
    answer = Client().get("/health/")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "workers": 1, "jobs_waiting": 1}
    assert "Maya" not in answer.content.decode()
