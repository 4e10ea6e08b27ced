"""Time the caseload dashboard and the district compliance table.

Run one size per process (each gets its own fresh SQLite database):
    python -m bench.compliance --students 60 --json out.json
`make bench` (bench/__main__.py) runs both sizes and writes bench/RESULTS.md.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()

    os.environ["OTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="otdesk-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from otdesk.accounts.models import User
    from otdesk.delivery.compliance import ComplianceSource
    from otdesk.delivery.queries import compliance_rows, lines_in_force
    from otdesk.demo.generate import generate_demo
    from otdesk.students.models import Student

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    today = timezone.localdate()
    generate_demo(seed=2026, today=today, students=args.students)
    generate_seconds = time.perf_counter() - started

    client = Client()
    therapist = User.objects.get(username="ot.alvarez")
    coordinator = User.objects.get(username="coord.davis")

    def timed(user: User, url: str) -> dict[str, float]:
        client.force_login(user)
        client.get(url)  # warm caches and templates
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return {
            "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 0.95),
            "queries": len(ctx.captured_queries),
        }

    def baseline_district() -> dict[str, float]:
        """The naive way: one compliance source (and its queries) per service line."""
        district = coordinator.district
        students = Student.objects.filter(school__district=district, active=True)
        times, queries = [], 0
        for _ in range(max(3, args.repeats // 3)):
            reset_queries()
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                lines = lines_in_force(students, today)
                for line in lines:
                    source = ComplianceSource(
                        district=district,
                        lines=[line],
                        first=today - dt.timedelta(days=400),
                        last=today + dt.timedelta(days=400),
                        today=today,
                    )
                    source.current(line)
            times.append((time.perf_counter() - t0) * 1000)
            queries = len(ctx.captured_queries)
        return {
            "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 0.95),
            "queries": queries,
        }

    def batched_district() -> dict[str, float]:
        district = coordinator.district
        students = Student.objects.filter(school__district=district, active=True)
        times, queries = [], 0
        for _ in range(max(3, args.repeats // 3)):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                compliance_rows(district=district, students=students, today=today)
            times.append((time.perf_counter() - t0) * 1000)
            queries = len(ctx.captured_queries)
        return {
            "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 0.95),
            "queries": queries,
        }

    from otdesk.delivery.models import Session
    from otdesk.students.permissions import served_students

    def library_search() -> dict[str, float]:
        """Finding activities for a student's goal that work in class, as the page does."""
        from otdesk.activities.queries import find_activities
        from otdesk.students.models import Goal

        goal = Goal.objects.filter(iep__student__in=served_students(therapist)).first()
        url = f"/activities/?goal={goal.pk}&setting=class" if goal else "/activities/"
        page = timed(therapist, url)
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            find_activities(therapist, setting="class", goals=[goal] if goal else [])
            times.append((time.perf_counter() - t0) * 1000)
        return {
            "page_median_ms": page["median_ms"],
            "page_p95_ms": page["p95_ms"],
            "page_queries": page["queries"],
            "query_median_ms": statistics.median(times),
            "query_p95_ms": percentile(times, 0.95),
        }

    result = {
        "students": Student.objects.count(),
        "caseload": served_students(therapist).count(),
        "sessions": Session.objects.count(),
        "generate_seconds": generate_seconds,
        "dashboard": timed(therapist, "/minutes/"),
        "district_page": timed(coordinator, "/district/minutes/"),
        "district_rows_batched": batched_district(),
        "district_rows_per_line_baseline": baseline_district(),
        "library_search": library_search(),
        "repeats": args.repeats,
    }
    with open(args.json, "w") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
