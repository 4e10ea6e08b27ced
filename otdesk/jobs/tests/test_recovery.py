"""Recovery of a task left RUNNING by a worker that stopped beating, in this process (the
real thing, with two worker processes and a kill, is test_workers.py)."""

import datetime as dt

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job, WorkerBeat
from otdesk.jobs.services import _claim
from otdesk.jobs.tests import sample_tasks as t
from otdesk.jobs.worker import beat, recover_stale

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 15, 0, tzinfo=dt.UTC)


def started_by_dead_worker(world, worker_id="dead", max_attempts=3):
    """A job whose task a worker claimed and began, then the worker vanished."""
    job = jobs.start(
        task=t.count_students,
        owner=world.therapist,
        district=world.district,
        label="Counting",
        params={"names": ["A", "B"]},
        max_attempts=max_attempts,
    )
    beat(worker_id)
    with exclusive_transaction():
        row = DBTaskResult.objects.get()
        row.claim(worker_id)
    _claim(job.pk, job.task_result_id)
    return job, row


def test_a_dead_workers_task_goes_back_to_the_queue_and_counts_an_attempt(world, settings):
    settings.OTDESK_WORKER_TIMEOUT_SECONDS = 30
    with time_machine.travel(NOW, tick=False) as clock:
        job, row = started_by_dead_worker(world)
        clock.shift(dt.timedelta(seconds=29))
        assert recover_stale() == 0  # still within the timeout
        clock.shift(dt.timedelta(seconds=2))
        assert recover_stale() == 1
        row.refresh_from_db()
        job.refresh_from_db()
        assert row.status == "READY"
        assert job.status == Job.Status.QUEUED
        assert job.message == "The worker running this stopped; another worker takes it over."
        assert recover_stale() == 0  # once only
        assert jobs.run_pending() == 1
    job.refresh_from_db()
    row.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.attempts == 2
    assert job.result == {"counted": 2, "attempt": 2}
    assert row.worker_ids == ["dead", "in-process"]


def test_a_task_of_a_worker_still_beating_is_left_alone(world, settings):
    settings.OTDESK_WORKER_TIMEOUT_SECONDS = 30
    with time_machine.travel(NOW, tick=False) as clock:
        _job, row = started_by_dead_worker(world, worker_id="alive")
        clock.shift(dt.timedelta(minutes=5))
        beat("alive")  # a long task, but its worker is alive
        assert recover_stale() == 0
        row.refresh_from_db()
        assert row.status == "RUNNING"


def test_a_job_whose_worker_died_too_often_fails_saying_so(world, settings):
    settings.OTDESK_WORKER_TIMEOUT_SECONDS = 30
    with time_machine.travel(NOW, tick=False) as clock:
        job, row = started_by_dead_worker(world, max_attempts=1)
        clock.shift(dt.timedelta(seconds=31))
        assert recover_stale() == 1
    job.refresh_from_db()
    row.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "The worker running this job stopped (attempt 1 of 1); it was not tried again."
    )
    assert row.status == "FAILED"
    assert jobs.run_pending() == 0


def test_old_heartbeats_are_removed(settings):
    settings.OTDESK_WORKER_TIMEOUT_SECONDS = 30
    with time_machine.travel(NOW, tick=False) as clock:
        beat("old")
        clock.shift(dt.timedelta(minutes=11))
        beat("new")
        recover_stale()
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["new"]
    assert WorkerBeat.objects.get().last_seen == NOW + dt.timedelta(minutes=11)
