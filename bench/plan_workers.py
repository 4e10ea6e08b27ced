"""A district's weekly plans spread over task-queue workers: the same run (a plan for each
of the district's therapists) made by 1 worker and by 2 (separate `manage.py run_worker`
processes, as on separate machines), each making one plan at a time, against the time of
(plans ÷ workers) plans measured in the same run.

    python -m bench.plan_workers [--therapists 100] [--seconds 2] [--workers 1,2]

SQLite by default (a fresh data directory); set DATABASE_URL for PostgreSQL (that
database is emptied first).
"""

import argparse
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.sections import write_section

ROOT = Path(__file__).resolve().parents[1]


def start_workers(env: dict[str, str], n: int, logs: Path) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--worker-id",
                f"bench-{i}",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env={**env, "OTDESK_PLANS_AT_ONCE": "1"},
            stdout=(logs / f"worker-{i}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for i in range(n)
    ]


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for process in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in workers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def one_round(scale: Any, workers: int, seconds: int, env: dict[str, str], logs: Path) -> dict:
    from django.conf import settings

    from otdesk.scheduling.models import PlanRun
    from otdesk.scheduling.services import runs

    settings.OTDESK_PLAN_RUN_SHARES = workers
    processes = start_workers(env, workers, logs)
    try:
        time.sleep(3)  # the workers start
        began = time.perf_counter()
        run = runs.start_run(
            district=scale.district, actor=scale.coordinator, seconds_per_plan=seconds
        )
        while True:
            run = PlanRun.objects.get(pk=run.pk)
            if run.finished_at is not None:
                break
            if time.perf_counter() - began > 3600:
                sys.exit("The run did not finish within an hour.")
            time.sleep(0.2)
        took = time.perf_counter() - began
    finally:
        stop(processes)
    items = list(run.items.all())
    durations = [(i.finished_at - i.started_at).total_seconds() for i in items if i.started_at]
    return {
        "workers": workers,
        "plans": len(items),
        "done": sum(i.status == "done" for i in items),
        "took": took,
        "median": statistics.median(durations),
        "shares": len({i.claimed_by for i in items}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--therapists", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=2, help="search time of each plan")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="otdesk-plans-"))
    env = {
        **os.environ,
        "OTDESK_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "otdesk.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    os.environ.update(env)
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from otdesk.demo.scale import generate_district

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    students = args.therapists * 50
    scale = generate_district(students=students, today=timezone.localdate(), sessions=students)
    rounds = [one_round(scale, int(n), args.seconds, env, data) for n in args.workers.split(",")]
    shutil.rmtree(data, ignore_errors=True)

    from bench.__main__ import machine

    single = next((r for r in rounds if r["workers"] == 1), rounds[0])
    lines = [
        f"## A district's weekly plans over task-queue workers ({engine})",
        "",
        f"`python -m bench.plan_workers --therapists {args.therapists} --seconds "
        f"{args.seconds} --workers {args.workers}`; {machine().replace('SQLite', engine)}. "
        f"One run: a plan for each of the {single['plans']} therapists (50 students each), "
        f"CP-SAT for up to {args.seconds} s a plan; each worker a separate `run_worker` "
        "process making one plan at a time (`OTDESK_PLANS_AT_ONCE=1`), the run split in as "
        "many shares (`OTDESK_PLAN_RUN_SHARES`). The target is the time of (plans ÷ workers) "
        "plans, from the median plan of the same round.",
        "",
        "| workers | plans made | shares that made them | run took | median plan | "
        "(plans ÷ workers) × median | against the target | against 1 worker |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rounds:
        target = r["plans"] / r["workers"] * r["median"]
        lines.append(
            f"| {r['workers']} | {r['done']} of {r['plans']} | {r['shares']} | "
            f"{r['took']:.1f} s | {r['median']:.2f} s | {target:.1f} s | "
            f"{r['took'] / target:.2f}× | {r['took'] / single['took']:.2f}× |"
        )
    text = "\n".join(lines)
    write_section(f"plan-workers-{engine.lower()}", text)
    print(text)


if __name__ == "__main__":
    main()
