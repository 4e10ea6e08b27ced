import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.jobs.tests import sample_tasks as t

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 15, 0, tzinfo=dt.UTC)


def start(world, task, label="Counting", **params):
    return jobs.start(
        task=task, owner=world.therapist, district=world.district, label=label, params=params
    )


def test_start_queues_one_task_and_run_pending_runs_it(world):
    job = start(world, t.count_students, names=t.NAMES)
    row = DBTaskResult.objects.get()
    assert job.status == Job.Status.QUEUED
    assert job.task_result_id == str(row.id)
    assert row.args_kwargs == {"args": [], "kwargs": {"job_id": job.pk}}
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.message) == (3, 3, "Finished")
    assert job.result == {"counted": 3, "attempt": 1}
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at is not None
    assert [f.name for f in job.files.all()] == ["names.txt"]
    assert bytes(job.files.get().data) == "Ana Díaz\nBen Ode\nCai Li".encode()
    assert job.files.get().content_type == "text/plain"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert jobs.run_pending() == 0


def test_retryable_waits_longer_each_time_then_succeeds(world, settings):
    settings.OTDESK_JOB_RETRY_SECONDS = 10
    with time_machine.travel(NOW, tick=False) as clock:
        job = start(world, t.flaky, succeed_on=3)
        assert jobs.run_pending() == 1
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED
        assert job.attempts == 1
        assert job.next_attempt_at == NOW + dt.timedelta(seconds=10)
        assert job.error == "The printer was busy (attempt 1)."
        retry = DBTaskResult.objects.get(pk=job.task_result_id)
        assert retry.run_after == NOW + dt.timedelta(seconds=10)
        assert DBTaskResult.objects.filter(status="FAILED").count() == 1  # the first try
        assert jobs.run_pending() == 0  # not before its time
        clock.shift(dt.timedelta(seconds=10))
        assert jobs.run_pending() == 1
        job.refresh_from_db()
        assert job.attempts == 2
        assert job.next_attempt_at == NOW + dt.timedelta(seconds=10 + 20)  # twice as long
        clock.shift(dt.timedelta(seconds=19))
        assert jobs.run_pending() == 0
        clock.shift(dt.timedelta(seconds=1))
        assert jobs.run_pending() == 1
        job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"attempt": 3}
    assert job.error == ""
    assert DBTaskResult.objects.count() == 3


def test_retryable_fails_after_max_attempts_with_the_reason(world, settings):
    settings.OTDESK_JOB_RETRY_SECONDS = 0
    job = start(world, t.flaky, succeed_on=9)
    assert jobs.run_pending() == 3
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.attempts == 3
    assert job.error == "The printer was busy (attempt 3). (tried 3 times)"
    assert job.next_attempt_at is None


def test_backoff_doubles_and_is_capped(settings):
    settings.OTDESK_JOB_RETRY_SECONDS = 30
    assert [jobs.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert jobs.backoff(30) == dt.timedelta(hours=1)


def test_plain_failure_is_shown_as_it_is_and_not_retried(world):
    job = start(world, t.broken, how="plain")
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Ana Díaz has no goals this period."
    assert job.attempts == 1
    assert DBTaskResult.objects.get().exception_class_path == "otdesk.jobs.services.JobFailed"


def test_unexpected_error_fails_the_job_naming_it(world):
    job = start(world, t.broken, how="crash")
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "Stopped by an unexpected error (ValueError: bad data). "
        "The details are in the worker's log."
    )
    assert "ValueError: bad data" in DBTaskResult.objects.get().traceback


def test_a_superseded_task_does_not_run_the_job_again(world):
    job = start(world, t.count_students, names=["A"])
    old = DBTaskResult.objects.get()
    newer = t.count_students.enqueue(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(newer.id))
    assert jobs.run_pending() == 2
    job.refresh_from_db()
    assert job.attempts == 1
    assert DBTaskResult.objects.get(pk=old.pk).return_value is None


def test_start_is_audited_and_rolled_back_with_its_transaction(world):
    from django.db import transaction

    from otdesk.core.models import AuditEvent

    with pytest.raises(RuntimeError), transaction.atomic():
        start(world, t.count_students, names=["A"])
        raise RuntimeError
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()
    job = start(world, t.count_students, label="Counting the caseload", names=["A"])
    event = AuditEvent.objects.get(object_id=str(job.pk), action="create")
    assert event.summary == "Started: Counting the caseload"


@pytest.mark.parametrize("name", ["", ".hidden", "a/b.pdf", "a\\b", "tab\there", "x" * 121])
def test_bad_file_names_are_refused(world, name):
    job = start(world, t.count_students, names=["A"])
    with pytest.raises(ValidationError):
        jobs.save_file(job, name, b"x")


def test_saving_a_file_again_replaces_it(world):
    job = start(world, t.count_students, names=["A"])
    jobs.save_file(job, "Ana Díaz.pdf", b"one")
    jobs.save_file(job, "Ana Díaz.pdf", b"two!")
    stored = job.files.get()
    assert (bytes(stored.data), stored.size, stored.content_type) == (
        b"two!",
        4,
        "application/pdf",
    )


def test_progress_writes_only_what_it_is_given(world):
    job = start(world, t.count_students, names=["A"])
    jobs.progress(job, done=2, total=5, message="Ana")
    jobs.progress(job, done=3)
    job.refresh_from_db()
    assert (job.done, job.total, job.message) == (3, 5, "Ana")
    assert timezone.now()
