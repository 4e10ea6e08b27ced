"""Long work done by the task queue (django-tasks with the django-tasks-db backend): the
job a person started and watches (Job), the files it made (JobFile) and the heartbeat of
each worker process (WorkerBeat), by which a task left running by a dead worker is found.

The queue's own row (django_tasks_db's DBTaskResult) says which worker runs the task; the
Job says what the person sees: progress, the result, the reason it failed, the files.
"""

from django.conf import settings
from django.db import models

from otdesk.core.dates import nice_moment
from otdesk.core.limits import REASON_CHARS, text_limit
from otdesk.schools.models import District

LABEL_CHARS = 200
MESSAGE_CHARS = 200
FILE_NAME_CHARS = 120


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="jobs"
    )
    label = models.CharField(max_length=LABEL_CHARS)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=MESSAGE_CHARS, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(
        blank=True, max_length=REASON_CHARS, validators=text_limit(REASON_CHARS)
    )
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=3)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="job_at_least_one_attempt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def retry_words(self) -> str:
        """'Trying again after Tue 15 Sep 2026, 14:05' for a job waiting after a failure."""
        if self.next_attempt_at is None:
            return ""
        return f"Trying again after {nice_moment(self.next_attempt_at)}"


class JobFile(models.Model):
    """A file a job made, kept in the database (the queue needs no shared disk)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=FILE_NAME_CHARS)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["job", "name"], name="job_file_name_unique")]

    def __str__(self) -> str:
        return self.name


class WorkerBeat(models.Model):
    """A worker process (`manage.py run_worker`) says it is alive every few seconds."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} (pid {self.pid})"
