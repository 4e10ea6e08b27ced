"""Job tasks for the tests (the workers import them by path, as they would a real one)."""

import time
from typing import Any

from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job, JobFile
from otdesk.jobs.tasks import job_task

NAMES = ["Ana Díaz", "Ben Ode", "Cai Li"]


@job_task(kind="tests.count")
def count_students(job: Job, *, names: list[str], pause: float = 0.0) -> dict[str, Any]:
    for i, name in enumerate(names):
        jobs.progress(job, done=i, total=len(names), message=name)
        time.sleep(pause)
    jobs.progress(job, done=len(names), message="Finished")
    jobs.save_file(job, "names.txt", "\n".join(names).encode())
    return {"counted": len(names), "attempt": job.attempts}


@job_task(kind="tests.flaky", max_attempts=3)
def flaky(job: Job, *, succeed_on: int) -> dict[str, Any]:
    """Fails worth-retrying until its succeed_on-th attempt."""
    if job.attempts < succeed_on:
        raise jobs.Retryable(f"The printer was busy (attempt {job.attempts}).")
    return {"attempt": job.attempts}


@job_task(kind="tests.broken")
def broken(job: Job, *, how: str) -> None:
    if how == "plain":
        raise jobs.JobFailed("Ana Díaz has no goals this period.")
    raise ValueError("bad data")


@job_task(kind="tests.slow")
def slow(job: Job, *, steps: int, pause: float) -> dict[str, Any]:
    """Slow enough to be killed in the middle."""
    for i in range(steps):
        jobs.progress(job, done=i, total=steps, message=f"Step {i + 1}")
        time.sleep(pause)
    return {"files": JobFile.objects.filter(job=job).count(), "attempt": job.attempts}
