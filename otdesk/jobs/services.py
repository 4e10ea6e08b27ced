"""Jobs: start one, report its progress, keep the files it makes; the worker's side of a
job (claim, run, done / failed / tried again later) and run_pending, which runs the queue
here and now (tests, commands).

Starting a job is audited (a person asked for it). The worker's own writes (claimed,
progress, done, failed, waiting to try again) are bookkeeping of the machine: single-row
updates without an audit event, as the district plan runs do.

The queue's row is written in the same transaction as the job: it lives in the same
database, so a worker sees both when the transaction commits and neither if it rolls back
(an enqueue after commit could be lost to a crash between the two).
"""

import datetime as dt
import logging
import mimetypes
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import in_district_zone
from otdesk.core.limits import REASON_CHARS
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District

from .models import FILE_NAME_CHARS, MESSAGE_CHARS, Job, JobFile

if TYPE_CHECKING:
    from .tasks import JobFunction, JobTask

logger = logging.getLogger(__name__)

Status = Job.Status
BACKOFF_CAP = dt.timedelta(hours=1)
IN_PROCESS = "in-process"  # the worker id of run_pending


class Retryable(Exception):
    """A failure worth trying again later (a busy service, a lock): the job waits, longer
    each time, up to its max_attempts; the message is shown while it waits."""


class JobFailed(Exception):
    """A failure to show as it is, in plain words ("Ana Díaz has no goals this period")."""


# Starting, progress and files ----------------------------------------------------------


def start(
    *,
    task: "JobTask",
    owner: User,
    district: District | None,
    label: str,
    params: dict[str, Any] | None = None,
    total: int = 0,
    max_attempts: int | None = None,
) -> Job:
    """A job for `owner`, queued for the workers once the caller's transaction commits."""
    with transaction.atomic():
        job = Job(
            kind=task.kind,
            owner=owner,
            district=district,
            label=label,
            params=params or {},
            total=total,
            max_attempts=max_attempts or task.max_attempts,
        )
        job.full_clean()
        job.save()
        queued = task.enqueue(job_id=job.pk)
        job.task_result_id = str(queued.id)
        job.save(update_fields=["task_result_id"])
        record_event(
            user=owner,
            action=AuditEvent.Action.CREATE,
            obj=job,
            student_id=None,
            summary=f"Started: {label}",
        )
    return job


def progress(
    job: Job, *, done: int | None = None, total: int | None = None, message: str | None = None
) -> None:
    """How far the job is ("3 of 30 — Ana Díaz"); the job's page polls it."""
    changes: dict[str, Any] = {}
    if done is not None:
        changes["done"] = max(0, done)
    if total is not None:
        changes["total"] = max(0, total)
    if message is not None:
        changes["message"] = message[:MESSAGE_CHARS]
    if not changes:
        return
    Job.objects.filter(pk=job.pk).update(**changes)
    for name, value in changes.items():
        setattr(job, name, value)


def check_file_name(name: str) -> str:
    """A file name people can download: no folders, no hidden or control characters."""
    if (
        not name
        or len(name) > FILE_NAME_CHARS
        or name.startswith(".")
        or any(c in name for c in '/\\:*?"<>|')
        or any(unicodedata.category(c).startswith("C") for c in name)
    ):
        raise ValidationError(f"{name!r} cannot be the name of a file.")
    return name


def save_file(job: Job, name: str, data: bytes, *, content_type: str = "") -> JobFile:
    """Keep a file the job made (again under the same name replaces it)."""
    check_file_name(name)
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored, _ = JobFile.objects.update_or_create(
        job=job,
        name=name,
        defaults={"content_type": kind, "data": bytes(data), "size": len(data)},
    )
    return stored


# The worker's side -----------------------------------------------------------------------


def execute(*, task: "JobTask", function: "JobFunction", task_id: str, job_id: int) -> Any:
    """Run one job in a worker (the body of every @job_task). A Retryable failure queues
    the job again with back-off; any other failure fails it with its reason. The
    exception goes on to the queue's row, which keeps the traceback."""
    job = _claim(job_id, str(task_id))
    if job is None:
        return None  # finished, or superseded by a newer task of the same job
    try:
        with _job_zone(job):
            result = function(job, **job.params)
    except Retryable as exc:
        _retry_or_fail(job, task, str(exc) or "A failure worth trying again.")
        raise
    except JobFailed as exc:
        _fail(job, str(exc))
        raise
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            f"Stopped by an unexpected error ({type(exc).__name__}: {exc}). "
            "The details are in the worker's log.",
        )
        raise
    except BaseException:
        # The worker is being stopped (a second Ctrl+C): another worker takes the job.
        _again(job, task, when=timezone.now(), reason="The worker was stopped.")
        raise
    _finish(job, result)
    return result


def _claim(job_id: int, task_id: str) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.task_result_id and job.task_result_id != task_id:
            return None
        job.status = Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or timezone.now()
        job.next_attempt_at = None
        job.save(update_fields=["status", "attempts", "started_at", "next_attempt_at"])
    return job


@contextmanager
def _job_zone(job: Job) -> Iterator[None]:
    """A worker has no request: a district's job runs in the district's time zone."""
    if job.district_id is None:
        yield
        return
    district = District.objects.get(pk=job.district_id)
    with in_district_zone(district):
        yield


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the attempts-th failure: the base, then twice that, and so on."""
    base = dt.timedelta(seconds=settings.OTDESK_JOB_RETRY_SECONDS)
    return min(BACKOFF_CAP, base * 2 ** max(0, attempts - 1))


def _retry_or_fail(job: Job, task: "JobTask", reason: str) -> None:
    if job.attempts >= job.max_attempts:
        _fail(job, f"{reason} (tried {job.attempts} times)")
        return
    _again(job, task, when=timezone.now() + backoff(job.attempts), reason=reason)


def _again(job: Job, task: "JobTask", *, when: dt.datetime, reason: str) -> None:
    """Queue the job again, to run from `when`."""
    with transaction.atomic():
        queued = task.using(run_after=when).enqueue(job_id=job.pk)
        job.status = Status.QUEUED
        job.next_attempt_at = when
        job.task_result_id = str(queued.id)
        job.error = reason[:REASON_CHARS]
        job.save(update_fields=["status", "next_attempt_at", "task_result_id", "error"])


def _fail(job: Job, reason: str) -> None:
    job.status = Status.FAILED
    job.error = reason[:REASON_CHARS]
    job.finished_at = timezone.now()
    job.next_attempt_at = None
    job.save(update_fields=["status", "error", "finished_at", "next_attempt_at"])


def _finish(job: Job, result: Any) -> None:
    job.status = Status.DONE
    job.result = result
    job.error = ""
    job.finished_at = timezone.now()
    if job.total:
        job.done = job.total
    job.save(update_fields=["status", "result", "error", "finished_at", "done"])


# Running the queue here (tests, commands) ------------------------------------------------


def run_pending(*, limit: int = 1000) -> int:
    """Run every task that is ready now in this process, one after another, including
    those a task queues while running (a retry with no wait); returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=IN_PROCESS,
        excluded_queue_names=[],
    )
    count = 0
    while count < limit:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(ready.db):
            row = ready.get_locked()
            if row is not None:
                row.claim(IN_PROCESS)
        if row is None:
            break
        worker.run_task(row)
        count += 1
    return count
