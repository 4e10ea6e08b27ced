"""`@job_task(kind=...)`: a function that does a job's work, registered as a django-tasks
task. The worker calls the task with the job's id; the task claims the job, runs the
function with the job and its params, and records the outcome (services.execute).

    @job_task(kind="progress.batch")
    def build_batch(job: Job, **params) -> dict:
        jobs.progress(job, done=3, total=30, message="Ana Díaz")
        return {...}

The function must be defined at module level (the queue stores its import path).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.version import PY311
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME, Task, TaskContext

from . import services
from .models import Job

JobFunction = Callable[..., Any]

# kind -> its task, so a job's kind names the code that runs it.
KINDS: dict[str, "JobTask"] = {}


@dataclass(frozen=True, slots=PY311, kw_only=True)  # type: ignore[literal-required]
class JobTask(Task[..., Any]):
    """A django-tasks Task that runs a Job: what `jobs.start(task=...)` takes."""

    kind: str = ""
    max_attempts: int = 3


def job_task(
    *, kind: str, max_attempts: int = 3, queue_name: str = DEFAULT_TASK_QUEUE_NAME
) -> Callable[[JobFunction], JobTask]:
    """Register `function(job, **params)` as the task that runs jobs of this kind."""
    if not 1 <= max_attempts <= 20:
        raise ValueError("max_attempts must be from 1 to 20.")

    def register(function: JobFunction) -> JobTask:
        if kind in KINDS and KINDS[kind].module_path != _path(function):
            raise ValueError(f"Two job tasks of the kind {kind!r}.")

        def run(context: TaskContext, job_id: int) -> Any:
            return services.execute(
                task=KINDS[kind], function=function, task_id=context.task_result.id, job_id=job_id
            )

        # The queue stores the path of `run`; it must import to the task below.
        functools.update_wrapper(run, function, assigned=("__module__", "__name__", "__qualname__"))
        del run.__wrapped__  # type: ignore[attr-defined]  # the queue checks run's own arguments
        task = JobTask(
            func=run,
            kind=kind,
            max_attempts=max_attempts,
            queue_name=queue_name,
            takes_context=True,
        )
        KINDS[kind] = task
        return task

    return register


def _path(function: JobFunction) -> str:
    return f"{function.__module__}.{function.__qualname__}"


__all__ = ["KINDS", "Job", "JobTask", "job_task"]
