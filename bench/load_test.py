"""Concurrency without loss: `clients` therapists' scripts (locust) log sessions and
consultations through the API for `seconds` against gunicorn on loopback, sending calls
again with their Idempotency-Key as a careful client does (a lost answer, a 503 busy);
then the count check: every accepted write stored exactly once, no server error.

    python -m bench.load_test [--clients 50] [--seconds 60] [--workers 4] [--students 1000]

SQLite by default (a fresh data directory); set DATABASE_URL for PostgreSQL: that
database is emptied first. locust and gunicorn come with `pip install -e '.[bench]'`
(`make bench` installs them). Exits 1 when a check fails.
"""

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.sections import write_section

PORT = 8766
ROOT = Path(__file__).resolve().parents[1]
MARK = "Load test"  # the activities / discussed text of every write the clients make


def school_days(district: Any, today: dt.date, n: int) -> list[str]:
    from otdesk.delivery.queries import last_school_day

    days: list[str] = []
    day = today
    while len(days) < n:
        day = last_school_day(district, day)
        days.append(day.isoformat())
        day -= dt.timedelta(days=1)
    return days


def prepare(students: int, out: Path) -> dict[str, Any]:
    """Migrate, empty, make the district and a write token for each therapist; the plan
    the clients read."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from otdesk.api.services import create_token
    from otdesk.demo.scale import generate_district

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    today = timezone.localdate()
    scale = generate_district(students=students, today=today, sessions=students * 5)
    therapists = []
    for caseload in scale.caseloads:
        _, plain = create_token(actor=caseload.therapist, name="Load test", scope="write", days=30)
        therapists.append(
            {"token": plain, "students": [[s.pk, s.school_id] for s in caseload.students]}
        )
    plan = {"therapists": therapists, "days": school_days(scale.district, today, 10)}
    (out / "plan.json").write_text(json.dumps(plan))
    return {**plan, "scale": scale}


def serve(env: dict[str, str], workers: int, threads: int) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "otdesk.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def answers(out: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(out.glob("client-*.jsonl")):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line]
    return rows


def check(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The count check against the database. Each stored write is one key's (the key
    table says which); each accepted key's write is stored, with the id its answer gave;
    a call the run's end cut off (sent, no answer) may be stored, once at most."""
    from otdesk.core.models import IdempotencyKey
    from otdesk.delivery.models import ConsultationLog, Session

    answered = [row for row in rows if row["status"]]
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for row in rows:
        kinds[row["key"]] = row["kind"]
        if row["status"]:
            by_key[row["key"]].append(row)
    statuses = Counter(row["status"] for row in answered)
    kept = {
        key: result.get("id")
        for key, result in IdempotencyKey.objects.filter(key__in=list(kinds)).values_list(
            "key", "result"
        )
    }
    stored = {
        "session": list(Session.objects.filter(activities=MARK).values_list("pk", flat=True)),
        "consultation": list(
            ConsultationLog.objects.filter(discussed=MARK).values_list("pk", flat=True)
        ),
    }
    result: dict[str, Any] = {
        "calls": len(answered),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(n for s, n in statuses.items() if s >= 500 and s != 503),
        "busy": statuses.get(503, 0),
        "repeats": sum(max(len(c) - 1, 0) for c in by_key.values()),
        "cut_off": sum(1 for key in kinds if key not in by_key),
    }
    for kind in ("session", "consultation"):
        keys = [key for key, k in kinds.items() if k == kind]
        accepted = {}
        mismatched = 0
        for key in keys:
            ids = {c["id"] for c in by_key.get(key, []) if c["status"] == 201}
            if ids:
                accepted[key] = min(ids)
                mismatched += len(ids) > 1 or kept.get(key) != min(ids)
        ids = stored[kind]
        of_keys = Counter(kept[key] for key in keys if key in kept)
        result[kind] = {
            "accepted": len(accepted),
            "stored": len(ids),
            "lost": len(set(accepted.values()) - set(ids)),
            "twice": len(ids) - len(set(ids)) + sum(n - 1 for n in of_keys.values() if n > 1),
            "unasked": len(set(ids) - set(of_keys)),
            "mismatched": mismatched,
            "cut_off_stored": sum(1 for key in keys if key not in accepted and key in kept),
        }
    return result


