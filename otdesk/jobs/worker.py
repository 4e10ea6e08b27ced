"""What django-tasks-db's worker lacks: a heartbeat, and recovery of a task left running
by a worker that died (with that backend a killed worker's task stays RUNNING for good).

Each `manage.py run_worker` process writes its WorkerBeat row every
OTDESK_WORKER_HEARTBEAT_SECONDS from a thread of its own, and in the same loop puts back
on the queue every RUNNING task whose worker has been silent for
OTDESK_WORKER_TIMEOUT_SECONDS (and which started before that): the task becomes READY
again and the next free worker takes it; its job counts the lost run as an attempt, and a
job that has used all its attempts fails instead, saying why.
"""

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .models import Job, WorkerBeat

logger = logging.getLogger(__name__)

# A worker's row is kept this many timeouts after its last beat (for the operator), then
# removed.
KEEP_BEATS_FOR = 20


def beat(worker_id: str) -> None:
    """This worker is alive."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "last_seen": timezone.now(),
        },
    )


def recover_stale(*, now: dt.datetime | None = None) -> int:
    """Put back on the queue the tasks whose worker stopped beating; returns how many."""
    now = now or timezone.now()
    timeout = dt.timedelta(seconds=settings.OTDESK_WORKER_TIMEOUT_SECONDS)
    cutoff = now - timeout
    alive = set(
        WorkerBeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True)
    )
    recovered = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        if row.worker_ids and row.worker_ids[-1] in alive:
            continue
        if _put_back(row, now=now):
            recovered += 1
    WorkerBeat.objects.filter(last_seen__lt=now - KEEP_BEATS_FOR * timeout).delete()
    return recovered


def _put_back(row: DBTaskResult, *, now: dt.datetime) -> bool:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(task_result_id=str(row.id)).first()
        used_up = job is not None and job.attempts >= job.max_attempts
        # Only if nobody changed the row meanwhile (another worker's recovery, a late finish).
        still = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if used_up:
            changed = still.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="otdesk.jobs.worker.WorkerLost",
                traceback="The worker running this task stopped sending its heartbeat.",
            )
        else:
            changed = still.update(status=TaskResultStatus.READY, started_at=None)
        if not changed or job is None:
            return bool(changed)
        if used_up:
            job.status = Job.Status.FAILED
            job.error = (
                f"The worker running this job stopped (attempt {job.attempts} of "
                f"{job.max_attempts}); it was not tried again."
            )
            job.finished_at = now
            job.save(update_fields=["status", "error", "finished_at"])
        else:
            job.status = Job.Status.QUEUED
            job.message = "The worker running this stopped; another worker takes it over."
            job.save(update_fields=["status", "message"])
    logger.warning("Task %s of a stopped worker %s put back", row.pk, row.worker_ids[-1:])
    return True


class Heartbeat(threading.Thread):
    """Beats and recovers every few seconds until stopped (a thread of the worker)."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                    recover_stale()
                except DatabaseError:
                    # A busy database: the next beat tries again.
                    logger.warning("Heartbeat of %s not written", self.worker_id, exc_info=True)
                self.stopped.wait(settings.OTDESK_WORKER_HEARTBEAT_SECONDS)
        finally:
            connection.close()  # this thread's own connection


class BeatingWorker(Worker):
    """django-tasks-db's Worker, with a heartbeat and recovery beside it."""

    def run(self) -> None:
        beat(self.worker_id)  # before any task is claimed: a claimed task has a live worker
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
            try:
                WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
            except DatabaseError:
                logger.warning("Could not remove the heartbeat of %s", self.worker_id)


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped once too often."""
