"""Requests per second of a therapist's Caseload page under gunicorn, against the smallest
Django view on the same server in the same run (how much of the framework's ceiling the
page keeps), on the district at scale. Loopback only; bounded in time.

    python -m bench.gunicorn_rps [--students 5000] [--seconds 10] [--clients 4] [--workers 2]

gunicorn comes with `pip install -e '.[bench]'` (`make bench` installs it).
"""

import argparse
import http.client
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.sections import write_section

PORT = 8765


def hammer(path: str, cookie: str, seconds: float, clients: int) -> dict[str, Any]:
    """`clients` keep-alive connections asking for path for `seconds`: requests per second,
    the median and p95 of the answers' times, and any answer that was not 200."""
    stop = time.perf_counter() + seconds
    times: list[float] = []
    bad: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, wrong = [], []
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            answer = conn.getresponse()
            answer.read()
            mine.append(time.perf_counter() - t0)
            if answer.status != 200:
                wrong.append(answer.status)
        conn.close()
        with lock:
            times.extend(mine)
            bad.extend(wrong)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - started
    ordered = sorted(times)
    return {
        "rps": len(times) / took,
        "median": statistics.median(times) * 1000,
        "p95": ordered[round(0.95 * (len(ordered) - 1))] * 1000,
        "requests": len(times),
        "errors": len(bad),
        "statuses": set(bad),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        sys.exit("gunicorn is not installed: pip install -e '.[bench]' (make bench does it).")
    data = tempfile.mkdtemp(prefix="otdesk-rps-")
    env = {
        **os.environ,
        "OTDESK_DATA_DIR": data,
        "DJANGO_SETTINGS_MODULE": "bench.rps.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same in the server, for the cookie
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from otdesk.demo.scale import generate_district

    call_command("migrate", verbosity=0)
    scale = generate_district(students=args.students, today=timezone.localdate())
    therapist = scale.caseloads[0].therapist
    session = SessionStore()
    session["_auth_user_id"] = str(therapist.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = therapist.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "bench.rps.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        for path in ("/bench/hello/", "/caseload/"):
            hammer(path, cookie, 1, 1)  # warm every worker
        hello = hammer("/bench/hello/", cookie, args.seconds, args.clients)
        caseload = hammer("/caseload/", cookie, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)

    from bench.__main__ import machine

    share = caseload["rps"] / hello["rps"]
    rows = [("Smallest Django view `/bench/hello/`", hello), ("Caseload `/caseload/`", caseload)]
    lines = [
        "## Caseload page under gunicorn (requests per second)",
        "",
        f"`python -m bench.gunicorn_rps --students {args.students} --seconds {args.seconds:g} "
        f"--clients {args.clients} --workers {args.workers}`; {machine()}. gunicorn with "
        f"{args.workers} sync workers on loopback, {args.clients} keep-alive clients in the "
        "same machine (they share its cores), the therapist of 50 students in the district "
        "at scale, signed in.",
        "",
        "| what | requests/s | median ms | p95 ms | requests | errors |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['rps']:.0f} | {r['median']:.1f} | {r['p95']:.1f} | "
            f"{r['requests']:,} | {r['errors']} |"
        )
    if caseload["errors"] or hello["errors"]:
        sys.exit(f"Answers other than 200: {caseload['statuses'] | hello['statuses']}")
    lines += ["", f"The Caseload page keeps **{share:.0%}** of the framework's ceiling here."]
    text = "\n".join(lines)
    write_section("gunicorn", text)
    print(text)


if __name__ == "__main__":
    main()