def timings(out: Path) -> dict[str, float]:
    with (out / "stats_stats.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return {
                    "median": float(row["Median Response Time"]),
                    "p95": float(row["95%"]),
                    "rps": float(row["Requests/s"]),
                }
    return {"median": 0.0, "p95": 0.0, "rps": 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    locust = Path(sys.executable).parent / "locust"
    if not locust.exists():
        sys.exit("locust is not installed: pip install -e '.[bench]' (make bench does it).")
    data = Path(tempfile.mkdtemp(prefix="otdesk-load-"))
    out = data / "answers"
    out.mkdir()
    env = {
        **os.environ,
        "OTDESK_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "otdesk.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "OTDESK_LOAD_PLAN": str(out / "plan.json"),
        "OTDESK_LOAD_OUT": str(out),
    }
    os.environ.update(env)
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    plan = prepare(args.students, out)
    server = serve(env, args.workers, args.threads)
    # The task queue at work meanwhile: two workers make the district's weekly plans.
    from django.conf import settings

    from bench.plan_workers import start_workers
    from bench.plan_workers import stop as stop_workers
    from otdesk.scheduling.models import PlanRun
    from otdesk.scheduling.services import runs

    queue = start_workers(env, 2, data)
    settings.OTDESK_PLAN_RUN_SHARES = 2
    began = time.perf_counter()
    scale = plan["scale"]
    run = runs.start_run(district=scale.district, actor=scale.coordinator, seconds_per_plan=2)
    try:
        subprocess.run(
            [
                str(locust),
                "-f",
                str(ROOT / "bench" / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.clients),
                "--spawn-rate",
                str(args.clients),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(out / "stats"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
            check=False,  # locust exits 1 when any answer was a failure: the check says why
            timeout=args.seconds + 120,
        )
        while PlanRun.objects.get(pk=run.pk).finished_at is None:
            if time.perf_counter() - began > args.seconds + 600:
                break
            time.sleep(0.5)
        made = PlanRun.objects.get(pk=run.pk)
        plans_took = (
            (made.finished_at - made.created_at).total_seconds() if made.finished_at else None
        )
        plans_done = made.items.filter(status="done").count()
        plans_total = made.items.count()
    finally:
        server.terminate()
        server.wait(timeout=30)
        stop_workers(queue)
    found = check(answers(out))
    speed = timings(out)
    shutil.rmtree(data, ignore_errors=True)

    from bench.__main__ import machine

    s, c = found["session"], found["consultation"]
    ok = (
        plans_took is not None
        and found["server_errors"] == 0
        and all(
            k["lost"] == 0
            and k["unasked"] == 0
            and k["twice"] == 0
            and k["mismatched"] == 0
            and k["stored"] == k["accepted"] + k["cut_off_stored"]
            for k in (s, c)
        )
    )
    lines = [
        f"## Concurrent writes without loss ({engine})",
        "",
        f"`python -m bench.load_test --clients {args.clients} --seconds {args.seconds} "
        f"--workers {args.workers} --threads {args.threads} --students {args.students}` on "
        f"{engine}; {machine().replace('SQLite', engine)}. locust on loopback, "
        f"{args.clients} clients at once (each a script of one of the district's "
        f"{len(plan['therapists'])} therapists, a call every 0.05–0.3 s), gunicorn with "
        f"{args.workers} workers × {args.threads} threads. One call in five is sent again "
        "with the same Idempotency-Key (a lost answer); a 503 (busy) is sent again too.",
        "",
        "| | sessions | consultations |",
        "|---|---|---|",
        f"| writes accepted (201) | {s['accepted']:,} | {c['accepted']:,} |",
        f"| rows stored | {s['stored']:,} | {c['stored']:,} |",
        f"| accepted but not stored (lost) | {s['lost']} | {c['lost']} |",
        f"| stored twice, or without a key that asked for it | {s['twice'] + s['unasked']} | "
        f"{c['twice'] + c['unasked']} |",
        f"| answer's id not the one stored for its key | {s['mismatched']} | {c['mismatched']} |",
        f"| cut off by the run's end (no answer), stored once | {s['cut_off_stored']} | "
        f"{c['cut_off_stored']} |",
        "",
        f"{found['calls']:,} calls in all ({speed['rps']:.0f} a second; median "
        f"{speed['median']:.0f} ms, p95 {speed['p95']:.0f} ms), answers "
        + ", ".join(f"{n:,} × {status}" for status, n in found["statuses"].items())
        + f"; {found['repeats']:,} repeats of a call with its key, each answered with the "
        f"first call's record; server errors: **{found['server_errors']}**; busy (503, sent "
        f"again): {found['busy']}. Check: "
        + ("**every accepted write stored exactly once**." if ok else "**FAILED**."),
        "",
        f"Meanwhile two task-queue workers (`run_worker` processes) made the district's weekly "
        f"plans in two shares: {plans_done} of {plans_total} plans "
        + (f"in {plans_took:.0f} s." if plans_took is not None else "**not finished**."),
    ]
    text = "\n".join(lines)
    write_section(f"load-{engine.lower()}", text)
    print(text)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
