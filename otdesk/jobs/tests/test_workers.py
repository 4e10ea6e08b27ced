"""Two real worker processes (`manage.py run_worker`) on one database; the one running a
slow job is killed with SIGKILL in the middle, and the other finishes it.

The workers need the test database itself: on PostgreSQL it is shared already (the
workers get its name in DATABASE_URL); SQLite's test database lives in this process's
memory, so it is copied to a file in a temporary data directory, which this process and
the workers then use.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connections
from django_tasks_db.models import DBTaskResult

from otdesk.accounts.models import Role
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job, WorkerBeat
from otdesk.jobs.tests import sample_tasks as t
from otdesk.testing import factories as f

PROJECT = Path(__file__).resolve().parents[3]
WORKER_SETTINGS = {
    "OTDESK_WORKER_HEARTBEAT_SECONDS": "1",
    "OTDESK_WORKER_TIMEOUT_SECONDS": "3",
}


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a worker process that reaches this test's database."""
    conn = connections["default"]
    env = {**os.environ, **WORKER_SETTINGS, "PYTHONUNBUFFERED": "1"}
    if conn.vendor == "postgresql":
        s = conn.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{quote(s['USER'])}:{quote(s['PASSWORD'])}@{s['HOST'] or 'localhost'}"
            f":{s['PORT'] or 5432}/{quote(s['NAME'])}"
        )
        yield env
        return
    assert conn.vendor == "sqlite"
    path = tmp_path / "otdesk.sqlite3"  # the data directory's database (settings.py)
    conn.ensure_connection()
    copy = sqlite3.connect(path)
    conn.connection.backup(copy)
    copy.close()
    memory, name = conn.connection, conn.settings_dict["NAME"]
    conn.connection = None  # kept open below: closing it would drop the in-memory database
    conn.settings_dict["NAME"] = str(path)
    env.pop("DATABASE_URL", None)
    env["OTDESK_DATA_DIR"] = str(tmp_path)
    try:
        yield env
    finally:
        conn.close()
        conn.settings_dict["NAME"] = name
        conn.connection = memory


def wait_for(what: str, check: Callable[[], Any], *, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"Waited {seconds} s for {what}")


def start_worker(env: dict[str, str], worker_id: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--worker-id",
            worker_id,
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped whole, whatever it started
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 10 s; always waited for, so it holds no connection."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_the_other_worker_finishes_the_job_of_a_killed_worker(shared_database, tmp_path):
    district = f.make_district()
    owner = f.make_user(Role.OT, district, username="ot")
    workers = {
        name: start_worker(shared_database, name, tmp_path / f"{name}.log")
        for name in ("worker-a", "worker-b")
    }
    try:
        wait_for(
            "both workers to beat",
            lambda: WorkerBeat.objects.filter(worker_id__in=workers).count() == 2,
            seconds=30,
        )
        job = jobs.start(
            task=t.slow,
            owner=owner,
            district=district,
            label="Slow",
            params={"steps": 12, "pause": 0.25},
        )
        row = DBTaskResult.objects.get(pk=job.task_result_id)
        wait_for(
            "the job to be half-way",
            lambda: Job.objects.filter(pk=job.pk, status="running", done__gte=2).exists(),
            seconds=15,
        )
        row.refresh_from_db()
        victim = row.worker_ids[-1]
        survivor = next(name for name in workers if name != victim)
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait(timeout=10)
        row.refresh_from_db()
        assert row.status == "RUNNING"  # stays so for good without recovery

        wait_for(
            "the other worker to finish the job",
            lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
            seconds=20,
        )
        job.refresh_from_db()
        row.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        assert job.attempts == 2
        assert job.result == {"files": 0, "attempt": 2}
        assert (job.done, job.total) == (12, 12)
        assert row.status == "SUCCESSFUL"
        assert row.worker_ids == [victim, survivor]
        assert workers[survivor].poll() is None  # still serving
    finally:
        for process in workers.values():
            stop(process)
    assert not WorkerBeat.objects.filter(worker_id=survivor).exists()  # removed on stop
