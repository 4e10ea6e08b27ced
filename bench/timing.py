"""Timing one URL with the Django test client: median, p95 and SQL queries per request,
after one warm-up request (shared by the page and API benchmarks)."""

import statistics
import time
from typing import Any


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Any, url: str, repeats: int) -> dict[str, Any]:
    """{"median", "p95" (ms), "queries", "response"} of `repeats` GETs of url, and "first"
    (ms): the warm-up GET before them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t0 = time.perf_counter()
    client.get(url)  # warm caches and templates (and the fidelity report's stored figures)
    first = (time.perf_counter() - t0) * 1000
    times = []
    queries = 0
    response = None
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        queries = len(captured)
    return {
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
        "queries": queries,
        "response": response,
        "first": first,
    }


def prepare_district_bench() -> Any:
    """The command line of a district-size benchmark (--students, --repeats), Django set
    up on a fresh data directory (or DATABASE_URL), migrated, with the demo district (60
    students) as the baseline."""
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("OTDESK_DATA_DIR", tempfile.mkdtemp(prefix="otdesk-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from otdesk.demo.generate import generate_demo

    call_command("migrate", verbosity=0)
    generate_demo(seed=2026, today=timezone.localdate(), students=60)
    return args
